"""Personal data requests in the Wagtail admin: DPMPTSP staff (counter staff, administrators)
see every request and carry out or refuse deletions; each step is audited."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import personal_data, roles
from portal.audit import audit_record
from portal.models import AuditLog, DataRequest, DataRequestStatus


def can_handle(user) -> bool:
    return roles.has_any_role(user, roles.COUNTER_STAFF, roles.ADMINISTRATOR)


handlers_only = roles.allowed_only(
    can_handle, gettext_lazy("Hanya petugas DPMPTSP yang dapat menangani permintaan data pribadi."))


@handlers_only
def request_list(request):
    show = request.GET.get("status", "open")
    requests = DataRequest.objects.select_related("user", "handled_by")
    if show == "open":
        requests = requests.filter(status__in=[DataRequestStatus.PENDING, DataRequestStatus.PROCESSING])
    return render(request, "portal/admin/data_requests.html", {
        "page_title": _("Permintaan data pribadi"), "header_icon": "lock", "requests": requests[:200], "show": show,
    })


@handlers_only
def request_detail(request, pk: int):
    data_request = get_object_or_404(DataRequest.objects.select_related("user__owner_profile", "handled_by"), pk=pk)
    return render(request, "portal/admin/data_request.html", {
        "page_title": str(data_request), "header_icon": "lock", "item": data_request,
        "businesses": list(data_request.user.businesses.all()),
        "audit": list(AuditLog.objects.filter(object_type="portal.datarequest", object_id=str(pk))
                      .select_related("actor")),
    })


@handlers_only
@require_POST
def request_handle(request, pk: int, action: str):
    data_request = get_object_or_404(DataRequest, pk=pk)
    notes = request.POST.get("notes", "")
    try:
        if action == "process":
            if request.POST.get("confirm") != "on":
                raise personal_data.DataRequestRefused(_("Centang konfirmasi sebelum menghapus data."))
            counts = personal_data.deletion_process(data_request=data_request, actor=request.user, notes=notes,
                                                    request=request)
            messages.success(request, _("Data pribadi dihapus dan akun dinonaktifkan: %(counts)s") % {"counts": counts})
        elif action == "reject":
            personal_data.deletion_reject(data_request=data_request, actor=request.user, notes=notes, request=request)
            messages.success(request, _("Permintaan ditolak; alasan ditampilkan kepada pemohon."))
        else:
            raise personal_data.DataRequestRefused(_("Tindakan tidak dikenal."))
    except personal_data.DataRequestRefused as refused:
        messages.error(request, refused.message)
    audit_record(actor=request.user, action=f"privacy.admin_{action}_attempt", obj=data_request, request=request)
    return redirect("portal_data_request", pk=pk)
