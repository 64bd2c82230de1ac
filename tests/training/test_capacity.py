"""Capacity is never exceeded, even under concurrent sign-ups (PostgreSQL row lock)."""

import threading

import pytest
from django.db import connection, connections

from tests.portal.factories import BusinessFactory
from tests.training.factories import SessionFactory
from training import services
from training.models import Registration, RegistrationStatus


@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_signups_for_ten_seats_fill_exactly_ten_and_waitlist_twenty():
    assert connection.vendor == "postgresql"
    session = SessionFactory(capacity=10)
    businesses = [BusinessFactory() for _ in range(30)]
    barrier = threading.Barrier(30)
    errors = []

    def sign_up(business):
        try:
            barrier.wait(timeout=30)
            services.registration_create(session=session, business=business, actor=business.owner)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever a thread raised
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(b,)) for b in businesses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 10
    assert statuses.count(RegistrationStatus.WAITLISTED) == 20
    positions = sorted(
        services.waitlist_position(r)
        for r in Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED)
    )
    assert positions == list(range(1, 21))


@pytest.mark.django_db
def test_a_business_gets_one_place_per_session_even_when_the_service_is_bypassed():
    from django.db import IntegrityError, transaction

    from tests.training.factories import RegistrationFactory

    registration = RegistrationFactory()
    with pytest.raises(services.SignupRefused) as refused:
        services.registration_create(
            session=registration.session, business=registration.business, actor=registration.business.owner
        )
    assert refused.value.reasons == ["Usaha ini sudah terdaftar di sesi ini."]
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(
            session=registration.session, business=registration.business, status=RegistrationStatus.WAITLISTED
        )
