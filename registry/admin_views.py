"""The DPMPTSP verification queue inside the Wagtail admin (counter staff and administrators)."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_replace
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.audit import AuditContext, audit_entries_for, audit_record
from core.media import private_file_response
from portal import roles
from registry import identity, services
from registry.forms import VerificationActionForm
from registry.models import Business, BusinessStatus, Certification
from registry.registration import describe_consents
from registry.selectors import CERTIFICATES_PENDING, kbli_sections, next_in_queue, region_kecamatan, verification_queue


def can_verify(user) -> bool:
    return roles.has_any_role(user, roles.COUNTER_STAFF, roles.ADMINISTRATOR)


verifiers_only = roles.allowed_only(
    can_verify, gettext_lazy("Hanya petugas DPMPTSP yang dapat membuka antrean verifikasi.")
)


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Cari nama / nomor / NIB"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    kecamatan = forms.ChoiceField(label=gettext_lazy("Kecamatan"), required=False)
    sector = forms.ChoiceField(label=gettext_lazy("Sektor"), required=False)
    age = forms.ChoiceField(
        label=gettext_lazy("Menunggu"),
        required=False,
        choices=[
            ("", gettext_lazy("Semua")),
            ("1", gettext_lazy("> 1 hari")),
            ("3", gettext_lazy("> 3 hari")),
            ("7", gettext_lazy("> 7 hari")),
            ("14", gettext_lazy("> 14 hari")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = (
            [("", BusinessStatus.SUBMITTED.label), ("all", _("Semua status"))]
            + [
                (value, label)
                for value, label in BusinessStatus.choices
                if value not in (BusinessStatus.DRAFT, BusinessStatus.SUBMITTED)
            ]
            + [(CERTIFICATES_PENDING, _("Sertifikat baru belum diperiksa"))]
        )
        self.fields["kecamatan"].choices = [("", _("Semua kecamatan"))] + [(k.code, k.name) for k in region_kecamatan()]
        self.fields["sector"].choices = [("", _("Semua sektor"))] + [
            (s.code, f"{s.code} · {s.title.capitalize()}"[:60]) for s in kbli_sections()
        ]


@verifiers_only
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    businesses = verification_queue(
        status=filters.get("status", ""),
        kecamatan=filters.get("kecamatan", ""),
        sector=filters.get("sector", ""),
        older_than_days=filters.get("age", ""),
        q=filters.get("q", ""),
    )
    page = Paginator(businesses, 50).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "registry/admin/queue.html",
        {
            "page_title": _("Verifikasi usaha"),
            "header_icon": "tasks",
            "filter_form": form,
            "page": page,
            "filter_query": query.urlencode(),
        },
    )


ACTIONS = {
    "verify": lambda business, actor, reason, request: services.business_verify(
        business=business, actor=actor, note=reason, audit=AuditContext.from_request(request)
    ),
    "needs_changes": lambda business, actor, reason, request: services.business_request_changes(
        business=business, actor=actor, reason=reason, audit=AuditContext.from_request(request)
    ),
    "reject": lambda business, actor, reason, request: services.business_reject(
        business=business, actor=actor, reason=reason, audit=AuditContext.from_request(request)
    ),
}


@verifiers_only
def review(request, pk: int):
    business = get_object_or_404(
        Business.objects.select_related("owner__owner_profile", "kecamatan", "desa", "primary_kbli", "registered_by"),
        pk=pk,
    )
    form = VerificationActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.needs_confirmation():
        return render(
            request,
            "registry/admin/review_confirm.html",
            {
                "page_title": _("Verifikasi %(name)s?") % {"name": business.name},
                "header_icon": "tasks",
                "business": business,
                "form": form,
                "certification_count": business.certifications.count(),
            },
        )
    if request.method == "POST" and form.is_valid():
        try:
            wa_link = ACTIONS[form.cleaned_data["action"]](business, request.user, form.cleaned_data["reason"], request)
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error("reason", error)
        except services.TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("registry_verification_review", pk=business.pk)
        else:
            business.refresh_from_db()
            request.session[f"wa_link_{business.pk}"] = wa_link
            messages.success(
                request,
                _("Status diubah menjadi %(status)s. Pemilik diberi tahu lewat email.")
                % {"status": business.get_status_display()},
            )
            return redirect("registry_verification_review", pk=business.pk)
    next_business = waiting_count = None
    if business.status != BusinessStatus.SUBMITTED:  # decided: offer the next one waiting
        next_business = next_in_queue(business)
        waiting_count = verification_queue().count()
    profile = getattr(business.owner, "owner_profile", None)
    reveal_nik = request.GET.get("nik") == "1" and profile is not None
    if reveal_nik:
        audit_record(
            actor=request.user, action="owner.nik_view", obj=profile, request=request, detail={"business": business.pk}
        )
    return render(
        request,
        "registry/admin/review.html",
        {
            "page_title": business.name or _("(draf tanpa nama)"),
            "header_icon": "tasks",
            "business": business,
            "profile": profile,
            "reveal_nik": reveal_nik,
            "form": form,
            "certifications": list(business.certifications.all()),
            "kbli_codes": list(business.kbli_codes.all()),
            "consents": describe_consents(business.consents.select_related("collected_by")),
            "history": list(business.status_changes.select_related("actor")),
            "audit": list(audit_entries_for(business).select_related("actor")[:50]),
            "wa_link": request.session.get(f"wa_link_{business.pk}", ""),
            "can_act": business.status == BusinessStatus.SUBMITTED,
            "next_business": next_business,
            "waiting_count": waiting_count,
        },
    )


@verifiers_only
@csp_replace({"frame-ancestors": [SELF]})  # shown in an iframe on the review page
def document(request, pk: int):
    """Certificate scans are served to verifiers only (never from public /media/), and each
    opening is written to the audit log."""
    certification = get_object_or_404(Certification, pk=pk)
    if not certification.scan:
        raise Http404
    audit_record(actor=request.user, action="certification.scan_view", obj=certification, request=request)
    return private_file_response(certification.scan)


@require_POST
@verifiers_only
def certification_check(request, pk: int):
    """A certificate the owner added or replaced after verification, checked by staff."""
    certification = get_object_or_404(Certification.objects.select_related("business"), pk=pk)
    try:
        services.certification_mark_checked(
            certification=certification, actor=request.user, audit=AuditContext.from_request(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(kind)s %(number)s ditandai sudah diperiksa.")
            % {"kind": certification.get_kind_display(), "number": certification.number},
        )
    return redirect("registry_verification_review", pk=certification.business_id)


@verifiers_only
def nik_disputes(request):
    """Accounts that claimed a NIK someone else confirmed with their e-KTP: staff release the
    claim (registry.identity). The confirmed holder is shown beside each claim."""
    if request.method == "POST":
        profile = get_object_or_404(identity.disputed_claims(), pk=request.POST.get("profile"))
        identity.nik_claim_release(
            profile=profile,
            actor=request.user,
            note=request.POST.get("note", "")[:500],
            audit=AuditContext.from_request(request),
        )
        messages.success(request, _("NIK dilepas dari akun %(name)s.") % {"name": profile.full_name})
        return redirect("registry_nik_disputes")
    claims = list(identity.disputed_claims()[:200])
    holders = {p.nik_digest: p for p in identity.confirmed_holders({c.nik_digest for c in claims})}
    for claim in claims:
        claim.holder = holders.get(claim.nik_digest)
    audit_record(
        actor=request.user,
        action="owner.nik_disputes_viewed",
        detail={"accounts": [c.user_id for c in claims]},
        request=request,
    )
    return render(
        request,
        "registry/admin/nik_disputes.html",
        {"page_title": _("Sengketa NIK"), "header_icon": "warning", "claims": claims},
    )
