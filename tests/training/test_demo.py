import random

import pytest

from core.demo import DemoContext
from portal import demo as portal_demo
from registry import demo as registry_demo
from training import demo as training_demo
from training.models import Certificate, Programme, RegistrationStatus, Session, TrainingOfficer


@pytest.mark.django_db
def test_demo_seed_creates_programmes_sessions_signups_and_the_officer_link():
    ctx = DemoContext(rng=random.Random(7))
    ctx.staff = portal_demo.staff_users()
    registry_demo.seed_businesses(ctx, 60)

    training_demo.seed(ctx)

    assert Programme.objects.count() == 7
    assert Session.objects.count() == 8
    assert TrainingOfficer.objects.get(user=ctx.staff["training"]).organiser == "disperinkop"
    full = Session.objects.get(capacity=8)
    assert full.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 8
    assert full.registrations.filter(status=RegistrationStatus.WAITLISTED).exists()
    assert Certificate.objects.exists()
    training_demo.seed(ctx)  # idempotent: a second run adds nothing
    assert Session.objects.count() == 8
