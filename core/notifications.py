"""Notifications through a transactional outbox.

`notify_email` writes a Notification row inside the caller's transaction and, after commit,
asks Celery to deliver it. If the broker is unreachable the row simply stays pending and the
periodic `deliver_pending_notifications` task sends it once Redis is back: nothing is lost.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.template.loader import render_to_string
from kombu.exceptions import OperationalError as BrokerError

from core.models import Notification
from core.tasks import deliver_notification

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue a Celery task after the surrounding transaction commits; a broker outage is logged,
    not raised, because the caller's data is already safe and a sweeper retries later."""

    def send():
        try:
            task.apply_async(args=args, kwargs=kwargs, retry=False)
        except (BrokerError, ConnectionError, OSError) as exc:
            logger.warning("broker unavailable, %s left for the sweeper: %s", task.name, exc)

    transaction.on_commit(send)


def notify_email(
    *, to: str, subject: str, template: str, context: dict, topic: str = "", whatsapp_url: str = ""
) -> Notification | None:
    if not to:
        return None
    body = render_to_string(template, context)
    # A mail header cannot hold a line break (Django refuses to send it): one line, trimmed.
    subject = " ".join(str(subject).split())[:200]
    notification = Notification.objects.create(
        recipient=to, subject=subject, body=body, topic=topic, whatsapp_url=whatsapp_url
    )

    enqueue_on_commit(deliver_notification, notification.pk)
    return notification
