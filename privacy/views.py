"""The owner's personal data page at /akun/data/: consents with withdrawal, a downloadable
copy of their data (built by Celery, with progress), and a deletion request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import AuditContext
from core.media import private_file_response
from privacy import services
from privacy.models import DataRequest, DataRequestKind
from registry.models import Consent
from registry.registration import CONSENT_BY_PURPOSE


@login_required
def data_page(request):
    consents = []
    for consent in Consent.objects.filter(user=request.user).select_related("business").order_by("-granted_at"):
        text = CONSENT_BY_PURPOSE.get(consent.purpose)
        consent.can_withdraw = consent.is_active and not (text and text.is_required)
        consents.append(consent)
    requests = list(DataRequest.objects.filter(user=request.user))
    exporting = any(r.kind == DataRequestKind.EXPORT and r.is_open for r in requests)
    return render(
        request,
        "privacy/data.html",
        {
            "consents": consents,
            "requests": requests,
            "exporting": exporting,
            "deletion_open": any(r.kind == DataRequestKind.DELETION and r.is_open for r in requests),
        },
    )


@login_required
@require_POST
def export_request(request):
    services.data_export_request(user=request.user, audit=AuditContext.from_request(request))
    messages.success(request, _("Salinan data Anda sedang disiapkan. Halaman ini menampilkan kemajuannya."))
    return redirect("privacy:personal-data")


@login_required
def request_status(request, pk: int):
    data_request = get_object_or_404(DataRequest, pk=pk, user=request.user)
    return JsonResponse(
        {
            "status": data_request.status,
            "label": data_request.get_status_display(),
            "progress": data_request.progress,
            "ready": bool(data_request.file),
        }
    )


@login_required
def export_download(request, pk: int):
    data_request = get_object_or_404(DataRequest, pk=pk, user=request.user)
    try:
        field_file = services.data_export_download(
            data_request=data_request, user=request.user, audit=AuditContext.from_request(request)
        )
    except services.DataRequestRefused as refused:
        messages.error(request, refused.message)
        return redirect("privacy:personal-data")
    return private_file_response(field_file, attachment=True)


@login_required
@require_POST
def deletion_request(request):
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Centang pernyataan bahwa Anda memahami akibat penghapusan."))
        return redirect("privacy:personal-data")
    try:
        services.deletion_request(
            user=request.user, reason=request.POST.get("reason", ""), audit=AuditContext.from_request(request)
        )
    except services.DataRequestRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _(
                "Permintaan penghapusan tercatat. Petugas DPMPTSP akan memprosesnya paling lambat "
                "3 × 24 jam dan memberi tahu Anda."
            ),
        )
    return redirect("privacy:personal-data")


@login_required
@require_POST
def consent_withdraw(request, pk: int):
    consent = Consent.objects.filter(pk=pk, user=request.user).first()
    if consent is None:
        raise Http404
    try:
        services.consent_withdraw(user=request.user, consent=consent, audit=AuditContext.from_request(request))
    except services.DataRequestRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Persetujuan ditarik. Sejak saat ini data Anda tidak lagi dibagikan untuk keperluan tersebut.")
        )
    return redirect("privacy:personal-data")
