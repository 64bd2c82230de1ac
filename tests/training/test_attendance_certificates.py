"""Per-day attendance at the door and certificates that can be verified."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.portal.factories import BusinessFactory, UserFactory
from tests.training.factories import RegistrationFactory, SessionFactory, TrainingOfficerFactory
from training import services
from training.models import Certificate, Organiser, RegistrationStatus


@pytest.fixture
def officer():
    return TrainingOfficerFactory(organiser=Organiser.DISPERINKOP).user


def _three_day_session(**kwargs):
    """Ending today: every day of it has come, so each can be checked in."""
    first = timezone.localdate() - timedelta(days=2)
    return SessionFactory(first_day=first, last_day=first + timedelta(days=2), **kwargs)


@pytest.mark.django_db
def test_check_in_is_per_day_and_scanning_twice_is_harmless(officer):
    session = _three_day_session()
    registration = RegistrationFactory(session=session)

    first = services.attendance_record(
        session=session, code=registration.code.lower(), day=session.first_day, actor=officer
    )
    again = services.attendance_record(session=session, code=registration.code, day=session.first_day, actor=officer)
    second_day = services.attendance_record(session=session, code=registration.code, day=session.days[1], actor=officer)

    assert (first.created, again.created, second_day.created) == (True, False, True)
    assert registration.attendances.count() == 2


@pytest.mark.django_db
def test_check_in_refuses_unknown_codes_waitlisted_people_days_outside_the_session_and_other_organisers(officer):
    session = _three_day_session()
    waitlisted = RegistrationFactory(
        session=session, status=RegistrationStatus.WAITLISTED, waitlisted_at=timezone.now()
    )
    with pytest.raises(services.TrainingActionError, match="tidak terdaftar"):
        services.attendance_record(session=session, code="ZZZZ9999", day=session.first_day, actor=officer)
    with pytest.raises(services.TrainingActionError, match="belum mendapat kursi"):
        services.attendance_record(session=session, code=waitlisted.code, day=session.first_day, actor=officer)
    with pytest.raises(services.TrainingActionError, match="bukan hari"):
        services.attendance_record(
            session=session, code=waitlisted.code, day=session.last_day + timedelta(days=1), actor=officer
        )
    other = TrainingOfficerFactory(organiser=Organiser.DPMPTSP).user
    with pytest.raises(services.TrainingActionError, match="tidak berhak"):
        services.attendance_record(session=session, code=waitlisted.code, day=session.first_day, actor=other)


@pytest.mark.django_db
def test_attendance_cannot_be_recorded_for_a_day_that_has_not_come(officer):
    today = timezone.localdate()
    session = SessionFactory(first_day=today, last_day=today + timedelta(days=1))
    registration = RegistrationFactory(session=session)
    tomorrow = session.days[1]
    with pytest.raises(services.TrainingActionError, match="belum bisa dicatat: hari itu belum tiba"):
        services.attendance_record(session=session, code=registration.code, day=tomorrow, actor=officer)
    assert not registration.attendances.exists()
    assert services.attendance_record(session=session, code=registration.code, day=today, actor=officer).created


@pytest.mark.django_db
def test_a_certificate_is_issued_only_when_the_attendance_rule_is_met(officer, client):
    session = _three_day_session(min_days_for_certificate=2)
    full = RegistrationFactory(session=session, participant_name="Siti Lestari")
    one_day = RegistrationFactory(session=session, participant_name="Eko Prasetyo")
    for day in session.days[:2]:
        services.attendance_record(session=session, code=full.code, day=day, actor=officer)
    services.attendance_record(session=session, code=one_day.code, day=session.first_day, actor=officer)

    issued = services.certificates_issue(session=session, actor=officer)

    assert [c.participant_name for c in issued] == ["Siti Lestari"]
    assert not Certificate.objects.filter(registration=one_day).exists()
    assert services.certificates_issue(session=session, actor=officer) == []  # idempotent
    certificate = issued[0]
    assert certificate.days_attended == 2

    page = client.get(f"/sertifikat/{certificate.code}/")
    assert page.status_code == 200
    assert "Sertifikat ini asli dan berlaku." in page.text
    assert "Siti Lestari" in page.text and session.programme.title in page.text

    pdf = client.get(f"/sertifikat/{certificate.code}/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_all_days_are_required_when_no_minimum_is_set(officer):
    session = _three_day_session()
    registration = RegistrationFactory(session=session)
    for day in session.days[:2]:
        services.attendance_record(session=session, code=registration.code, day=day, actor=officer)
    assert services.certificates_issue(session=session, actor=officer) == []
    services.attendance_record(session=session, code=registration.code, day=session.days[2], actor=officer)
    assert len(services.certificates_issue(session=session, actor=officer)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["FORGED12345678", "abc", "X" * 40])
def test_a_forged_certificate_code_says_it_is_not_valid(client, code):
    RegistrationFactory()
    page = client.get(f"/sertifikat/{code}/")
    assert page.status_code == 404
    assert "Sertifikat tidak valid." in page.text
    assert "asli dan berlaku" not in page.text
    assert client.get(f"/sertifikat/{code}/pdf/").status_code == 404


@pytest.mark.django_db
def test_a_revoked_certificate_is_not_valid(officer, client):
    session = SessionFactory(first_day=timezone.localdate())
    registration = RegistrationFactory(session=session)
    services.attendance_record(session=session, code=registration.code, day=session.first_day, actor=officer)
    certificate = services.certificates_issue(session=session, actor=officer)[0]
    certificate.revoked_at = timezone.now()
    certificate.save()
    assert "Sertifikat tidak valid." in client.get(f"/sertifikat/{certificate.code}/").text


@pytest.mark.django_db
def test_certificates_are_listed_on_the_business_profile(officer, client):
    session = SessionFactory(first_day=timezone.localdate())
    registration = RegistrationFactory(session=session)
    services.attendance_record(session=session, code=registration.code, day=session.first_day, actor=officer)
    certificate = services.certificates_issue(session=session, actor=officer)[0]

    page = client.get(f"/usaha/{registration.business.slug}/")

    assert "Sertifikat pelatihan" in page.text
    assert f"/sertifikat/{certificate.code}/" in page.text


@pytest.mark.django_db
def test_only_officers_of_the_organiser_and_admins_issue_certificates():
    session = SessionFactory(first_day=timezone.localdate())
    owner = BusinessFactory().owner
    with pytest.raises(services.TrainingActionError):
        services.certificates_issue(session=session, actor=owner)
    admin = UserFactory(roles=["administrator"])
    assert services.certificates_issue(session=session, actor=admin) == []
