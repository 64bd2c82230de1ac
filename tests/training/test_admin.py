"""Wagtail admin: officers manage only their organiser's programmes and sessions."""

from datetime import timedelta

import pytest

from core.models import Notification
from tests.portal.factories import UserFactory
from tests.training.factories import ProgrammeFactory, RegistrationFactory, SessionFactory, TrainingOfficerFactory
from training.models import Organiser, Programme


@pytest.fixture
def programmes():
    return (
        ProgrammeFactory(title="Kemasan Disperinkop", organiser=Organiser.DISPERINKOP),
        ProgrammeFactory(title="Perizinan DPMPTSP", organiser=Organiser.DPMPTSP),
    )


@pytest.mark.django_db
def test_officer_sees_and_edits_only_their_organisers_programmes(client, programmes):
    mine, theirs = programmes
    client.force_login(TrainingOfficerFactory(organiser=Organiser.DISPERINKOP).user)

    index = client.get("/admin/pelatihan/program/")
    assert index.status_code == 200
    assert "Kemasan Disperinkop" in index.text and "Perizinan DPMPTSP" not in index.text
    assert client.get(f"/admin/pelatihan/program/edit/{mine.pk}/").status_code == 200
    assert client.get(f"/admin/pelatihan/program/edit/{theirs.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/pelatihan/sesi/edit/{SessionFactory(programme=theirs).pk}/").status_code in (302, 403)
    mine_session = SessionFactory(programme=mine)
    sessions = client.get("/admin/pelatihan/sesi/")
    assert sessions.status_code == 200
    assert f'href="/admin/pelatihan/kelola/{mine_session.pk}/"' in sessions.text
    assert "Perizinan DPMPTSP" not in sessions.text
    # The organiser choice offered on the form is their own only.
    form = client.get("/admin/pelatihan/program/new/")
    assert 'value="disperinkop"' in form.text and 'value="dpmptsp"' not in form.text


@pytest.mark.django_db
def test_administrator_sees_every_programme_and_officer_links(client, programmes):
    client.force_login(UserFactory(roles=["administrator"]))
    index = client.get("/admin/pelatihan/program/")
    assert "Kemasan Disperinkop" in index.text and "Perizinan DPMPTSP" in index.text
    assert client.get("/admin/pelatihan/petugas/").status_code == 200


@pytest.mark.django_db
def test_officers_cannot_manage_officer_links_and_owners_cannot_open_the_admin(client):
    client.force_login(TrainingOfficerFactory().user)
    assert client.get("/admin/pelatihan/petugas/").status_code in (302, 403)
    client.force_login(UserFactory(roles=["owner"]))
    assert client.get("/admin/pelatihan/program/").status_code == 302


@pytest.mark.django_db
def test_moving_a_session_in_the_admin_notifies_everyone_signed_up(client):
    session = SessionFactory(programme=ProgrammeFactory(organiser=Organiser.DISPERINKOP))
    registration = RegistrationFactory(session=session)
    client.force_login(TrainingOfficerFactory(organiser=Organiser.DISPERINKOP).user)
    new_day = session.first_day + timedelta(days=2)
    data = {
        "programme": session.programme_id,
        "venue": "plut",
        "venue_detail": "",
        "first_day": new_day.isoformat(),
        "last_day": new_day.isoformat(),
        "daily_start": "09:00",
        "daily_end": "15:00",
        "capacity": 10,
        "signup_opens_at": session.signup_opens_at.strftime("%Y-%m-%d %H:%M"),
        "signup_closes_at": session.signup_closes_at.strftime("%Y-%m-%d %H:%M"),
        "min_days_for_certificate": "",
        "offer_window_hours": 24,
        "status": "scheduled",
    }
    response = client.post(f"/admin/pelatihan/sesi/edit/{session.pk}/", data)
    assert response.status_code == 302, response.content[:3000]
    change = Notification.objects.get(topic="training.changed")
    assert change.recipient == registration.participant_email
    assert "hari pertama" in change.body and "tempat" in change.body
    assert Programme.objects.count() == 1


@pytest.mark.django_db
def test_managing_a_session_and_its_door_stay_inside_the_admin(client):
    session = SessionFactory(programme=ProgrammeFactory(title="Kemasan Disperinkop", organiser=Organiser.DISPERINKOP))
    RegistrationFactory(session=session, participant_name="Sri Lestari")
    client.force_login(TrainingOfficerFactory(organiser=Organiser.DISPERINKOP).user)

    for path in (f"/admin/pelatihan/kelola/{session.pk}/", f"/admin/pelatihan/kelola/{session.pk}/absen/"):
        html = client.get(path).content.decode()
        assert 'id="wagtail-sidebar"' in html, path  # Wagtail's admin frame, not the public site
        assert 'class="site-header' not in html and "Kemasan Disperinkop" in html
        assert 'href="/admin/pelatihan/sesi/"' in html  # breadcrumbs back to the sessions listing
    manage = client.get(f"/admin/pelatihan/kelola/{session.pk}/").content.decode()
    assert "Sri Lestari" in manage and f'href="/admin/pelatihan/kelola/{session.pk}/absen/"' in manage
    assert f'href="/admin/pelatihan/sesi/edit/{session.pk}/"' in manage


@pytest.mark.django_db
def test_old_management_links_land_on_the_admin_pages(client):
    session = SessionFactory()
    day = session.first_day.isoformat()
    for old, new in (
        (f"/pelatihan/kelola/{session.pk}/", f"/admin/pelatihan/kelola/{session.pk}/"),
        (f"/pelatihan/absen/{session.pk}/?day={day}", f"/admin/pelatihan/kelola/{session.pk}/absen/?day={day}"),
        (
            f"/pelatihan/kelola/{session.pk}/ekspor/peserta.xlsx",
            f"/admin/pelatihan/kelola/{session.pk}/ekspor/peserta.xlsx",
        ),
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
