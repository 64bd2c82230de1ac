from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from tests.portal.factories import BusinessFactory
from tests.training.factories import SessionFactory
from training import services
from training.models import RegistrationStatus
from training.tasks import expire_training_offers, send_training_reminders


def test_beat_runs_the_training_tasks():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"training.tasks.expire_training_offers", "training.tasks.send_training_reminders"} <= tasks


@pytest.mark.django_db
def test_the_expiry_task_moves_a_lapsed_offer_on():
    session = SessionFactory(capacity=1, offer_window_hours=1)
    owners = [BusinessFactory() for _ in range(3)]
    long_ago = timezone.now() - timedelta(hours=3)
    first, second, third = [
        services.registration_create(session=session, business=b, actor=b.owner, now=long_ago + timedelta(seconds=i))
        for i, b in enumerate(owners)
    ]
    services.registration_cancel(registration=first, actor=first.business.owner, now=long_ago)

    assert expire_training_offers.apply().get() == 1

    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (RegistrationStatus.EXPIRED, RegistrationStatus.OFFERED)


@pytest.mark.django_db
def test_the_reminder_task_runs_for_tomorrow():
    session = SessionFactory(first_day=timezone.localdate() + timedelta(days=1))
    business = BusinessFactory()
    services.registration_create(session=session, business=business, actor=business.owner)
    assert send_training_reminders.apply().get() == 1
    assert send_training_reminders.apply().get() == 0
