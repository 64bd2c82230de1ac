from datetime import time, timedelta

import factory
from django.utils import timezone

from tests.portal.factories import BusinessFactory, UserFactory
from training.models import Organiser, Programme, Registration, RegistrationStatus, Session, Topic, TrainingOfficer


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organiser = Organiser.DISPERINKOP
    topic = Topic.PACKAGING
    title = factory.Sequence(lambda n: f"Pelatihan Kemasan Produk {n}")
    description = "Desain kemasan dan label pangan."
    cost = 0
    requires_nib = False


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    programme = factory.SubFactory(ProgrammeFactory)
    first_day = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    last_day = factory.LazyAttribute(lambda s: s.first_day)
    daily_start = time(8, 30)
    daily_end = time(15, 0)
    capacity = 10
    signup_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    signup_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    business = factory.SubFactory(BusinessFactory)
    participant_name = "Sri Rahayu"
    participant_email = "sri@example.id"
    status = RegistrationStatus.CONFIRMED


class TrainingOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingOfficer

    user = factory.SubFactory(UserFactory, roles=["training_officer"])
    organiser = Organiser.DISPERINKOP
