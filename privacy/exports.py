"""Building a person's data export (a ZIP in private media, with progress) and deleting export
files: the work the privacy tasks run. privacy.services starts exports; this builds them."""

from __future__ import annotations

import json
import logging
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.personal_data import sections
from privacy.models import DataRequest, DataRequestKind, DataRequestStatus

logger = logging.getLogger(__name__)


def _progress(data_request: DataRequest, percent: int) -> None:
    DataRequest.objects.filter(pk=data_request.pk).update(progress=percent)


def data_export_build(*, data_request: DataRequest) -> DataRequest:
    """Write data.json and the person's uploaded files into a ZIP (private media), with progress."""
    claimed = DataRequest.objects.filter(
        pk=data_request.pk,
        kind=DataRequestKind.EXPORT,
        status__in=[DataRequestStatus.PENDING, DataRequestStatus.FAILED],
    ).update(status=DataRequestStatus.PROCESSING, progress=5, error="")
    if not claimed:
        return DataRequest.objects.get(pk=data_request.pk)
    user = data_request.user
    try:
        with tempfile.TemporaryDirectory(prefix="etalase-pdp-") as tmp:
            path = Path(tmp) / f"data-pribadi-{user.pk}-{timezone.localtime():%Y%m%d-%H%M%S}.zip"
            all_sections = sections()
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                data = {"generated_at": timezone.now(), "portal": settings.PORTAL_NAME, "user_id": user.pk}
                for index, section in enumerate(all_sections, start=1):
                    data[section.key] = section.collect(user)
                    if section.files:
                        for name, field_file in section.files(user):
                            try:
                                with field_file.open("rb") as handle:
                                    archive.writestr(name, handle.read())
                            except OSError as exc:
                                logger.warning("personal data export %s: %s unreadable: %s", data_request.pk, name, exc)
                    _progress(data_request, 5 + int(85 * index / len(all_sections)))
                archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
                archive.writestr(
                    "BACA-SAYA.txt",
                    _(
                        "Salinan data pribadi Anda di %(portal)s (UU 27/2022). data.json berisi semua data; "
                        "folder files/ berisi dokumen yang Anda unggah."
                    )
                    % {"portal": settings.PORTAL_NAME},
                )
            request = DataRequest.objects.get(pk=data_request.pk)
            with open(path, "rb") as handle:
                request.file.save(path.name, File(handle), save=False)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the request, shown to the owner
        DataRequest.objects.filter(pk=data_request.pk).update(status=DataRequestStatus.FAILED, error=repr(exc)[:2000])
        logger.exception("personal data export %s failed", data_request.pk)
        raise
    request.status, request.progress = DataRequestStatus.DONE, 100
    request.handled_at = timezone.now()
    request.expires_at = request.handled_at + timezone.timedelta(days=settings.PERSONAL_DATA_EXPORT_TTL_DAYS)
    request.save(update_fields=["status", "progress", "handled_at", "expires_at", "file"])
    audit_record(actor=None, action="privacy.export_built", obj=request, detail={"user": user.pk})
    return request


def export_files_delete(requests, **also) -> int:
    """Delete the ZIP files of these export requests and forget them (with the `also` updates)."""
    count = 0
    for data_request in requests.exclude(file=""):
        data_request.file.delete(save=False)
        DataRequest.objects.filter(pk=data_request.pk).update(file="", **also)
        count += 1
    return count


def expired_exports_delete(*, now=None) -> int:
    now = now or timezone.now()
    return export_files_delete(DataRequest.objects.filter(kind=DataRequestKind.EXPORT, expires_at__lt=now))
