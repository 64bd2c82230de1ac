"""Partner curators' pages in the Wagtail admin: curation batches (pick, review, lock), exports
with a progress bar and downloads, channels with their feed tokens. Partner curators and
administrators only."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.models import Category
from core.audit import audit_record
from core.identifiers import is_ascii_digits
from core.media import private_file_response
from partners import services
from partners.formats.base import COMMON_LIMITS
from partners.models import Channel, CurationBatch, ExportFormat, ExportJob
from partners.selectors import batch_review, curation_candidates
from portal import roles
from registry.selectors import region_kecamatan

CURATORS = (roles.PARTNER_CURATOR, roles.ADMINISTRATOR)


def _require_curator(request):
    if not roles.has_any_role(request.user, *CURATORS):
        raise PermissionDenied


class BatchCreateForm(forms.Form):
    channel = forms.ModelChoiceField(label=gettext_lazy("Kanal"), queryset=Channel.objects.filter(is_active=True))
    name = forms.CharField(label=gettext_lazy("Nama batch"), max_length=120)


class CandidateFilterForm(forms.Form):
    CERTIFICATIONS = [
        ("", gettext_lazy("Semua")),
        ("halal", gettext_lazy("Halal")),
        ("pirt", "P-IRT"),
        ("bpom", "BPOM"),
    ]
    kecamatan = forms.ChoiceField(label=gettext_lazy("Kecamatan"), required=False)
    category = forms.ModelChoiceField(label=gettext_lazy("Kategori"), required=False, queryset=Category.objects.all())
    certification = forms.ChoiceField(label=gettext_lazy("Sertifikasi"), required=False, choices=CERTIFICATIONS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("Semua"))] + [(k.code, k.name) for k in region_kecamatan()]


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(label=gettext_lazy("Format"), choices=ExportFormat.choices)
    include_images = forms.BooleanField(label=gettext_lazy("Sertakan paket foto (ZIP)"), required=False, initial=True)


class ChannelExportForm(ExportForm):
    channel = forms.ModelChoiceField(label=gettext_lazy("Kanal"), queryset=Channel.objects.filter(is_active=True))


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["name", "is_active", "limits"]

    def clean_limits(self):
        limits = self.cleaned_data["limits"] or {}
        if not isinstance(limits, dict):
            raise ValidationError(_("Batas harus berupa objek JSON."))
        unknown = sorted(set(limits) - set(COMMON_LIMITS))
        if unknown:
            raise ValidationError(_("Batas tidak dikenal: %(keys)s.") % {"keys": ", ".join(unknown)})
        for key, value in limits.items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
                raise ValidationError(_("Nilai %(key)s harus angka ≥ 0.") % {"key": key})
        return limits


def batch_list(request):
    _require_curator(request)
    form = BatchCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = services.batch_create(
            channel=form.cleaned_data["channel"], name=form.cleaned_data["name"], user=request.user
        )
        return redirect("partners_admin:batch", pk=batch.pk)
    batches = Paginator(CurationBatch.objects.select_related("channel", "created_by"), 50).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "partners/admin/batch_list.html",
        {
            "page_title": _("Batch kurasi mitra"),
            "header_icon": "list-ul",
            "batches": batches,
            "form": form,
        },
    )


def batch_detail(request, pk):
    _require_curator(request)
    batch = get_object_or_404(CurationBatch.objects.select_related("channel", "created_by", "locked_by"), pk=pk)
    review = batch_review(batch)
    context = {
        "page_title": str(batch),
        "header_icon": "list-ul",
        "batch": batch,
        "review": review,
        "export_form": ExportForm(),
        "exports": batch.exports.select_related("created_by")[:20],
    }
    if not batch.is_locked:
        filters = CandidateFilterForm(request.GET or None)
        cleaned = filters.cleaned_data if filters.is_valid() else {}
        category = cleaned.get("category")
        context["filters"] = filters
        context["candidates"] = curation_candidates(
            batch.channel,
            kecamatan=cleaned.get("kecamatan", ""),
            category=category.pk if category else None,
            certification=cleaned.get("certification", ""),
            exclude_batch=batch,
        )
    return TemplateResponse(request, "partners/admin/batch_detail.html", context)


def _ids(request) -> list[int]:
    return [int(value) for value in request.POST.getlist("listing") if is_ascii_digits(value)]


@require_POST
def batch_change(request, pk, action):
    _require_curator(request)
    batch = get_object_or_404(CurationBatch, pk=pk)
    try:
        if action == "add":
            count = services.batch_add(batch=batch, listing_ids=_ids(request))
            messages.success(request, _("%(n)s produk ditambahkan.") % {"n": count})
        elif action == "remove":
            count = services.batch_remove(batch=batch, listing_ids=_ids(request))
            messages.success(request, _("%(n)s produk dikeluarkan.") % {"n": count})
        elif action == "lock":
            services.batch_lock(batch=batch, user=request.user)
            messages.success(request, _("Batch dikunci."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("partners_admin:batch", pk=batch.pk)


@require_POST
def batch_export(request, pk):
    _require_curator(request)
    batch = get_object_or_404(CurationBatch.objects.select_related("channel"), pk=pk)
    form = ExportForm(request.POST)
    if not batch.is_locked:
        messages.error(request, _("Kunci batch sebelum mengekspor."))
        return redirect("partners_admin:batch", pk=batch.pk)
    if not form.is_valid():
        messages.error(request, _("Pilih format ekspor."))
        return redirect("partners_admin:batch", pk=batch.pk)
    job = services.export_job_create(
        channel=batch.channel,
        batch=batch,
        user=request.user,
        file_format=form.cleaned_data["file_format"],
        include_images=form.cleaned_data["include_images"],
    )
    return redirect("partners_admin:export", pk=job.pk)


def export_list(request):
    _require_curator(request)
    form = ChannelExportForm(request.POST or None, initial={"include_images": True})
    if request.method == "POST" and form.is_valid():
        job = services.export_job_create(
            channel=form.cleaned_data["channel"],
            user=request.user,
            file_format=form.cleaned_data["file_format"],
            include_images=form.cleaned_data["include_images"],
        )
        return redirect("partners_admin:export", pk=job.pk)
    jobs = Paginator(ExportJob.objects.select_related("channel", "batch", "created_by"), 50).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "partners/admin/export_list.html",
        {
            "page_title": _("Ekspor listing mitra"),
            "header_icon": "download",
            "jobs": jobs,
            "form": form,
        },
    )


def export_detail(request, pk):
    _require_curator(request)
    job = get_object_or_404(ExportJob.objects.select_related("channel", "batch", "created_by"), pk=pk)
    return TemplateResponse(
        request,
        "partners/admin/export_detail.html",
        {
            "page_title": _("Ekspor #%(pk)s") % {"pk": job.pk},
            "header_icon": "download",
            "job": job,
        },
    )


def _status(job: ExportJob) -> dict:
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "processed": job.processed,
        "total": job.total,
        "percent": job.percent,
        "rows": job.row_count,
        "skipped": job.skipped_count,
        "warnings": job.warning_count,
        "finished": job.is_finished,
    }


def export_status(request, pk):
    _require_curator(request)
    return JsonResponse(_status(get_object_or_404(ExportJob, pk=pk)))


def export_download(request, pk, kind):
    _require_curator(request)
    job = get_object_or_404(ExportJob, pk=pk)
    field = {"file": job.file, "images": job.image_pack, "report": job.report}.get(kind)
    if field is None or not field:
        raise Http404
    audit_record(actor=request.user, action=f"partners.export_download.{kind}", obj=job, request=request)
    return private_file_response(field, attachment=True)


def channel_list(request):
    _require_curator(request)
    return TemplateResponse(
        request,
        "partners/admin/channel_list.html",
        {
            "page_title": _("Kanal mitra"),
            "header_icon": "site",
            "channels": Channel.objects.select_related("api_token_rotated_by"),
        },
    )


def channel_edit(request, pk):
    _require_curator(request)
    channel = get_object_or_404(Channel, pk=pk)
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit_record(
            actor=request.user,
            action="partners.channel_edit",
            obj=channel,
            detail={"limits": json.loads(json.dumps(channel.limits))},
            request=request,
        )
        messages.success(request, _("Kanal disimpan."))
        return redirect("partners_admin:channels")
    return TemplateResponse(
        request,
        "partners/admin/channel_edit.html",
        {
            "page_title": str(channel),
            "header_icon": "site",
            "channel": channel,
            "form": form,
        },
    )


@require_POST
def channel_rotate_token(request, pk):
    _require_curator(request)
    channel = get_object_or_404(Channel, pk=pk)
    token = services.channel_token_rotate(channel=channel, user=request.user)
    # Shown once, never stored in clear: the partner must copy it now.
    return TemplateResponse(
        request,
        "partners/admin/token.html",
        {
            "page_title": _("Token baru %(channel)s") % {"channel": channel.name},
            "header_icon": "key",
            "channel": channel,
            "token": token,
        },
    )
