"""Financing's figures: the lead pipeline by lender/product and by month (the staff dashboard
shows them over every lead), and the bank officer's dashboard at /bank/dasbor/: the staff dashboard's pipeline figures over
the officer's own leads only (officer_leads: their lender, and their branch if they have one),
without small-cell suppression: those are leads the officer already sees one by one."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.figures import CACHE_SECONDS, Figure, Series, amount, as_date, count, month_label
from financing.models import BankOfficer, LeadStatus
from financing.selectors import officer_leads, pipeline_cells
from registry.dashboard_filters import DashboardFilters


def bank_figures(officer: BankOfficer, filters: DashboardFilters) -> list[dict]:
    def build():
        leads = officer_leads(officer)
        figures = [
            pipeline_month_figure(leads, filters),
            pipeline_figure(
                leads,
                filters,
                key="financing-product",
                title=_("Lead per produk dan status"),
                group=("product__name",),
                heading=_("Produk"),
            ),
        ]
        # The officer works these leads by name: small-cell suppression would hide nothing from
        # them and only blank their own dashboard.
        return [f.without_suppression().as_context() for f in figures]

    scope = f"bank:{officer.lender_id}:{officer.branch_id or 0}:{get_language()}"
    return cache.get_or_set(filters.cache_key(scope), build, CACHE_SECONDS)


def pipeline_figure(
    leads, filters: DashboardFilters, *, key: str, title: str, group: tuple[str, ...], heading: str
) -> Figure:
    """Leads by `group` (lender, or lender and product) and status, with amounts."""
    cells = pipeline_cells(leads, filters, *group)
    label_of = lambda row: " · ".join(str(row[g]) for g in group)  # noqa: E731
    labels = sorted({label_of(r) for r in cells})
    by = {(label_of(r), r["status"]): r for r in cells}
    totals: dict[str, dict] = {}
    for row in cells:
        t = totals.setdefault(label_of(row), {"n": 0, "amount": 0, "disbursed": 0})
        t["n"] += row["n"]
        t["amount"] += row["amount"] or 0
        t["disbursed"] += row["disbursed"] or 0
    business_totals = {label_of(r): r["businesses"] for r in pipeline_cells(leads, filters, *group, with_status=False)}

    def cell(label, status):
        row = by.get((label, status))
        return count(row["n"] if row else 0, row["businesses"] if row else 0)

    return Figure(
        key=key,
        title=title,
        label_heading=heading,
        labels=labels,
        stacked=True,
        horizontal=True,
        series=[Series(status.label, [cell(label, status.value) for label in labels]) for status in LeadStatus],
        extra_columns=[
            Series(_("Jumlah lead"), [count(totals[lb]["n"], business_totals.get(lb, 0)) for lb in labels]),
            Series(_("Plafon diajukan"), [amount(totals[lb]["amount"], business_totals.get(lb, 0)) for lb in labels]),
            Series(
                _("Dicairkan"),
                [
                    amount(totals[lb]["disbursed"], by.get((lb, LeadStatus.DISBURSED), {}).get("businesses", 0))
                    for lb in labels
                ],
            ),
        ],
        note=_("Lead yang masuk dalam periode ini, menurut status sekarang."),
    )


def pipeline_month_figure(leads, filters: DashboardFilters) -> Figure:
    months = filters.months()
    grid = {(as_date(r["month"]), r["status"]): r for r in pipeline_cells(leads, filters, by_month=True)}

    def cell(month, status):
        row = grid.get((month, status))
        return count(row["n"] if row else 0, row["businesses"] if row else 0)

    return Figure(
        key="leads-month",
        title=_("Lead pembiayaan per bulan menurut status"),
        label_heading=_("Bulan"),
        labels=[month_label(m) for m in months],
        stacked=True,
        series=[Series(s.label, [cell(m, s.value) for m in months]) for s in LeadStatus],
    )
