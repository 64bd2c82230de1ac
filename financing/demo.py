"""Demo data: BRI branches by kecamatan, officer links for the demo bank users, and leads in
several pipeline stages. Lenders and products come from migration 0002."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from financing import eligibility as el
from financing.models import BankOfficer, Lead, LeadStatus, Lender, LenderBranch
from financing.selectors import product_rules, profile_for_business
from financing.services import application_submit, lead_transition
from registry.models import BusinessStatus, Region

# BRI units in Kendal and the kecamatan each covers (west / east of the regency).
BRI_BRANCHES = {
    "bri-unit-weleri": (
        "BRI Unit Weleri",
        ["33.24.01", "33.24.02", "33.24.03", "33.24.04", "33.24.12", "33.24.13", "33.24.16", "33.24.17", "33.24.18"],
    ),
    "bri-cabang-kendal": (
        "BRI Cabang Kendal",
        [
            "33.24.05",
            "33.24.06",
            "33.24.07",
            "33.24.08",
            "33.24.09",
            "33.24.10",
            "33.24.11",
            "33.24.14",
            "33.24.15",
            "33.24.19",
            "33.24.20",
        ],
    ),
}
# Stages the demo leads reach, weighted like a real pipeline (most leads early on); enough
# applications that each stage rests on 5+ businesses and shows on the staff dashboard.
STAGES = [
    LeadStatus.NEW,
    LeadStatus.CONTACTED,
    LeadStatus.NEW,
    LeadStatus.SURVEYED,
    LeadStatus.CONTACTED,
    LeadStatus.APPROVED,
    LeadStatus.DISBURSED,
    LeadStatus.REJECTED,
    LeadStatus.DISBURSED,
]
MAX_APPLICATIONS = 45
PATH = {
    LeadStatus.NEW: [],
    LeadStatus.CONTACTED: [LeadStatus.CONTACTED],
    LeadStatus.SURVEYED: [LeadStatus.CONTACTED, LeadStatus.SURVEYED],
    LeadStatus.APPROVED: [LeadStatus.CONTACTED, LeadStatus.SURVEYED, LeadStatus.APPROVED],
    LeadStatus.DISBURSED: [LeadStatus.CONTACTED, LeadStatus.SURVEYED, LeadStatus.APPROVED, LeadStatus.DISBURSED],
    LeadStatus.REJECTED: [LeadStatus.CONTACTED, LeadStatus.REJECTED],
}


@transaction.atomic
def seed(ctx) -> None:
    bri = Lender.objects.get(code="bri")
    bkk = Lender.objects.get(code="bpr-bkk-kendal")
    known = set(
        Region.objects.filter(code__in=[c for _, codes in BRI_BRANCHES.values() for c in codes]).values_list(
            "code", flat=True
        )
    )
    for code, (name, kecamatan) in BRI_BRANCHES.items():
        branch, _ = LenderBranch.objects.get_or_create(lender=bri, code=code, defaults={"name": name})
        branch.kecamatan.set([c for c in kecamatan if c in known])
    officers = {}
    for key, lender in (("bri", bri), ("bkk", bkk)):
        user = ctx.staff.get(key)
        if user is not None:
            officers[lender.code], _ = BankOfficer.objects.get_or_create(user=user, defaults={"lender": lender})
    if Lead.objects.exists():
        return
    rules = product_rules()
    today = timezone.localdate()
    amounts = [8_000_000, 25_000_000, 50_000_000, 75_000_000, 150_000_000]
    created = 0
    for business in ctx.businesses:
        if created >= MAX_APPLICATIONS:
            break
        if business.status != BusinessStatus.VERIFIED or not business.started_on:
            continue
        request = el.LoanRequest(amount=amounts[created % len(amounts)], purpose=el.MODAL_KERJA, tenor_months=24)
        result = el.match(profile_for_business(business), request, rules, today=today)
        chosen = [m.product for m in result.eligible[:2]]
        if not chosen:
            continue
        application = application_submit(
            user=business.owner,
            business=business,
            request=request,
            current_loans=[],
            previous_kur_count=0,
            product_codes=[p.code for p in chosen],
            consented_lenders=[p.lender_code for p in chosen],
            today=today,
        )
        for lead in application.leads.select_related("product", "lender", "business__owner"):
            officer = officers.get(lead.lender.code)
            if officer is None:
                continue
            for step in PATH[STAGES[created % len(STAGES)]]:
                lead = lead_transition(
                    lead=lead,
                    officer=officer,
                    to_status=step,
                    note="Catatan demo.",
                    rejection_reason="documents" if step == LeadStatus.REJECTED else "",
                    disbursed_amount=lead.amount if step == LeadStatus.DISBURSED else None,
                )
        # Spread over the past months, older ones further along, so the monthly chart and the
        # leads' age read like a working pipeline rather than one day's burst.
        back = timedelta(days=(created * 11) % 330 + (0 if STAGES[created % len(STAGES)] == LeadStatus.NEW else 5))
        application.leads.update(created_at=F("created_at") - back)
        type(application).objects.filter(pk=application.pk).update(created_at=F("created_at") - back)
        created += 1
