"""The notification outbox never lets one bad message block the others (found by the broker
outage test: a buyer's subject with a line break made every sweep stop at it)."""
import pytest

from core.models import Notification, NotificationStatus
from core.notifications import notify_email
from core.tasks import deliver_pending_notifications

pytestmark = pytest.mark.django_db


def test_a_multi_line_subject_is_sent_as_one_line(mailoutbox):
    notification = notify_email(to="budi@example.id", subject="Pembayaran diterima.\nPesanan Anda:\n- A",
                                template="core/email/message.txt", context={"name": "Budi", "message": "x"})
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
