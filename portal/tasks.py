from celery import shared_task
from django.conf import settings
import logging

from django.core.mail import BadHeaderError, send_mail
from django.db import transaction
from django.utils import timezone

from portal.models import Business, Notification, NotificationStatus
from portal.services import business_size_class_refresh

MAX_DELIVERY_ATTEMPTS = 8
logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def refresh_business_size_class(business_id: int) -> str | None:
    business = Business.objects.filter(pk=business_id).first()
    if business is None:
        return None
    return business_size_class_refresh(business=business)


@shared_task(bind=True, max_retries=5, retry_backoff=True)
def deliver_notification(self, notification_id: int) -> str:
    """Idempotent: a notification already sent is not sent again."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=NotificationStatus.PENDING)
            .first()
        )
        if notification is None:
            return "skipped"
        notification.attempts += 1
        try:
            send_mail(
                notification.subject, notification.body, settings.DEFAULT_FROM_EMAIL,
                [notification.recipient], fail_silently=False,
            )
        except (BadHeaderError, ValueError) as exc:
            # A message that can never be sent must not stay pending and block the outbox.
            notification.last_error = str(exc)[:2000]
            notification.status = NotificationStatus.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
            logger.error("notification %s cannot be sent: %s", notification.pk, exc)
            return "failed"
        except OSError as exc:
            notification.last_error = str(exc)[:2000]
            if notification.attempts >= MAX_DELIVERY_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
            return "failed"
        notification.status = NotificationStatus.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "status", "sent_at"])
    return "sent"


@shared_task
def deliver_pending_notifications(limit: int = 500) -> int:
    """The outbox sweeper (Celery beat): sends what could not be queued at the time."""
    ids = list(
        Notification.objects.filter(status=NotificationStatus.PENDING)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for notification_id in ids:
        deliver_notification.run(notification_id)
    return len(ids)


@shared_task(acks_late=True)
def build_data_export(data_request_id: int) -> str:
    """Thin: builds an owner's personal data ZIP (idempotent: a finished request is left alone)."""
    from portal.models import DataRequest
    from portal.personal_data import data_export_build

    data_request = DataRequest.objects.filter(pk=data_request_id).select_related("user").first()
    if data_request is None:
        return "missing"
    return data_export_build(data_request=data_request).status


@shared_task
def personal_data_housekeeping() -> dict:
    """Celery beat, hourly: the retention rule for rejected registrations, expired export files,
    and export requests whose task or worker was lost queued again (all idempotent)."""
    from datetime import timedelta

    from portal.models import DataRequest, DataRequestKind, DataRequestStatus
    from portal.personal_data import expired_exports_delete, rejected_registrations_anonymise

    now = timezone.now()
    # A build whose worker died stays "processing": mark it failed (claimable again) and retry.
    DataRequest.objects.filter(
        kind=DataRequestKind.EXPORT, status=DataRequestStatus.PROCESSING, requested_at__lt=now - timedelta(minutes=30),
    ).update(status=DataRequestStatus.FAILED, error="interrupted (worker lost); retried by housekeeping")
    stuck = list(DataRequest.objects.filter(
        kind=DataRequestKind.EXPORT, status__in=[DataRequestStatus.PENDING, DataRequestStatus.FAILED],
        requested_at__lt=now - timedelta(minutes=10), requested_at__gt=now - timedelta(days=2),
    ).values_list("pk", flat=True))
    for pk in stuck:
        build_data_export.delay(pk)
    return {"anonymised": rejected_registrations_anonymise(), "exports_deleted": expired_exports_delete(),
            "exports_requeued": len(stuck)}
