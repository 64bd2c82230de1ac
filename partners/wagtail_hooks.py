from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu

from partners import admin_views
from portal import roles
from portal.admin_menu import RestrictedMenuItem, RestrictedSubmenuMenuItem

admin_urlpatterns = [
    path("", admin_views.batch_list, name="batches"),
    path("batch/<int:pk>/", admin_views.batch_detail, name="batch"),
    path("batch/<int:pk>/ekspor/", admin_views.batch_export, name="batch-export"),
    path("batch/<int:pk>/<str:action>/", admin_views.batch_change, name="batch-change"),
    path("ekspor/", admin_views.export_list, name="exports"),
    path("ekspor/<int:pk>/", admin_views.export_detail, name="export"),
    path("ekspor/<int:pk>/status/", admin_views.export_status, name="export-status"),
    path("ekspor/<int:pk>/unduh/<str:kind>/", admin_views.export_download, name="export-download"),
    path("kanal/", admin_views.channel_list, name="channels"),
    path("kanal/<int:pk>/", admin_views.channel_edit, name="channel"),
    path("kanal/<int:pk>/token/", admin_views.channel_rotate_token, name="channel-token"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("mitra/", include((admin_urlpatterns, "partners_admin")))]


def is_curator(user) -> bool:
    return roles.has_any_role(user, *admin_views.CURATORS)


@hooks.register("register_admin_menu_item")
def register_partners_menu():
    submenu = Menu(
        items=[
            RestrictedMenuItem(
                _("Batch kurasi"), reverse("partners_admin:batches"), shown_to=is_curator, icon_name="list-ul", order=10
            ),
            RestrictedMenuItem(
                _("Ekspor"), reverse("partners_admin:exports"), shown_to=is_curator, icon_name="download", order=20
            ),
            RestrictedMenuItem(
                _("Kanal dan token"),
                reverse("partners_admin:channels"),
                shown_to=is_curator,
                icon_name="site",
                order=30,
            ),
        ]
    )
    return RestrictedSubmenuMenuItem(_("Mitra"), submenu, shown_to=is_curator, icon_name="group", order=300)
