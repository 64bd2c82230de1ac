"""The staff dashboard in the Wagtail admin (/admin/dasbor/) and its CSV downloads."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.figures import csv_response
from dashboards.staff import headline, staff_figures
from portal import roles
from registry.dashboard_filters import DashboardFilterForm

# Who sees the programme dashboard: every staff role (figures are aggregates, no personal data).
DASHBOARD_ROLES = roles.STAFF_ROLES


def can_view_dashboard(user) -> bool:
    return roles.has_any_role(user, *DASHBOARD_ROLES)


dashboard_staff_only = roles.allowed_only(
    can_view_dashboard, gettext_lazy("Hanya petugas DPMPTSP/Disperinkop yang dapat membuka dasbor.")
)


@dashboard_staff_only
def dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    return render(
        request,
        "dashboards/staff.html",
        {
            "page_title": _("Dasbor program"),
            "header_icon": "view",
            "form": form,
            "filters": filters,
            "figures": staff_figures(filters),
            "headline": headline(filters),
            "query": request.GET.urlencode(),
        },
    )


@dashboard_staff_only
def dashboard_csv(request, key: str):
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    figure = next((f for f in staff_figures(filters) if f["key"] == key), None)
    if figure is None:
        raise Http404
    return csv_response(figure, f"dasbor-{key}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}")
