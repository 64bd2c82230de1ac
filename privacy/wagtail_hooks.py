"""Personal-data requests (UU 27/2022) in the Wagtail admin (/admin/data-pribadi/)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal.admin_menu import RestrictedMenuItem
from privacy import admin_views
from privacy.admin_views import can_handle


@hooks.register("register_admin_urls")
def personal_data_urls():
    return [
        path("data-pribadi/", admin_views.request_list, name="privacy_data_requests"),
        path("data-pribadi/<int:pk>/", admin_views.request_detail, name="privacy_data_request"),
        path("data-pribadi/<int:pk>/<slug:action>/", admin_views.request_handle, name="privacy_data_request_handle"),
    ]


@hooks.register("register_admin_menu_item")
def personal_data_menu_item():
    return RestrictedMenuItem(
        _("Hak data pribadi"),
        reverse("privacy_data_requests"),
        shown_to=can_handle,
        icon_name="lock",
        order=160,
        name="data-pribadi",
    )
