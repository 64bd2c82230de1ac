"""Personal data requests in the Wagtail admin: DPMPTSP staff (counter staff, administrators)
see every request and carry out or refuse deletions; each step is audited."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.audit import AuditContext, audit_entries_for, audit_record
from portal import roles
from privacy import services
from privacy.models import DataRequest, DataRequestStatus


def can_handle(user) -> bool:
    return roles.has_any_role(user, roles.COUNTER_STAFF, roles.ADMINISTRATOR)


handlers_only = roles.allowed_only(
    can_handle, gettext_lazy("Hanya petugas DPMPTSP yang dapat menangani permintaan data pribadi.")
)


@handlers_only
def request_list(request):
    show = request.GET.get("status", "open")
    requests = DataRequest.objects.select_related("user", "handled_by")
    if show == "open":
        requests = requests.filter(status__in=[DataRequestStatus.PENDING, DataRequestStatus.PROCESSING])
    return render(
        request,
        "privacy/admin_data_requests.html",
        {
            "page_title": _("Permintaan data pribadi"),
            "header_icon": "lock",
            "requests": requests[:200],
            "show": show,
        },
    )


@handlers_only
def request_detail(request, pk: int):
    data_request = get_object_or_404(DataRequest.objects.select_related("user__owner_profile", "handled_by"), pk=pk)
    return render(
        request,
        "privacy/admin_data_request.html",
        {
            "page_title": str(data_request),
            "header_icon": "lock",
            "item": data_request,
            "businesses": list(data_request.user.businesses.all()),
            "audit": list(audit_entries_for(data_request).select_related("actor")),
        },
    )


@handlers_only
@require_POST
def request_handle(request, pk: int, action: str):
    data_request = get_object_or_404(DataRequest, pk=pk)
    notes = request.POST.get("notes", "")
    try:
        if action == "process":
            if request.POST.get("confirm") != "on":
                raise services.DataRequestRefused(_("Centang konfirmasi sebelum menghapus data."))
            counts = services.deletion_process(
                data_request=data_request, actor=request.user, notes=notes, audit=AuditContext.from_request(request)
            )
            messages.success(request, _("Data pribadi dihapus dan akun dinonaktifkan: %(counts)s") % {"counts": counts})
        elif action == "reject":
            services.deletion_reject(
                data_request=data_request, actor=request.user, notes=notes, audit=AuditContext.from_request(request)
            )
            messages.success(request, _("Permintaan ditolak; alasan ditampilkan kepada pemohon."))
        else:
            raise services.DataRequestRefused(_("Tindakan tidak dikenal."))
    except services.DataRequestRefused as refused:
        messages.error(request, refused.message)
    audit_record(actor=request.user, action=f"privacy.admin_{action}_attempt", obj=data_request, request=request)
    return redirect("privacy_data_request", pk=pk)
