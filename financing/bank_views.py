"""Bank portal at /bank/: an officer works only their lender's (branch's) leads. Personal data
is masked unless the owner consented to that lender; every unmasked view is audited."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.figures import csv_response
from core.media import private_file_response
from core.spreadsheets import formula_safe_text
from financing.dashboards import bank_figures
from financing.forms import LeadFilterForm, LeadStatusForm
from financing.models import LEAD_TRANSITIONS, LeadStatus, LoanProduct
from financing.selectors import (
    has_active_consent,
    is_overdue,
    officer_for,
    officer_lead,
    officer_leads,
    overdue_leads,
    pipeline_figures,
)
from financing.services import lead_transition
from portal import roles
from registry.dashboard_filters import DashboardFilterForm
from registry.selectors import region_kecamatan


def response_working_days() -> int:
    # How many working days a new lead may wait for a first response before it is flagged.
    return getattr(settings, "FINANCING_RESPONSE_WORKING_DAYS", 2)


def _officer(request):
    if not roles.has_role(request.user, roles.BANK_OFFICER):
        raise PermissionDenied
    officer = officer_for(request.user)
    if officer is None:
        raise PermissionDenied(_("Akun Anda belum ditautkan ke bank."))
    return officer


def _filtered(request, officer):
    leads = officer_leads(officer)
    products = LoanProduct.objects.filter(lender=officer.lender).order_by("sort_order")
    form = LeadFilterForm(request.GET or None, products=products, kecamatan=region_kecamatan())
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            leads = leads.filter(status=data["status"])
        if data["product"]:
            leads = leads.filter(product__code=data["product"])
        if data["kecamatan"]:
            leads = leads.filter(kecamatan_id=data["kecamatan"])
        if data["overdue"]:
            leads = overdue_leads(leads, working_days=response_working_days())
    return form, leads.order_by("-created_at", "-pk")


@login_required
def lead_list(request):
    officer = _officer(request)
    form, leads = _filtered(request, officer)
    now = timezone.now()
    days = response_working_days()
    rows = [
        {
            "lead": lead,
            "age_days": (now - lead.created_at).days,
            "overdue": is_overdue(lead, now=now, working_days=days),
        }
        for lead in leads[:200]
    ]
    overdue_count = overdue_leads(officer_leads(officer), working_days=days).count()
    return render(
        request,
        "financing/bank/lead_list.html",
        {
            "officer": officer,
            "form": form,
            "rows": rows,
            "overdue_count": overdue_count,
            "working_days": days,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def lead_detail(request, pk: int):
    officer = _officer(request)
    lead = officer_lead(officer, pk)
    consented = has_active_consent(lead)
    reveal = consented and request.GET.get("tampilkan") == "1"
    profile = getattr(lead.business.owner, "owner_profile", None)
    if reveal:
        audit_record(
            actor=request.user,
            action="financing.lead.personal_data_viewed",
            obj=lead,
            detail={"lender": lead.lender.code, "fields": ["nik", "phone", "email"]},
            request=request,
        )
    allowed = LEAD_TRANSITIONS[lead.status]
    form = LeadStatusForm(allowed=allowed) if allowed else None
    return render(request, "financing/bank/lead_detail.html", _detail_context(lead, profile, consented, reveal, form))


@login_required
def lead_document(request, pk: int, certification_pk: int):
    """A certificate scan of the lead's business: only while the owner's consent to this lender
    stands, and each opening is audited (scans are never public /media/ files)."""
    officer = _officer(request)
    lead = officer_lead(officer, pk)
    if not has_active_consent(lead):
        raise Http404
    certification = get_object_or_404(lead.business.certifications, pk=certification_pk)
    audit_record(
        actor=request.user,
        action="financing.lead.document_viewed",
        obj=lead,
        detail={"lender": lead.lender.code, "certification": certification.pk},
        request=request,
    )
    return private_file_response(certification.scan)


def _detail_context(lead, profile, consented, reveal, form):
    return {
        "lead": lead,
        "business": lead.business,
        "profile": profile,
        "consented": consented,
        "reveal": reveal,
        "form": form,
        "events": lead.events.select_related("actor"),
        "certifications": lead.business.certifications.all(),
        "documents": [line.strip() for line in lead.product.required_documents.splitlines() if line.strip()],
        "overdue": is_overdue(lead, working_days=response_working_days()),
    }


@login_required
def lead_status(request, pk: int):
    officer = _officer(request)
    lead = officer_lead(officer, pk)
    if request.method != "POST":
        return redirect("financing_bank:lead-detail", pk=lead.pk)
    form = LeadStatusForm(request.POST, allowed=LEAD_TRANSITIONS[lead.status])
    if form.is_valid():
        data = form.cleaned_data
        try:
            lead_transition(
                lead=lead,
                officer=officer,
                to_status=data["to_status"],
                note=data["note"],
                rejection_reason=data["rejection_reason"],
                disbursed_amount=data["disbursed_amount"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Status lead diperbarui."))
            return redirect("financing_bank:lead-detail", pk=lead.pk)
    profile = getattr(lead.business.owner, "owner_profile", None)
    return render(
        request,
        "financing/bank/lead_detail.html",
        _detail_context(lead, profile, has_active_consent(lead), False, form),
        status=400,
    )


# Spreadsheet formula injection: the shared guard (core.spreadsheets).
csv_safe = formula_safe_text


@login_required
def lead_export(request):
    officer = _officer(request)
    _form, leads = _filtered(request, officer)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="lead-{officer.lender.code}-{timezone.localdate():%Y%m%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            "id",
            "diajukan",
            "status",
            "produk",
            "cabang",
            "usaha",
            "kecamatan",
            "plafon",
            "tenor_bulan",
            "tujuan",
            "bunga",
            "angsuran",
            "skor",
            "alasan_penolakan",
            "jumlah_dicairkan",
        ]
    )
    for lead in leads.select_related("application").iterator(chunk_size=500):
        writer.writerow(
            [
                csv_safe(v)
                for v in (
                    lead.pk,
                    timezone.localtime(lead.created_at).strftime("%Y-%m-%d %H:%M"),
                    lead.status,
                    lead.product.name,
                    lead.branch.name if lead.branch else "",
                    lead.business.name,
                    lead.kecamatan.name if lead.kecamatan else "",
                    lead.amount,
                    lead.application.tenor_months,
                    lead.application.purpose,
                    lead.rate,
                    lead.monthly_instalment,
                    lead.score,
                    lead.rejection_reason,
                    lead.disbursed_amount or "",
                )
            ]
        )
    audit_record(
        actor=request.user,
        action="financing.lead.export",
        detail={"lender": officer.lender.code, "query": request.GET.urlencode()},
        request=request,
    )
    return response


@login_required
def pipeline_stats(request):
    """DPMPTSP's view: aggregated counts and sums only."""
    if not roles.has_any_role(request.user, roles.COUNTER_STAFF, roles.ADMINISTRATOR):
        raise PermissionDenied
    return render(request, "financing/bank/stats.html", {"figures": pipeline_figures(), "statuses": LeadStatus.choices})


@login_required
def dashboard(request):
    """The officer's own lender (branch) as charts: the same figures and filters as DPMPTSP's."""

    officer = _officer(request)
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    return render(
        request,
        "financing/bank/dashboard.html",
        {
            "officer": officer,
            "form": form,
            "filters": filters,
            "figures": bank_figures(officer, filters),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def dashboard_csv(request, key: str):
    officer = _officer(request)
    filters = DashboardFilterForm(request.GET or None).filters()
    figure = next((f for f in bank_figures(officer, filters) if f["key"] == key), None)
    if figure is None:
        raise Http404
    return csv_response(
        figure, f"dasbor-{officer.lender.code}-{key}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}"
    )
