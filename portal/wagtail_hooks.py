from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import admin_views
from portal.admin_menu import RestrictedMenuItem
from portal.models import Opd


# Wagtail's release notes and editor guide are English pages about Wagtail; staff keep the shortcuts.
WAGTAIL_HELP_ITEMS_HIDDEN = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def hide_wagtail_help(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_ITEMS_HIDDEN)]


@hooks.register("register_admin_urls")
def verification_urls():
    return [
        path("verifikasi/", admin_views.queue, name="portal_verification_queue"),
        path("verifikasi/<int:pk>/", admin_views.review, name="portal_verification_review"),
        path("verifikasi/dokumen/<int:pk>/", admin_views.document, name="portal_verification_document"),
        path("verifikasi/sertifikat/<int:pk>/periksa/", admin_views.certification_check,
             name="portal_verification_certification_check"),
    ]


@hooks.register("register_admin_menu_item")
def verification_menu_item():
    return RestrictedMenuItem(
        _("Verifikasi usaha"), reverse("portal_verification_queue"), shown_to=admin_views.can_verify,
        icon_name="tasks", order=150, name="verifikasi-usaha",
    )


class VerificationQueuePanel(Component):
    """The counter's work first on the admin home: how many registrations wait, the oldest few
    with a link to review each (two queries whatever the queue's length)."""

    name = "verification_queue"
    order = 10
    template_name = "portal/admin/home_queue_panel.html"
    shown = 5

    def get_context_data(self, parent_context):
        from portal.selectors import verification_queue

        waiting = verification_queue()
        return {"count": waiting.count(), "oldest": list(waiting[:self.shown]),
                "queue_url": reverse("portal_verification_queue")}


@hooks.register("construct_homepage_panels")
def verification_queue_panel(request, panels):
    if admin_views.can_verify(request.user):
        panels.append(VerificationQueuePanel())


class OpdViewSet(SnippetViewSet):
    model = Opd
    icon = "site"
    menu_label = _("Direktori OPD")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "short_name", "counter", "opening_hours"]
    search_fields = ["name", "short_name"]


register_snippet(OpdViewSet)


# --- Dashboard ---------------------------------------------------------------------------------

@hooks.register("register_admin_urls")
def dashboard_urls():
    from portal.dashboard import views as dashboard_views

    return [
        path("dasbor/", dashboard_views.dashboard, name="portal_dashboard"),
        path("dasbor/csv/<slug:key>/", dashboard_views.dashboard_csv, name="portal_dashboard_csv"),
    ]


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    from portal.dashboard.views import can_view_dashboard

    return RestrictedMenuItem(
        _("Dasbor program"), reverse("portal_dashboard"), shown_to=can_view_dashboard,
        icon_name="view", order=140, name="dasbor-program",
    )


class DashboardSummaryPanel(Component):
    """The funnel's headline numbers (last twelve months) on the Wagtail admin home."""

    name = "dashboard_summary"
    order = 50
    template_name = "portal/dashboard/admin_home_panel.html"

    def get_context_data(self, parent_context):
        from portal.dashboard.staff import headline

        return {"figures": headline(), "url": reverse("portal_dashboard")}


@hooks.register("construct_homepage_panels")
def dashboard_summary_panel(request, panels):
    from portal.dashboard.views import can_view_dashboard

    if can_view_dashboard(request.user):
        panels.append(DashboardSummaryPanel())


# --- Personal data requests (UU 27/2022) ---------------------------------------------------------

@hooks.register("register_admin_urls")
def personal_data_urls():
    from portal import privacy_admin_views

    return [
        path("data-pribadi/", privacy_admin_views.request_list, name="portal_data_requests"),
        path("data-pribadi/<int:pk>/", privacy_admin_views.request_detail, name="portal_data_request"),
        path("data-pribadi/<int:pk>/<slug:action>/", privacy_admin_views.request_handle,
             name="portal_data_request_handle"),
    ]


@hooks.register("register_admin_menu_item")
def personal_data_menu_item():
    from portal.privacy_admin_views import can_handle

    return RestrictedMenuItem(
        _("Permintaan data pribadi"), reverse("portal_data_requests"), shown_to=can_handle,
        icon_name="lock", order=160, name="data-pribadi",
    )
