"""Writes for financing: submitting an application (consents + leads) and moving a lead
through the bank pipeline."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_record
from core.models import Notification
from core.notifications import notify_email
from financing import eligibility as el
from financing.models import (
    LEAD_TRANSITIONS,
    OPEN_LEAD_STATUSES,
    Application,
    BankOfficer,
    Lead,
    LeadEvent,
    LeadStatus,
    Lender,
    LenderBranch,
    LoanProduct,
)
from financing.selectors import CONSENT_PURPOSE, officer_leads, overdue_leads, product_rules, profile_for_business
from portal.models import User
from registry.consents import consent_grant
from registry.models import Business, Consent

CONSENT_VERSION = "financing-2026-1"
SHARED_DATA = (
    gettext_lazy("nama dan NIK pemilik"),
    gettext_lazy("nomor HP/WhatsApp dan email"),
    gettext_lazy("profil usaha (nama, NIB, NPWP, KBLI, alamat, modal, omzet, lama usaha)"),
    gettext_lazy("pengajuan (plafon, tujuan, tenor, pinjaman berjalan)"),
)


def consent_text(lender: Lender) -> str:
    return _(
        "Saya setuju data berikut dibagikan kepada %(lender)s untuk menilai pengajuan pembiayaan saya: "
        "%(data)s. Persetujuan dapat ditarik kapan saja melalui portal."
    ) % {"lender": lender.name, "data": "; ".join(str(item) for item in SHARED_DATA)}


def branch_for(lender: Lender, kecamatan_code: str | None) -> LenderBranch | None:
    if not kecamatan_code:
        return None
    return LenderBranch.objects.filter(lender=lender, kecamatan__code=kecamatan_code).order_by("pk").first()


@transaction.atomic
def application_submit(
    *,
    user: User,
    business: Business,
    request: el.LoanRequest,
    current_loans: list[dict],
    previous_kur_count: int,
    product_codes: list[str],
    consented_lenders: list[str],
    today: date | None = None,
    collected_by: User | None = None,
) -> Application:
    """Re-runs the match (never trust the browser's list), records one consent per lender and
    creates one lead per chosen eligible product, routed to the branch covering the kecamatan."""
    if business.owner_id != user.pk:
        raise PermissionDenied
    if not product_codes:
        raise ValidationError(_("Pilih minimal satu produk."))
    today = today or timezone.localdate()
    profile = profile_for_business(business, current_loans=current_loans, previous_kur_count=previous_kur_count)
    result = el.match(profile, request, product_rules(), today=today)
    eligible = {m.product.code: m for m in result.eligible}
    chosen = [code for code in dict.fromkeys(product_codes)]
    not_eligible = [code for code in chosen if code not in eligible]
    if not_eligible:
        raise ValidationError(_("Produk tidak memenuhi syarat: %(codes)s.") % {"codes": ", ".join(not_eligible)})
    products = {p.code: p for p in LoanProduct.objects.select_related("lender").filter(code__in=chosen)}
    missing_consent = sorted(
        {products[c].lender.name for c in chosen if products[c].lender.code not in consented_lenders}
    )
    if missing_consent:
        raise ValidationError(
            _("Persetujuan berbagi data belum diberikan untuk: %(lenders)s.") % {"lenders": ", ".join(missing_consent)}
        )
    # One application at a time per bank: the business row is locked so two submits in parallel
    # queue here and the second sees the first one's leads.
    Business.objects.select_for_update().filter(pk=business.pk).first()
    open_leads = (
        Lead.objects.filter(
            business=business, status__in=OPEN_LEAD_STATUSES, lender__in={products[c].lender_id for c in chosen}
        )
        .select_related("lender")
        .order_by("pk")
    )
    if open_leads:
        raise ValidationError(
            [
                _(
                    "Pengajuan ke %(lender)s masih berjalan (lead #%(id)s, %(status)s). Tunggu keputusan bank "
                    "sebelum mengajukan lagi ke bank yang sama."
                )
                % {"lender": lead.lender.name, "id": lead.pk, "status": lead.get_status_display()}
                for lead in open_leads
            ]
        )
    application = Application.objects.create(
        business=business,
        applicant=user,
        amount=request.amount,
        purpose=request.purpose,
        tenor_months=request.tenor_months,
        current_loans=list(current_loans),
        previous_kur_count=previous_kur_count,
    )
    consents: dict[str, Consent] = {}
    for code in chosen:
        lender = products[code].lender
        if lender.code not in consents:
            consents[lender.code] = consent_grant(
                user=user,
                business=business,
                purpose=CONSENT_PURPOSE,
                recipient=lender.code,
                text_version=CONSENT_VERSION,
                text=consent_text(lender),
                collected_by=collected_by,
            )
    for code in chosen:
        product, matched = products[code], eligible[code]
        lead = Lead.objects.create(
            application=application,
            business=business,
            product=product,
            lender=product.lender,
            branch=branch_for(product.lender, business.kecamatan_id),
            consent=consents[product.lender.code],
            kecamatan_id=business.kecamatan_id,
            amount=request.amount,
            score=matched.score,
            rate=matched.rate,
            monthly_instalment=matched.monthly_instalment,
            match_reasons=[reason.text for reason in matched.reasons],
        )
        LeadEvent.objects.create(lead=lead, to_status=LeadStatus.NEW, actor=user)
        _notify_officers(lead)
    return application


def _notify_officers(lead: Lead) -> None:
    officers = BankOfficer.objects.filter(lender=lead.lender).select_related("user")
    # Branch officers see only their branch's leads; lender-wide officers see all.
    scope = Q(branch__isnull=True) | Q(branch_id=lead.branch_id) if lead.branch_id else Q(branch__isnull=True)
    officers = officers.filter(scope)
    recipients = {o.user.email for o in officers if o.user.email}
    if lead.lender.contact_email:
        recipients.add(lead.lender.contact_email)
    for email in sorted(recipients):
        notify_email(
            to=email,
            subject=_("Lead pembiayaan baru #%(id)s") % {"id": lead.pk},
            template="financing/email/new_lead.txt",
            context={"lead": lead, "base_url": settings.PORTAL_BASE_URL},
            topic="financing.lead",
        )


@transaction.atomic
def lead_transition(
    *,
    lead: Lead,
    officer: BankOfficer,
    to_status: str,
    note: str = "",
    rejection_reason: str = "",
    disbursed_amount: int | None = None,
) -> Lead:
    """Moves a lead one step along the pipeline; rejections carry a coded reason and
    disbursements the amount paid out."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.lender_id != officer.lender_id or (officer.branch_id and lead.branch_id != officer.branch_id):
        raise PermissionDenied
    if to_status not in LEAD_TRANSITIONS.get(lead.status, ()):
        raise ValidationError(
            _("Status tidak dapat diubah dari %(from)s ke %(to)s.")
            % {"from": LeadStatus(lead.status).label, "to": to_status}
        )
    if to_status == LeadStatus.REJECTED and not rejection_reason:
        raise ValidationError(_("Pilih alasan penolakan."))
    if to_status == LeadStatus.DISBURSED:
        if not disbursed_amount or disbursed_amount <= 0:
            raise ValidationError(_("Isi jumlah yang dicairkan."))
        if disbursed_amount > lead.product.max_amount:
            raise ValidationError(_("Jumlah dicairkan melebihi plafon maksimal produk."))
        lead.disbursed_amount = disbursed_amount
    if to_status == LeadStatus.REJECTED:
        lead.rejection_reason = rejection_reason
    LeadEvent.objects.create(lead=lead, from_status=lead.status, to_status=to_status, note=note, actor=officer.user)
    lead.status = to_status
    if lead.first_response_at is None:
        lead.first_response_at = timezone.now()
    lead.save()
    audit_record(
        actor=officer.user,
        action="financing.lead.status",
        obj=lead,
        detail={"to": to_status, "rejection_reason": rejection_reason},
    )
    owner_email = lead.business.owner.email
    notify_email(
        to=owner_email,
        subject=_("Status pengajuan pembiayaan Anda: %(status)s") % {"status": LeadStatus(to_status).label},
        template="financing/email/lead_status.txt",
        context={"lead": lead},
        topic="financing.lead_status",
    )
    return lead


def overdue_leads_report(*, working_days: int, now=None) -> int:
    """Once a day, email each officer the new leads of their scope that waited `working_days`
    working days without a response. Idempotent per officer and day (the outbox topic is the key)."""

    now = now or timezone.now()
    day = timezone.localtime(now).date().isoformat()
    sent = 0
    for officer in BankOfficer.objects.select_related("user", "lender", "branch").order_by("pk"):
        if not officer.user.email:
            continue
        topic = f"financing.overdue.{day}.{officer.pk}"
        with transaction.atomic():
            # Lock the officer row so two beat runs cannot both send today's report.
            BankOfficer.objects.select_for_update().filter(pk=officer.pk).first()
            if Notification.objects.filter(topic=topic).exists():
                continue
            leads = list(
                overdue_leads(officer_leads(officer), working_days=working_days, now=now).order_by("created_at")
            )
            if not leads:
                continue
            notify_email(
                to=officer.user.email,
                subject=_("%(n)s lead pembiayaan belum ditanggapi") % {"n": len(leads)},
                template="financing/email/overdue_report.txt",
                context={
                    "leads": leads,
                    "officer": officer,
                    "working_days": working_days,
                    "base_url": settings.PORTAL_BASE_URL,
                },
                topic=topic,
            )
            sent += 1
    return sent


def consent_withdraw(*, user: User, consent: Consent) -> Consent:
    """The owner withdraws a bank's access: the officer sees masked data again at once."""
    if consent.user_id != user.pk or consent.purpose != CONSENT_PURPOSE:
        raise PermissionDenied
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=user, action="financing.consent.withdrawn", obj=consent, detail={"recipient": consent.recipient}
        )
    return consent
