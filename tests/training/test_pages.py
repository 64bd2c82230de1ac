"""Public listing, session pages, iCal, API, officer pages and exports, per role."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from registry.models import CertificationKind
from tests.portal.factories import BusinessFactory, CertificationFactory, UserFactory
from tests.training.factories import ProgrammeFactory, RegistrationFactory, SessionFactory, TrainingOfficerFactory
from training import services
from training.models import Organiser, RegistrationStatus, Topic


@pytest.mark.django_db
def test_listing_shows_upcoming_sessions_and_filters_by_topic_organiser_date_and_seats(
    client, django_assert_max_num_queries
):
    today = timezone.localdate()
    halal = SessionFactory(
        programme=ProgrammeFactory(title="Fasilitasi Halal SEHATI", topic=Topic.HALAL, organiser=Organiser.DISPERINKOP),
        first_day=today + timedelta(days=3),
        capacity=1,
    )
    oss = SessionFactory(
        programme=ProgrammeFactory(title="Perizinan NIB OSS", topic=Topic.LICENSING, organiser=Organiser.DPMPTSP),
        first_day=today + timedelta(days=20),
    )
    SessionFactory(
        programme=ProgrammeFactory(title="Sesi Lampau"),
        first_day=today - timedelta(days=5),
        signup_opens_at=timezone.now() - timedelta(days=20),
        signup_closes_at=timezone.now() - timedelta(days=6),
    )
    RegistrationFactory(session=halal)
    for _ in range(5):
        SessionFactory()

    with django_assert_max_num_queries(6):
        page = client.get("/pelatihan/")
    assert "Fasilitasi Halal SEHATI" in page.text and "Perizinan NIB OSS" in page.text
    assert "Sesi Lampau" not in page.text

    def titles(query):
        return [s.programme.title for s in client.get("/pelatihan/" + query).context["sessions"]]

    assert titles("?topic=halal") == ["Fasilitasi Halal SEHATI"]
    assert titles("?organiser=dpmptsp") == ["Perizinan NIB OSS"]
    assert titles(f"?date_from={(today + timedelta(days=10)).isoformat()}") == ["Perizinan NIB OSS"]
    assert "Fasilitasi Halal SEHATI" not in titles("?has_seats=on")
    assert oss.programme.title in titles("?has_seats=on")


@pytest.mark.django_db
def test_session_page_and_ical(client):
    first = timezone.localdate() + timedelta(days=4)
    session = SessionFactory(
        programme=ProgrammeFactory(title="Pembukuan Sederhana, Bagian 1"),
        capacity=25,
        first_day=first,
        last_day=first + timedelta(days=1),
    )
    page = client.get(f"/pelatihan/sesi/{session.pk}/")
    assert page.status_code == 200
    assert "25 dari 25 kursi tersisa" in page.text
    assert "Masuk untuk mendaftar" in page.text

    ics = client.get(f"/pelatihan/sesi/{session.pk}/kalender.ics")
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    body = ics.content.decode()
    assert "SUMMARY:Pembukuan Sederhana\\, Bagian 1\r\n" in body
    assert "RRULE:FREQ=DAILY;COUNT=2\r\n" in body
    # 08:30 WIB (UTC+7) is 01:30 UTC.
    assert f"DTSTART:{first:%Y%m%d}T013000Z\r\n" in body
    assert client.get("/pelatihan/sesi/999999/").status_code == 404


@pytest.mark.django_db
def test_owner_signs_up_through_the_page_and_sees_the_qr_code(client):
    session = SessionFactory(capacity=1)
    business = BusinessFactory()
    client.force_login(business.owner)

    response = client.post(f"/pelatihan/sesi/{session.pk}/daftar/", {"business": business.pk})

    registration = business.training_registrations.get()
    assert response.status_code == 302 and response["Location"] == f"/pelatihan/pendaftaran/{registration.code}/"
    page = client.get(response["Location"])
    assert registration.code in page.text and "<svg" in page.text
    assert client.get(f"/pelatihan/pendaftaran/{registration.code}/qr.svg")["Content-Type"] == "image/svg+xml"

    other = BusinessFactory()
    client.force_login(other.owner)
    assert client.get(f"/pelatihan/pendaftaran/{registration.code}/").status_code == 403
    client.post(f"/pelatihan/sesi/{session.pk}/daftar/", {"business": other.pk})
    waitlisted = other.training_registrations.get()
    assert waitlisted.status == RegistrationStatus.WAITLISTED
    assert "Urutan ke-1 di daftar tunggu" in client.get(f"/pelatihan/pendaftaran/{waitlisted.code}/").text


@pytest.mark.django_db
def test_an_owner_cannot_pick_someone_elses_business_in_the_form(client):
    session = SessionFactory()
    mine, theirs = BusinessFactory(), BusinessFactory()
    client.force_login(mine.owner)
    response = client.post(f"/pelatihan/sesi/{session.pk}/daftar/", {"business": theirs.pk})
    assert response.status_code == 200
    assert not theirs.training_registrations.exists()


@pytest.mark.django_db
def test_counter_staff_sign_up_a_business_by_nib(client):
    session = SessionFactory()
    business = BusinessFactory()
    client.force_login(UserFactory(roles=["counter_staff"]))
    response = client.post(f"/pelatihan/sesi/{session.pk}/daftar/", {"business_lookup": business.nib})
    assert response.status_code == 302
    assert business.training_registrations.get().status == RegistrationStatus.CONFIRMED
    response = client.post(f"/pelatihan/sesi/{session.pk}/daftar/", {"business_lookup": "0000000000000"})
    assert "tidak ditemukan" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", "login"),
        ("owner", "login"),
        ("counter", "refused"),
        ("other_officer", "refused"),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_check_in_and_manage_pages_per_role(client, who, expected):
    session = SessionFactory(programme=ProgrammeFactory(organiser=Organiser.DISPERINKOP))
    users = {
        "owner": lambda: BusinessFactory().owner,
        "counter": lambda: UserFactory(roles=["counter_staff"]),
        "other_officer": lambda: TrainingOfficerFactory(organiser=Organiser.DPMPTSP).user,
        "officer": lambda: TrainingOfficerFactory(organiser=Organiser.DISPERINKOP).user,
        "admin": lambda: UserFactory(roles=["administrator"]),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    for url in (
        f"/admin/pelatihan/kelola/{session.pk}/absen/",
        f"/admin/pelatihan/kelola/{session.pk}/",
        f"/admin/pelatihan/kelola/{session.pk}/ekspor/peserta.xlsx",
    ):
        response = client.get(url)
        if expected == "login":  # no admin access: sign in first
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url
        elif expected == "refused":  # Wagtail's refusal: back to the admin home with a message
            assert (response.status_code, response["Location"]) == (302, "/admin/"), url
        else:
            assert response.status_code == expected, url


@pytest.mark.django_db
def test_officer_checks_in_by_code_and_by_search(client):
    session = SessionFactory(first_day=timezone.localdate())
    registration = RegistrationFactory(session=session, participant_name="Wahyu Nugroho")
    client.force_login(TrainingOfficerFactory().user)

    found = client.get(f"/admin/pelatihan/kelola/{session.pk}/absen/?q=wahyu")
    assert "Wahyu Nugroho" in found.text
    response = client.post(
        f"/admin/pelatihan/kelola/{session.pk}/absen/", {"code": registration.code, "day": session.first_day}
    )
    assert response.status_code == 302
    assert registration.attendances.get().day == session.first_day
    page = client.get(response["Location"])
    assert "1 dari 1 peserta hadir" in page.text


@pytest.mark.django_db
def test_the_door_refuses_attendance_for_a_day_that_has_not_come(client):
    today = timezone.localdate()
    session = SessionFactory(first_day=today + timedelta(days=3), last_day=today + timedelta(days=4))
    registration = RegistrationFactory(session=session, participant_name="Wahyu Nugroho")
    client.force_login(TrainingOfficerFactory().user)

    page = client.get(f"/admin/pelatihan/kelola/{session.pk}/absen/").text
    assert "belum bisa dicatat: hari itu belum tiba" in page
    assert "Catat hadir" not in page  # no form that would only be refused
    response = client.post(
        f"/admin/pelatihan/kelola/{session.pk}/absen/",
        {"code": registration.code, "day": session.first_day},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert "hari itu belum tiba" in str(list(response.context["messages"])[0])
    assert not registration.attendances.exists()


@pytest.mark.django_db
def test_exports_are_xlsx_with_formula_injection_neutralised(client):
    session = SessionFactory(first_day=timezone.localdate())
    officer = TrainingOfficerFactory().user
    registration = RegistrationFactory(session=session, participant_name='=HYPERLINK("http://x")')
    services.attendance_record(session=session, code=registration.code, day=session.first_day, actor=officer)
    services.certificates_issue(session=session, actor=officer)
    client.force_login(officer)

    for kind, expected_header in (("peserta", "Kode"), ("kehadiran", "Kode"), ("sertifikat", "Nomor sertifikat")):
        response = client.get(f"/admin/pelatihan/kelola/{session.pk}/ekspor/{kind}.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == expected_header
        assert len(rows) == 2
        names = [value for value in rows[1] if isinstance(value, str) and "HYPERLINK" in value]
        assert names == ['\'=HYPERLINK("http://x")'], kind
    assert client.get(f"/admin/pelatihan/kelola/{session.pk}/ekspor/lain.xlsx").status_code == 404


@pytest.mark.django_db
def test_feedback_after_the_session_is_seen_by_officers(client):
    session = SessionFactory(first_day=timezone.localdate())
    registration = RegistrationFactory(session=session)
    client.force_login(registration.business.owner)
    client.post(
        f"/pelatihan/pendaftaran/{registration.code}/umpan-balik/",
        {"rating": "4", "comment": "Materi kemasan sangat berguna"},
    )
    assert registration.feedback.rating == 4

    client.force_login(TrainingOfficerFactory().user)
    page = client.get(f"/admin/pelatihan/kelola/{session.pk}/")
    assert "Rata-rata 4,0 dari 5 (1 penilaian)" in page.text or "Rata-rata 4.0 dari 5 (1 penilaian)" in page.text
    assert "Materi kemasan sangat berguna" in page.text


@pytest.mark.django_db
def test_feedback_is_not_open_before_the_session():
    registration = RegistrationFactory()
    with pytest.raises(services.TrainingActionError):
        services.feedback_submit(registration=registration, actor=registration.business.owner, rating=5)


@pytest.mark.django_db
def test_api_lists_upcoming_sessions_with_seats_left(client):
    session = SessionFactory(capacity=3, programme=ProgrammeFactory(topic=Topic.HALAL))
    RegistrationFactory(session=session)
    SessionFactory(programme=ProgrammeFactory(topic=Topic.PIRT))

    data = client.get("/api/v1/training/sessions/?topic=halal").json()

    assert data["count"] == 1
    item = data["results"][0]
    assert (item["id"], item["capacity"], item["seats_left"], item["topic"]) == (session.pk, 3, 2, "halal")
    assert item["url"].endswith(f"/pelatihan/sesi/{session.pk}/")
    bad = client.get("/api/v1/training/sessions/?date_from=not-a-date")
    assert bad.status_code == 400 and "date_from" in bad.json()


@pytest.mark.django_db
def test_owner_dashboard_recommends_sessions_that_close_the_business_gaps(client):
    food = BusinessFactory(name="Kripik Tempe Bu Sri", kbli="10794")
    CertificationFactory(business=food, kind=CertificationKind.PIRT, number="2123456789012345")
    halal = SessionFactory(programme=ProgrammeFactory(title="Fasilitasi Halal SEHATI", topic=Topic.HALAL))
    SessionFactory(programme=ProgrammeFactory(title="Keamanan Pangan P-IRT", topic=Topic.PIRT))
    client.force_login(food.owner)

    page = client.get("/akun/")

    assert "Pelatihan yang disarankan" in page.text
    assert "Produk pangan belum bersertifikat halal" in page.text
    assert f"/pelatihan/sesi/{halal.pk}/" in page.text
    assert "Keamanan Pangan P-IRT" not in page.text  # the business already has a P-IRT


@pytest.mark.django_db
def test_home_page_shows_upcoming_sessions(client):
    SessionFactory(programme=ProgrammeFactory(title="Digital Marketing untuk UMKM"))
    assert "Digital Marketing untuk UMKM" in client.get("/").text


@pytest.mark.django_db
def test_pages_and_refusal_reasons_are_translated_to_english(client):
    session = SessionFactory(programme=ProgrammeFactory(requires_nib=True))
    business = BusinessFactory(nib="")
    client.force_login(business.owner)
    page = client.get(f"/en/pelatihan/sesi/{session.pk}/")
    assert "Add to calendar (iCal)" in page.text and "Has a NIB" in page.text
    refused = client.post(f"/en/pelatihan/sesi/{session.pk}/daftar/", {"business": business.pk})
    assert "This programme requires a NIB; the business has no NIB on record." in refused.text


@pytest.mark.django_db
def test_dashboard_and_home_panels_do_not_grow_queries_with_the_number_of_items(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = BusinessFactory(kbli="10794").owner

    def add_rows():
        business = BusinessFactory(owner=owner, kbli="10794")
        session = SessionFactory(programme=ProgrammeFactory(topic=Topic.HALAL))
        RegistrationFactory(business=business, session=SessionFactory())
        return session

    client.force_login(owner)
    add_rows()
    with CaptureQueriesContext(connection) as few:
        assert client.get("/akun/").status_code == 200
    for _ in range(4):
        add_rows()
    with CaptureQueriesContext(connection) as many:
        page = client.get("/akun/")
    assert page.text.count('data-gap="no_halal"') == 6
    assert len(many.captured_queries) == len(few.captured_queries)

    client.get("/")  # warm Wagtail's site cache
    with CaptureQueriesContext(connection) as home:
        client.get("/")
    SessionFactory()
    SessionFactory()
    client.get("/")  # the new sessions bumped the page-cache version: the site is looked up again
    with CaptureQueriesContext(connection) as home_more:
        client.get("/")
    assert len(home_more.captured_queries) == len(home.captured_queries)


@pytest.mark.django_db
def test_cancelling_a_session_in_the_admin_tells_everyone_and_closes_sign_up(client):
    from core.models import Notification

    session = SessionFactory()
    confirmed = RegistrationFactory(session=session)
    waitlisted = RegistrationFactory(
        session=session,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
        participant_email="eko@example.id",
    )
    session.status = "cancelled"
    session.save()

    assert services.session_notify_change(session=session, changes=[]) == 2
    assert set(Notification.objects.filter(topic="training.changed").values_list("recipient", flat=True)) == {
        confirmed.participant_email,
        waitlisted.participant_email,
    }
    assert "dibatalkan oleh penyelenggara" in Notification.objects.filter(topic="training.changed").first().body
    business = BusinessFactory()
    with pytest.raises(services.SignupRefused) as refused:
        services.registration_create(session=session, business=business, actor=business.owner)
    assert refused.value.reasons == ["Sesi ini dibatalkan."]
