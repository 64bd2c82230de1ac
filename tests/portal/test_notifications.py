import pytest
from django.db import transaction

from core.models import Notification, NotificationStatus
from core.notifications import notify_email
from core.tasks import deliver_pending_notifications


@pytest.mark.django_db(transaction=True)
def test_a_notification_written_in_a_transaction_is_delivered_by_the_worker(celery_worker_process, wait):
    with transaction.atomic():
        notification = notify_email(
            to="sri@example.id",
            subject="Status pendaftaran",
            template="core/email/message.txt",
            context={"name": "Sri", "message": "Usaha Anda sudah terverifikasi."},
        )
    assert "Usaha Anda sudah terverifikasi." in notification.body
    wait(lambda: Notification.objects.get(pk=notification.pk).status == NotificationStatus.SENT)


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_notification():
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_email(
            to="sri@example.id", subject="x", template="core/email/message.txt", context={"name": "Sri", "message": "x"}
        )
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_sweeper_sends_pending_notifications_once(mailoutbox):
    Notification.objects.create(recipient="a@example.id", subject="Satu", body="isi")
    Notification.objects.create(recipient="b@example.id", subject="Dua", body="isi")

    assert deliver_pending_notifications() == 2
    assert deliver_pending_notifications() == 0
    assert sorted(m.subject for m in mailoutbox) == ["Dua", "Satu"]
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
