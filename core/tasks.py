"""Delivering the outbox (core.models.Notification) by Celery; the beat sweeper sends what could
not be queued at the time."""
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import BadHeaderError, send_mail
from django.db import transaction
from django.utils import timezone

from core.models import Notification, NotificationStatus

MAX_DELIVERY_ATTEMPTS = 8
logger = logging.getLogger(__name__)


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
