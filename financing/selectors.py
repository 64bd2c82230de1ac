"""Reads for financing: rule data as plain dataclasses for the pure matcher, officer scoping,
lead lists and the aggregated pipeline figures DPMPTSP sees."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from financing import eligibility as el
from financing.models import (
    BankOfficer,
    Lead,
    LeadStatus,
    Lender,
    LoanProduct,
    LoanRate,
    RepeatAccessLimit,
    _codes,
)
from registry.models import Business, Consent, Region

CONSENT_PURPOSE = "financing_lead"


def lender_names(codes: set[str]) -> dict[str, str]:
    """A consent's recipient is a lender's code; staff read the bank's name."""
    return dict(Lender.objects.filter(code__in=codes).values_list("code", "name"))


def product_rules(*, include_inactive: bool = False) -> list[el.ProductRules]:
    """All active products with their rules (3 queries + 1 for region names)."""
    products = (
        LoanProduct.objects.select_related("lender")
        .prefetch_related(
            Prefetch("rates", queryset=LoanRate.objects.order_by("valid_from")),
            Prefetch("repeat_limits", queryset=RepeatAccessLimit.objects.order_by("valid_from")),
        )
        .order_by("sort_order", "code")
    )
    if not include_inactive:
        products = products.filter(is_active=True, lender__is_active=True)
    products = list(products)
    prefixes = {p: _codes(p.region_codes) or p.lender.region_prefixes for p in products}
    names = dict(
        Region.objects.filter(code__in={c for codes in prefixes.values() for c in codes}).values_list("code", "name")
    )
    rules = []
    for product in products:
        tenors = {}
        if product.max_tenor_modal_kerja:
            tenors[el.MODAL_KERJA] = product.max_tenor_modal_kerja
        if product.max_tenor_investasi:
            tenors[el.INVESTASI] = product.max_tenor_investasi
        region_prefixes = prefixes[product]
        rules.append(
            el.ProductRules(
                code=product.code,
                name=product.name,
                lender_code=product.lender.code,
                lender_name=product.lender.name,
                min_amount=product.min_amount,
                max_amount=product.max_amount,
                max_tenor=tenors,
                is_kur=product.is_kur,
                min_business_age_months=product.min_business_age_months,
                kbli_include=_codes(product.kbli_include),
                kbli_exclude=_codes(product.kbli_exclude),
                region_prefixes=region_prefixes,
                region_label=", ".join(names.get(code, code) for code in region_prefixes),
                collateral_free_up_to=product.collateral_free_up_to,
                collateral_rule=product.collateral_rule,
                required_documents=tuple(
                    line.strip() for line in product.required_documents.splitlines() if line.strip()
                ),
                npwp_required_above=product.npwp_required_above,
                ultra_micro_allowed_up_to=product.ultra_micro_allowed_up_to,
                rates=tuple(
                    el.RateRule(
                        rate=r.rate,
                        valid_from=r.valid_from,
                        valid_to=r.valid_to,
                        loan_number_from=r.loan_number_from,
                        loan_number_to=r.loan_number_to,
                    )
                    for r in product.rates.all()
                ),
                repeat_limits=tuple(
                    el.RepeatLimit(
                        kbli_prefixes=_codes(r.kbli_prefixes),
                        sector_label=r.sector_label,
                        max_loans=r.max_loans,
                        valid_from=r.valid_from,
                        valid_to=r.valid_to,
                    )
                    for r in product.repeat_limits.all()
                ),
                sort_order=product.sort_order,
            )
        )
    return rules


def loans_from_data(rows: list[dict]) -> tuple[el.ExistingLoan, ...]:
    return tuple(
        el.ExistingLoan(type=row["type"], lender=row.get("lender", "") or "", amount=int(row.get("amount") or 0))
        for row in rows
    )


def profile_for_business(
    business: Business, *, current_loans: list[dict] = (), previous_kur_count: int = 0
) -> el.Profile:
    return el.Profile(
        started_on=business.started_on,
        kbli=business.primary_kbli.code if business.primary_kbli_id else "",
        region_code=business.desa_id or business.kecamatan_id or "",
        annual_sales=business.annual_sales,
        capital=business.capital,
        has_nib=bool(business.nib),
        has_npwp=bool(business.npwp),
        current_loans=loans_from_data(list(current_loans)),
        previous_kur_count=previous_kur_count,
    )


def owned_businesses(user) -> QuerySet[Business]:
    return Business.objects.filter(owner=user).select_related("primary_kbli", "kecamatan", "desa").order_by("name")


# --- Bank portal ------------------------------------------------------------------------------


def officer_for(user) -> BankOfficer | None:
    if not user.is_authenticated:
        return None
    return BankOfficer.objects.select_related("lender", "branch").filter(user=user).first()


def officer_leads(officer: BankOfficer) -> QuerySet[Lead]:
    """Only the officer's lender, and only their branch when they belong to one."""
    leads = Lead.objects.filter(lender=officer.lender)
    if officer.branch_id:
        leads = leads.filter(branch=officer.branch)
    return leads.select_related("business", "product", "lender", "branch", "kecamatan")


def officer_lead(officer: BankOfficer, pk: int) -> Lead:
    lead = (
        officer_leads(officer)
        .select_related("business__owner__owner_profile", "business__primary_kbli", "business__desa", "application")
        .filter(pk=pk)
        .first()
    )
    if lead is None:
        raise Http404
    return lead


def has_active_consent(lead: Lead) -> bool:
    return Consent.objects.filter(
        business_id=lead.business_id,
        purpose=CONSENT_PURPOSE,
        recipient=lead.lender.code,
        withdrawn_at__isnull=True,
    ).exists()


def working_days_between(start: date, end: date) -> int:
    """Monday–Friday days after `start` up to and including `end`."""
    if end <= start:
        return 0
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


def is_overdue(lead: Lead, *, now: datetime | None = None, working_days: int) -> bool:
    if lead.status != LeadStatus.NEW:
        return False
    now = now or timezone.now()
    return (
        working_days_between(timezone.localtime(lead.created_at).date(), timezone.localtime(now).date()) >= working_days
    )


def overdue_cutoff(*, now: datetime | None = None, working_days: int) -> datetime:
    """The latest creation time a still-new lead may have to count as overdue today."""
    day = timezone.localtime(now or timezone.now()).date()
    counted = 0
    while counted < working_days:
        if day.weekday() < 5:
            counted += 1
        day -= timedelta(days=1)
    # A lead created on `day` (or before) has waited `working_days` working days by today.
    end_of_day = datetime.combine(day, datetime.max.time())
    return timezone.make_aware(end_of_day) if timezone.is_naive(end_of_day) else end_of_day


def overdue_leads(leads: QuerySet[Lead], *, working_days: int, now: datetime | None = None) -> QuerySet[Lead]:
    return leads.filter(status=LeadStatus.NEW, created_at__lte=overdue_cutoff(now=now, working_days=working_days))


def owner_leads(user) -> QuerySet[Lead]:
    return Lead.objects.filter(business__owner=user).select_related("product", "lender", "branch", "business")


def pipeline_figures() -> dict:
    """Counts and sums only: no business or person is named."""
    base = Lead.objects.all()
    status_counts = {f"n_{status}": Count("pk", filter=Q(status=status)) for status in LeadStatus.values}

    def grouped(*fields):
        return list(
            base.values(*fields)
            .annotate(total=Count("pk"), **status_counts, disbursed=Sum("disbursed_amount"))
            .order_by(*fields)
        )

    return {
        "by_lender": grouped("lender__name"),
        "by_product": grouped("lender__name", "product__name"),
        "by_kecamatan": grouped("kecamatan__name"),
        "by_month": list(
            base.annotate(month=TruncMonth("created_at"))
            .values("month")
            .annotate(total=Count("pk"), **status_counts, disbursed=Sum("disbursed_amount"))
            .order_by("month")
        ),
    }


# --- Dashboard aggregates ---------------------------------------------------------------------


def business_has_lead() -> Q:
    """Q on Business: it submitted a financing application that became a lead."""
    return Q(pk__in=Lead.objects.values("business_id"))


def business_financed() -> Q:
    """Q on Business: a lender disbursed a loan to it."""
    return Q(pk__in=Lead.objects.filter(status=LeadStatus.DISBURSED).values("business_id"))


def pipeline_cells(
    leads: QuerySet[Lead], filters, *group: str, by_month: bool = False, with_status: bool = True
) -> list[dict]:
    """Leads created in the period of the filtered businesses, grouped by `group` and status:
    [{<group>..., status, n, businesses, amount, disbursed}]. `leads` carries the scoping (all
    leads for DPMPTSP, officer_leads(officer) for a bank officer)."""
    fields = list(group)
    qs = leads.filter(filters.period_q("created_at"), filters.business_q("business__"))
    if by_month:
        qs = qs.annotate(month=TruncMonth("created_at"))
        fields.append("month")
    return list(
        qs.values(*fields, *(["status"] if with_status else []))
        .annotate(
            n=Count("pk"),
            businesses=Count("business", distinct=True),
            amount=Sum("amount"),
            disbursed=Sum("disbursed_amount"),
        )
        .order_by()
    )
