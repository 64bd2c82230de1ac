"""Personal-data rights (UU 27/2022): a copy of everything the portal holds about an owner
(every app's section from core.personal_data, built into a ZIP by Celery), and the erasure of
their personal data while keeping the records the law requires; consent withdrawal; retention."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditContext, audit_record
from core.notifications import enqueue_on_commit
from core.personal_data import sections
from portal.models import User
from privacy.exports import export_files_delete
from privacy.models import DataRequest, DataRequestKind, DataRequestStatus
from privacy.tasks import build_data_export
from registry.models import Consent
from registry.registration import CONSENT_BY_PURPOSE

logger = logging.getLogger(__name__)


class DataRequestRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def data_export_request(*, user: User, audit: AuditContext | None = None) -> DataRequest:
    """Ask for a copy; one open export at a time. Built by Celery after commit."""
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        open_request = DataRequest.objects.filter(
            user=user, kind=DataRequestKind.EXPORT, status__in=[DataRequestStatus.PENDING, DataRequestStatus.PROCESSING]
        ).first()
        if open_request:
            return open_request
        data_request = DataRequest.objects.create(user=user, kind=DataRequestKind.EXPORT)
        audit_record(actor=user, action="privacy.export_requested", obj=data_request, context=audit)
        enqueue_on_commit(build_data_export, data_request.pk)
    return data_request


def data_export_download(*, data_request: DataRequest, user: User, audit: AuditContext | None = None):
    if data_request.user_id != user.pk or data_request.kind != DataRequestKind.EXPORT:
        raise DataRequestRefused(_("Berkas ini bukan milik Anda."))
    if data_request.status != DataRequestStatus.DONE or not data_request.file:
        raise DataRequestRefused(_("Berkas belum siap."))
    if data_request.expires_at and data_request.expires_at < timezone.now():
        raise DataRequestRefused(_("Tautan unduhan sudah kedaluwarsa. Minta salinan baru."))
    audit_record(actor=user, action="privacy.export_downloaded", obj=data_request, context=audit)
    return data_request.file


def deletion_request(*, user: User, reason: str = "", audit: AuditContext | None = None) -> DataRequest:
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        existing = DataRequest.objects.filter(
            user=user,
            kind=DataRequestKind.DELETION,
            status__in=[DataRequestStatus.PENDING, DataRequestStatus.PROCESSING],
        ).first()
        if existing:
            raise DataRequestRefused(_("Permintaan penghapusan Anda sudah tercatat dan sedang menunggu petugas."))
        data_request = DataRequest.objects.create(
            user=user, kind=DataRequestKind.DELETION, reason=reason.strip()[:2000]
        )
        audit_record(actor=user, action="privacy.deletion_requested", obj=data_request, context=audit)
    return data_request


def deletion_process(
    *, data_request: DataRequest, actor: User, notes: str = "", audit: AuditContext | None = None
) -> dict:
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
        export_files_delete(
            DataRequest.objects.filter(user=user, kind=DataRequestKind.EXPORT), expires_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="privacy.deletion_done",
            obj=locked,
            detail={"user": user.pk, "erased": counts},
            context=audit,
        )
    return counts


def deletion_reject(
    *, data_request: DataRequest, actor: User, notes: str, audit: AuditContext | None = None
) -> DataRequest:
    if not notes.strip():
        raise DataRequestRefused(_("Tuliskan alasan penolakan untuk pemohon."))
    with transaction.atomic():
        locked = DataRequest.objects.select_for_update().get(pk=data_request.pk)
        if not locked.is_open:
            raise DataRequestRefused(_("Permintaan ini sudah ditangani."))
        locked.status, locked.handled_by, locked.handled_at = DataRequestStatus.REJECTED, actor, timezone.now()
        locked.notes = notes.strip()[:2000]
        locked.save(update_fields=["status", "handled_by", "handled_at", "notes"])
        audit_record(
            actor=actor, action="privacy.deletion_rejected", obj=locked, detail={"notes": locked.notes}, context=audit
        )
    return locked


def consent_withdraw(*, user: User, consent: Consent, audit: AuditContext | None = None) -> Consent:
    """Withdrawing takes effect at once: a bank's access (financing_lead) stops on the next
    page it loads. Consents that registration cannot run without are ended by a deletion request."""
    if consent.user_id != user.pk:
        raise DataRequestRefused(_("Persetujuan ini bukan milik Anda."))
    text = CONSENT_BY_PURPOSE.get(consent.purpose)
    if text is not None and text.is_required:
        raise DataRequestRefused(
            _(
                "Persetujuan ini wajib untuk pendaftaran usaha; ajukan penghapusan data bila "
                "Anda tidak ingin data Anda diproses lagi."
            )
        )
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=user,
            action="consent.withdrawn",
            obj=consent,
            detail={"purpose": consent.purpose, "recipient": consent.recipient},
            context=audit,
        )
    return consent
