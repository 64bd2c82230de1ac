"""The programme dashboard in the Wagtail admin (/admin/dasbor/) and its admin-home summary."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from dashboards import views
from dashboards.staff import headline
from dashboards.views import can_view_dashboard
from portal.admin_menu import RestrictedMenuItem


@hooks.register("register_admin_urls")
def dashboard_urls():
    return [
        path("dasbor/", views.dashboard, name="dashboards_staff"),
        path("dasbor/csv/<slug:key>/", views.dashboard_csv, name="dashboards_staff_csv"),
    ]


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return RestrictedMenuItem(
        _("Dasbor program"),
        reverse("dashboards_staff"),
        shown_to=can_view_dashboard,
        icon_name="view",
        order=140,
        name="dasbor-program",
    )


class DashboardSummaryPanel(Component):
    """The funnel's headline numbers (last twelve months) on the Wagtail admin home."""

    name = "dashboard_summary"
    order = 50
    template_name = "dashboards/admin_home_panel.html"

    def get_context_data(self, parent_context):
        return {"figures": headline(), "url": reverse("dashboards_staff")}


@hooks.register("construct_homepage_panels")
def dashboard_summary_panel(request, panels):
    if can_view_dashboard(request.user):
        panels.append(DashboardSummaryPanel())
