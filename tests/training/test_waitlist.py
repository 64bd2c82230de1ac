"""Waitlist: cancellation promotes exactly the first waitlisted, the offer lapses and moves on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Notification
from tests.portal.factories import BusinessFactory
from tests.training.factories import SessionFactory
from training import services
from training.models import RegistrationStatus


def _sign_up(session, n, *, start=None):
    start = start or timezone.now()
    registrations = []
    for i in range(n):
        business = BusinessFactory()
        registrations.append(
            services.registration_create(
                session=session, business=business, actor=business.owner, now=start + timedelta(seconds=i)
            )
        )
    return registrations


@pytest.mark.django_db
def test_a_full_session_puts_the_next_business_on_the_waitlist_with_its_position():
    session = SessionFactory(capacity=2)
    first, second, third, fourth = _sign_up(session, 4)

    assert [r.status for r in (first, second)] == [RegistrationStatus.CONFIRMED] * 2
    assert [r.status for r in (third, fourth)] == [RegistrationStatus.WAITLISTED] * 2
    assert services.waitlist_position(third) == 1
    assert services.waitlist_position(fourth) == 2
    assert services.waitlist_position(first) is None
    assert Notification.objects.filter(topic="training.waitlisted", recipient=fourth.participant_email).count() == 1


@pytest.mark.django_db
def test_cancellation_promotes_exactly_the_first_waitlisted_and_notifies_them():
    session = SessionFactory(capacity=2, offer_window_hours=24)
    first, second, third, fourth = _sign_up(session, 4)
    now = timezone.now() + timedelta(minutes=5)

    promoted = services.registration_cancel(registration=first, actor=first.business.owner, now=now)

    assert [r.pk for r in promoted] == [third.pk]
    third.refresh_from_db()
    fourth.refresh_from_db()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert third.status == RegistrationStatus.OFFERED
    assert third.offer_expires_at == now + timedelta(hours=24)
    assert fourth.status == RegistrationStatus.WAITLISTED
    assert services.waitlist_position(fourth) == 1
    offer = Notification.objects.get(topic="training.offered")
    assert offer.recipient == third.participant_email
    assert "Konfirmasi sebelum" in offer.body
    assert offer.whatsapp_url.startswith("https://wa.me/6281234567890?text=")


@pytest.mark.django_db
def test_the_promoted_business_confirms_within_the_window_and_keeps_the_seat():
    session = SessionFactory(capacity=1)
    first, second = _sign_up(session, 2)
    services.registration_cancel(registration=first, actor=first.business.owner)
    second.refresh_from_db()

    services.registration_confirm_offer(registration=second, actor=second.business.owner)

    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert services.offers_expire(now=timezone.now() + timedelta(days=3)) == 0


@pytest.mark.django_db
def test_an_unconfirmed_offer_expires_and_the_seat_moves_to_the_next_waitlisted():
    session = SessionFactory(capacity=1, offer_window_hours=12)
    first, second, third = _sign_up(session, 3)
    cancelled_at = timezone.now()
    services.registration_cancel(registration=first, actor=first.business.owner, now=cancelled_at)

    assert services.offers_expire(now=cancelled_at + timedelta(hours=11)) == 0
    second.refresh_from_db()
    assert second.status == RegistrationStatus.OFFERED

    assert services.offers_expire(now=cancelled_at + timedelta(hours=12, seconds=1)) == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.EXPIRED
    assert third.status == RegistrationStatus.OFFERED
    with pytest.raises(services.TrainingActionError, match="Tidak ada tawaran"):
        services.registration_confirm_offer(registration=second, actor=second.business.owner)
    # Running the beat task again changes nothing: idempotent.
    assert services.offers_expire(now=cancelled_at + timedelta(hours=12, seconds=2)) == 0
    assert Notification.objects.filter(topic="training.expired").count() == 1


@pytest.mark.django_db
def test_a_late_confirmation_is_refused_even_before_the_beat_task_ran():
    session = SessionFactory(capacity=1, offer_window_hours=1)
    first, second = _sign_up(session, 2)
    services.registration_cancel(registration=first, actor=first.business.owner)
    second.refresh_from_db()

    with pytest.raises(services.TrainingActionError, match="Batas waktu"):
        services.registration_confirm_offer(
            registration=second, actor=second.business.owner, now=timezone.now() + timedelta(hours=2)
        )


@pytest.mark.django_db
def test_raising_the_capacity_offers_the_new_seats_in_waitlist_order():
    session = SessionFactory(capacity=1)
    _first, second, third, fourth = _sign_up(session, 4)
    session.capacity = 3
    session.save()

    promoted = services.session_promote_waitlisted(session=session)

    assert [r.pk for r in promoted] == [second.pk, third.pk]
    fourth.refresh_from_db()
    assert fourth.status == RegistrationStatus.WAITLISTED


@pytest.mark.django_db
def test_reminders_go_once_to_confirmed_participants_of_tomorrows_sessions():
    today = timezone.localdate()
    tomorrow = SessionFactory(first_day=today + timedelta(days=1), last_day=today + timedelta(days=2), capacity=1)
    later = SessionFactory(first_day=today + timedelta(days=5))
    confirmed, waitlisted = _sign_up(tomorrow, 2)
    _sign_up(later, 1)

    assert services.reminders_send(today=today) == 1
    assert services.reminders_send(today=today) == 0
    reminder = Notification.objects.get(topic="training.reminder")
    assert reminder.recipient == confirmed.participant_email


@pytest.mark.django_db
def test_signups_outside_the_window_are_refused_with_the_reason():
    session = SessionFactory(
        signup_opens_at=timezone.now() + timedelta(days=1), signup_closes_at=timezone.now() + timedelta(days=2)
    )
    business = BusinessFactory()
    with pytest.raises(services.SignupRefused) as refused:
        services.registration_create(session=session, business=business, actor=business.owner)
    assert refused.value.reasons[0].startswith("Pendaftaran belum dibuka")
    with pytest.raises(services.SignupRefused) as refused:
        services.registration_create(
            session=session, business=business, actor=business.owner, now=timezone.now() + timedelta(days=3)
        )
    assert refused.value.reasons == ["Pendaftaran sudah ditutup."]


@pytest.mark.django_db
def test_an_owner_cannot_sign_up_someone_elses_business_but_counter_staff_can():
    from tests.portal.factories import UserFactory

    session = SessionFactory()
    business = BusinessFactory()
    stranger = BusinessFactory().owner
    with pytest.raises(services.SignupRefused) as refused:
        services.registration_create(session=session, business=business, actor=stranger)
    assert refused.value.reasons == ["Anda tidak berhak mendaftarkan usaha ini."]

    counter = UserFactory(roles=["counter_staff"])
    registration = services.registration_create(session=session, business=business, actor=counter)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.registered_by == counter


@pytest.mark.django_db
def test_a_sign_up_cannot_be_cancelled_after_the_session_ended():
    session = SessionFactory()
    registration = _sign_up(session, 1)[0]
    after = timezone.now() + timedelta(days=30)
    with pytest.raises(services.TrainingActionError, match="Sesi sudah selesai"):
        services.registration_cancel(registration=registration, actor=registration.business.owner, now=after)
