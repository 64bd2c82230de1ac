"""The notification outbox never lets one bad message block the others (found by the broker
outage test: a buyer's subject with a line break made every sweep stop at it)."""

import threading
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from core.models import Notification, NotificationStatus
from core.notifications import notify_email
from core.tasks import CLAIM_LEASE, deliver_notification, deliver_pending_notifications
from tests.conftest import free_port

pytestmark = pytest.mark.django_db


def test_a_multi_line_subject_is_sent_as_one_line(mailoutbox):
    notification = notify_email(
        to="budi@example.id",
        subject="Pembayaran diterima.\nPesanan Anda:\n- A",
        template="core/email/message.txt",
        context={"name": "Budi", "message": "x"},
    )
    assert notification.subject == "Pembayaran diterima. Pesanan Anda: - A"
    assert deliver_pending_notifications() == 1
    assert [m.subject for m in mailoutbox] == ["Pembayaran diterima. Pesanan Anda: - A"]


def test_a_message_that_can_never_be_sent_fails_and_the_rest_go_out(mailoutbox):
    poison = Notification.objects.create(recipient="a@example.id", subject="dua\nbaris", body="isi")
    fine = Notification.objects.create(recipient="b@example.id", subject="Satu baris", body="isi")
    deliver_pending_notifications()
    poison.refresh_from_db()
    fine.refresh_from_db()
    assert poison.status == NotificationStatus.FAILED and "newlines" in poison.last_error
    assert fine.status == NotificationStatus.SENT
    assert [m.subject for m in mailoutbox] == ["Satu baris"]
    assert deliver_pending_notifications() == 0


# --- claim, commit, then send (issue 16, step 5) ----------------------------------------------

SEEN_WHILE_SENDING: list[dict] = []


class ProbeBackend(BaseEmailBackend):
    """While the message is 'on the wire', another database connection looks at the row: is the
    claim committed, and is the row free of locks (a slow mail server must not hold one)?"""

    def send_messages(self, messages):
        def look():
            try:
                with transaction.atomic():
                    row = Notification.objects.select_for_update(nowait=True).get(recipient=messages[0].to[0])
                    SEEN_WHILE_SENDING.append({"status": row.status, "locked": False})
            except OperationalError:
                SEEN_WHILE_SENDING.append({"locked": True})
            finally:
                connection.close()

        other = threading.Thread(target=look)
        other.start()
        other.join()
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_a_notification_is_claimed_and_committed_before_it_is_sent_and_sent_without_a_lock(settings):
    settings.EMAIL_BACKEND = "tests.reliability.test_outbox.ProbeBackend"
    SEEN_WHILE_SENDING.clear()
    notification = Notification.objects.create(recipient="siti@example.id", subject="Pesanan baru", body="isi")
    assert deliver_notification.run(notification.pk) == "sent"
    assert SEEN_WHILE_SENDING == [{"status": NotificationStatus.SENDING, "locked": False}]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 1)
    assert deliver_notification.run(notification.pk) == "skipped"  # a second delivery of the same id


def test_a_claim_a_dead_worker_left_is_taken_again_after_the_lease_and_a_fresh_one_is_not(mailoutbox):
    fresh = Notification.objects.create(
        recipient="a@example.id",
        subject="Baru diambil",
        body="isi",
        status=NotificationStatus.SENDING,
        claimed_at=timezone.now(),
        attempts=1,
    )
    abandoned = Notification.objects.create(
        recipient="b@example.id",
        subject="Ditinggal",
        body="isi",
        status=NotificationStatus.SENDING,
        claimed_at=timezone.now() - CLAIM_LEASE - timedelta(seconds=1),
        attempts=1,
    )
    assert deliver_pending_notifications() == 1
    assert [m.subject for m in mailoutbox] == ["Ditinggal"]
    abandoned.refresh_from_db()
    fresh.refresh_from_db()
    assert (abandoned.status, abandoned.attempts) == (NotificationStatus.SENT, 2)
    assert fresh.status == NotificationStatus.SENDING


def test_a_mail_server_that_is_down_puts_the_notification_back_in_the_queue(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    notification = Notification.objects.create(recipient="a@example.id", subject="Coba lagi", body="isi")
    assert deliver_notification.run(notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING and notification.attempts == 1
    assert notification.last_error
