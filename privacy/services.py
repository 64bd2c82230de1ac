"""Personal-data rights (UU 27/2022): a copy of everything the portal holds about an owner
(every app's section from core.personal_data, built into a ZIP by Celery), and the erasure of
their personal data while keeping the records the law requires; consent withdrawal; retention."""
from __future__ import annotations

import json
import logging
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.notifications import enqueue_on_commit
from core.personal_data import sections
from portal.models import User
from privacy.models import DataRequest, DataRequestKind, DataRequestStatus
from registry.models import Business, BusinessStatus, Consent, OwnerProfile
from registry.personal_data import owner_profiles_erase
from registry.registration import CONSENT_BY_PURPOSE

logger = logging.getLogger(__name__)


class DataRequestRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def _progress(data_request: DataRequest, percent: int) -> None:
    DataRequest.objects.filter(pk=data_request.pk).update(progress=percent)


def data_export_build(*, data_request: DataRequest) -> DataRequest:
    """Write data.json and the person's uploaded files into a ZIP (private media), with progress."""
    claimed = DataRequest.objects.filter(
        pk=data_request.pk, kind=DataRequestKind.EXPORT, status__in=[DataRequestStatus.PENDING, DataRequestStatus.FAILED]
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
                archive.writestr("BACA-SAYA.txt", _(
                    "Salinan data pribadi Anda di %(portal)s (UU 27/2022). data.json berisi semua data; "
                    "folder files/ berisi dokumen yang Anda unggah.") % {"portal": settings.PORTAL_NAME})
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


def data_export_request(*, user: User, request=None) -> DataRequest:
    """Ask for a copy; one open export at a time. Built by Celery after commit."""
    from privacy.tasks import build_data_export  # the task module imports these services

    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        open_request = DataRequest.objects.filter(user=user, kind=DataRequestKind.EXPORT,
                                                  status__in=[DataRequestStatus.PENDING, DataRequestStatus.PROCESSING]).first()
        if open_request:
            return open_request
        data_request = DataRequest.objects.create(user=user, kind=DataRequestKind.EXPORT)
        audit_record(actor=user, action="privacy.export_requested", obj=data_request, request=request)
        enqueue_on_commit(build_data_export, data_request.pk)
    return data_request


def data_export_download(*, data_request: DataRequest, user: User, request=None):
    if data_request.user_id != user.pk or data_request.kind != DataRequestKind.EXPORT:
        raise DataRequestRefused(_("Berkas ini bukan milik Anda."))
    if data_request.status != DataRequestStatus.DONE or not data_request.file:
        raise DataRequestRefused(_("Berkas belum siap."))
    if data_request.expires_at and data_request.expires_at < timezone.now():
        raise DataRequestRefused(_("Tautan unduhan sudah kedaluwarsa. Minta salinan baru."))
    audit_record(actor=user, action="privacy.export_downloaded", obj=data_request, request=request)
    return data_request.file


def deletion_request(*, user: User, reason: str = "", request=None) -> DataRequest:
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        existing = DataRequest.objects.filter(user=user, kind=DataRequestKind.DELETION,
                                              status__in=[DataRequestStatus.PENDING, DataRequestStatus.PROCESSING]).first()
        if existing:
            raise DataRequestRefused(_("Permintaan penghapusan Anda sudah tercatat dan sedang menunggu petugas."))
        data_request = DataRequest.objects.create(user=user, kind=DataRequestKind.DELETION, reason=reason.strip()[:2000])
        audit_record(actor=user, action="privacy.deletion_requested", obj=data_request, request=request)
    return data_request


def deletion_process(*, data_request: DataRequest, actor: User, notes: str = "", request=None) -> dict:
    """Staff carry out a deletion request: every app anonymises its part, the account is
    deactivated, and the audit log records who did it and what was touched."""
    with transaction.atomic():
        locked = DataRequest.objects.select_for_update().get(pk=data_request.pk)
        if locked.kind != DataRequestKind.DELETION or not locked.is_open:
            raise DataRequestRefused(_("Permintaan ini sudah ditangani."))
        user = User.objects.select_for_update().get(pk=locked.user_id)
        if user.is_staff or user.is_superuser:
            raise DataRequestRefused(_("Akun petugas tidak dihapus lewat permintaan ini."))
        counts = {}
        for section in sections():
            if section.erase:
                counts[section.key] = section.erase(user)
        locked.status, locked.handled_by, locked.handled_at = DataRequestStatus.DONE, actor, timezone.now()
        locked.notes = notes.strip()[:2000]
        locked.save(update_fields=["status", "handled_by", "handled_at", "notes"])
        # Earlier export files hold the same data: they go too.
        _export_files_delete(DataRequest.objects.filter(user=user, kind=DataRequestKind.EXPORT),
                             expires_at=timezone.now())
        audit_record(actor=actor, action="privacy.deletion_done", obj=locked,
                     detail={"user": user.pk, "erased": counts}, request=request)
    return counts


def deletion_reject(*, data_request: DataRequest, actor: User, notes: str, request=None) -> DataRequest:
    if not notes.strip():
        raise DataRequestRefused(_("Tuliskan alasan penolakan untuk pemohon."))
    with transaction.atomic():
        locked = DataRequest.objects.select_for_update().get(pk=data_request.pk)
        if not locked.is_open:
            raise DataRequestRefused(_("Permintaan ini sudah ditangani."))
        locked.status, locked.handled_by, locked.handled_at = DataRequestStatus.REJECTED, actor, timezone.now()
        locked.notes = notes.strip()[:2000]
        locked.save(update_fields=["status", "handled_by", "handled_at", "notes"])
        audit_record(actor=actor, action="privacy.deletion_rejected", obj=locked, detail={"notes": locked.notes},
                     request=request)
    return locked


def consent_withdraw(*, user: User, consent: Consent, request=None) -> Consent:
    """Withdrawing takes effect at once: a bank's access (financing_lead) stops on the next
    page it loads. Consents that registration cannot run without are ended by a deletion request."""
    if consent.user_id != user.pk:
        raise DataRequestRefused(_("Persetujuan ini bukan milik Anda."))
    text = CONSENT_BY_PURPOSE.get(consent.purpose)
    if text is not None and text.is_required:
        raise DataRequestRefused(_("Persetujuan ini wajib untuk pendaftaran usaha; ajukan penghapusan data bila "
                                   "Anda tidak ingin data Anda diproses lagi."))
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit_record(actor=user, action="consent.withdrawn", obj=consent,
                     detail={"purpose": consent.purpose, "recipient": consent.recipient}, request=request)
    return consent


def rejected_registrations_anonymise(*, now=None) -> int:
    """Retention rule: registrations rejected more than REJECTED_REGISTRATION_RETENTION_DAYS
    ago lose their personal data (address, description; the owner's identity too when the owner
    has nothing else at the portal). Registration number, NIB, sector, size and the status
    history stay for statistics and accountability. Each one is audited."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(days=settings.REJECTED_REGISTRATION_RETENTION_DAYS)
    done = 0
    candidates = Business.objects.filter(
        status=BusinessStatus.REJECTED, personal_data_erased_at__isnull=True,
        status_changes__to_status=BusinessStatus.REJECTED, status_changes__at__lt=cutoff,
    ).distinct().values_list("pk", flat=True)
    for business_id in list(candidates[:500]):
        with transaction.atomic():
            business = Business.objects.select_for_update().get(pk=business_id)
            last = business.status_changes.order_by("-at", "-pk").first()
            if business.status != BusinessStatus.REJECTED or business.personal_data_erased_at or (last and last.at >= cutoff):
                continue
            business.address, business.description, business.personal_data_erased_at = "", "", now
            business.save(update_fields=["address", "description", "personal_data_erased_at", "updated_at"])
            owner_has_more = Business.objects.filter(owner_id=business.owner_id).exclude(
                status=BusinessStatus.REJECTED).exists()
            profile_erased = False
            if not owner_has_more:
                profile_erased = owner_profiles_erase(
                    OwnerProfile.objects.filter(user_id=business.owner_id, erased_at__isnull=True), now) > 0
            audit_record(actor=None, action="privacy.retention_anonymised", obj=business,
                         detail={"rejected_at": last.at.isoformat() if last else None, "owner_profile": profile_erased,
                                 "retention_days": settings.REJECTED_REGISTRATION_RETENTION_DAYS})
            done += 1
    return done


def _export_files_delete(requests, **also) -> int:
    """Delete the ZIP files of these export requests and forget them (with the `also` updates)."""
    count = 0
    for data_request in requests.exclude(file=""):
        data_request.file.delete(save=False)
        DataRequest.objects.filter(pk=data_request.pk).update(file="", **also)
        count += 1
    return count


def expired_exports_delete(*, now=None) -> int:
    now = now or timezone.now()
    return _export_files_delete(DataRequest.objects.filter(kind=DataRequestKind.EXPORT, expires_at__lt=now))
