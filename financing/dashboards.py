"""The bank officer's dashboard at /bank/dasbor/: the staff dashboard's pipeline figures over
the officer's own leads only (officer_leads: their lender, and their branch if they have one),
without small-cell suppression: those are leads the officer already sees one by one."""
from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from financing.models import BankOfficer
from financing.selectors import officer_leads
from portal.dashboard.filters import DashboardFilters
from portal.dashboard.staff import CACHE_SECONDS, pipeline_figure, pipeline_month_figure


def bank_figures(officer: BankOfficer, filters: DashboardFilters) -> list[dict]:
    def build():
        leads = officer_leads(officer)
        figures = [
            pipeline_month_figure(leads, filters),
            pipeline_figure(leads, filters, key="financing-product", title=_("Lead per produk dan status"),
                            group=("product__name",), heading=_("Produk")),
        ]
        # The officer works these leads by name: small-cell suppression would hide nothing from
        # them and only blank their own dashboard.
        return [f.without_suppression().as_context() for f in figures]

    scope = f"bank:{officer.lender_id}:{officer.branch_id or 0}:{get_language()}"
    return cache.get_or_set(filters.cache_key(scope), build, CACHE_SECONDS)
