"""Delivering the outbox (core.models.Notification) by Celery; the beat sweeper sends what could
not be queued at the time."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import BadHeaderError, send_mail
from django.db.models import F, Q
from django.utils import timezone

from core.models import Notification, NotificationStatus

MAX_DELIVERY_ATTEMPTS = 8
# Longer than any send takes (the SMTP timeout is 10 s); a claim older than this is abandoned.
CLAIM_LEASE = timedelta(minutes=10)
logger = logging.getLogger(__name__)


def _claimable():
    return Notification.objects.filter(
        Q(status=NotificationStatus.PENDING)
        | Q(status=NotificationStatus.SENDING, claimed_at__lt=timezone.now() - CLAIM_LEASE)
    )


def _finish(notification_id: int, **fields) -> None:
    # Only the claim this worker holds is finished; a row another worker reclaimed is left alone.
    Notification.objects.filter(pk=notification_id, status=NotificationStatus.SENDING).update(**fields)


@shared_task(bind=True, max_retries=5, retry_backoff=True)
def deliver_notification(self, notification_id: int) -> str:
    """Claim, commit, then send: the claim is one conditional UPDATE committed on its own, so the
    mail server's round trip holds no row lock and no transaction open, and two workers given
    the same id send it once. Idempotent: a notification already sent is not sent again. A
    worker killed after the send but before recording it leaves a claim that the sweeper takes
    again after CLAIM_LEASE: delivery is at least once, never silently dropped."""
    claimed = (
        _claimable()
        .filter(pk=notification_id)
        .update(status=NotificationStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    try:
        send_mail(
            notification.subject,
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient],
            fail_silently=False,
        )
    except (BadHeaderError, ValueError) as exc:
        # A message that can never be sent must not stay pending and block the outbox.
        _finish(notification_id, status=NotificationStatus.FAILED, last_error=str(exc)[:2000])
        logger.error("notification %s cannot be sent: %s", notification_id, exc)
        return "failed"
    except OSError as exc:
        gives_up = notification.attempts >= MAX_DELIVERY_ATTEMPTS
        _finish(
            notification_id,
            last_error=str(exc)[:2000],
            status=NotificationStatus.FAILED if gives_up else NotificationStatus.PENDING,
        )
        return "failed"
    _finish(notification_id, status=NotificationStatus.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


@shared_task
def deliver_pending_notifications(limit: int = 500) -> int:
    """The outbox sweeper (Celery beat): sends what could not be queued at the time, and what a
    worker claimed and never finished."""
    ids = list(_claimable().order_by("created_at").values_list("pk", flat=True)[:limit])
    for notification_id in ids:
        deliver_notification.run(notification_id)
    return len(ids)
