"""The registration wizard through HTTP: self-service, draft/resume, validation keeping input,
duplicates, counter-assisted registration, submission, receipt and status page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.crypto import digest
from core.models import AuditLog, Notification
from portal import roles
from portal.models import User
from registry.models import Business, BusinessStatus, Certification, Consent, OwnerProfile, RegistrationChannel
from registry.registration import status_token
from tests.portal.factories import BusinessFactory, OwnerFactory, UserFactory
from tests.portal.signup import visitor_signup

VALID_NIK = "3324015708900001"  # Kendal, Plantungan; woman born 17-08-1990
OWNER_STEP = {
    "full_name": "Siti Rahayu",
    "nik": VALID_NIK,
    "phone": "0812-3456-7890",
    "email": "siti@example.id",
    "allows_whatsapp_contact": "on",
    "password": "kripik-tempe-2026",
}
BUSINESS_STEP = {
    "name": "Kripik Tempe Bu Siti",
    "legal_form": "perorangan",
    "nib": "9120001234567",
    "npwp": "",
    "kbli_version": "2020",
    "kbli_codes": "10794, 47211",
    "started_year": "2019",
    "capital": "40000000",
    "annual_sales": "120000000",
    "employees": "3",
    "description": "Kripik tempe renyah.",
}
LOCATION_STEP = {"kecamatan": "33.24.12", "desa": "33.24.12.2001", "address": "RT 02/RW 01"}
CONSENT_STEP = {"registration_processing": "on", "public_profile": "on"}


def png_bytes(width=400, height=400) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def step_url(business, slug):
    return reverse("registry:registration-step", args=[business.pk, slug])


@pytest.mark.django_db
def test_visitor_registers_a_business_in_five_steps(client):
    response = visitor_signup(client, {**OWNER_STEP, "next": ""})
    business = Business.objects.get()
    assert response.status_code == 302 and response["Location"] == step_url(business, "usaha")
    owner = business.owner
    assert owner.email == "siti@example.id" and owner.groups.filter(name=roles.OWNER).exists()
    assert owner.owner_profile.nik == VALID_NIK and owner.owner_profile.phone == "+6281234567890"
    assert business.status == BusinessStatus.DRAFT and business.channel == RegistrationChannel.ONLINE

    assert client.post(step_url(business, "usaha"), BUSINESS_STEP).status_code == 302
    assert client.post(step_url(business, "lokasi"), LOCATION_STEP).status_code == 302
    scan = SimpleUploadedFile("halal.png", png_bytes(), content_type="image/png")
    response = client.post(
        step_url(business, "sertifikasi"),
        {
            "halal_number": "ID33240000123456",
            "halal_expires_on": "2030-01-31",
            "halal_scan": scan,
        },
    )
    assert response.status_code == 302
    response = client.post(step_url(business, "persetujuan"), CONSENT_STEP)
    assert response.status_code == 302

    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED
    assert business.name == "Kripik Tempe Bu Siti" and business.size_class == "mikro"
    assert business.primary_kbli.code == "10794"
    assert sorted(business.kbli_codes.values_list("code", flat=True)) == ["10794", "47211"]
    assert business.registration_number.startswith("MPP-3324-") and business.registration_number.endswith(
        f"{business.pk:06d}"
    )
    assert business.desa_id == "33.24.12.2001"
    cert = Certification.objects.get(business=business)
    assert cert.number == "ID33240000123456" and cert.scan.name.endswith(".png")
    assert sorted(Consent.objects.filter(business=business).values_list("purpose", "collected_by")) == [
        ("public_profile", None),
        ("registration_processing", None),
    ]
    assert list(business.status_changes.values_list("from_status", "to_status")) == [("draft", "submitted")]
    assert Notification.objects.filter(recipient="siti@example.id", topic="business.submitted").count() == 1
    assert AuditLog.objects.filter(action="business.submitted", object_id=str(business.pk)).count() == 1


@pytest.mark.django_db
def test_bad_nik_keeps_everything_typed_and_says_why(client):
    data = {**OWNER_STEP, "nik": "3324019999900001"}
    response = client.post(reverse("registry:registration-start"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tanggal lahir dalam NIK tidak valid." in html
    assert 'value="3324019999900001"' in html and 'value="Siti Rahayu"' in html
    assert 'value="0812-3456-7890"' in html and 'value="siti@example.id"' in html
    assert 'value="kripik-tempe-2026"' in html
    assert not Business.objects.exists() and not User.objects.filter(email="siti@example.id").exists()


@pytest.mark.django_db
def test_draft_is_saved_and_resumed_from_the_dashboard(client):
    visitor_signup(client, OWNER_STEP)
    business = Business.objects.get()
    response = client.post(step_url(business, "usaha"), {**BUSINESS_STEP, "save_draft": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("registry:account")
    dashboard = client.get(reverse("registry:account")).content.decode()
    assert "Kripik Tempe Bu Siti" in dashboard
    assert step_url(business, "lokasi") in dashboard
    assert "langkah 3 dari 5" in dashboard
    resumed = client.get(step_url(business, "usaha")).content.decode()
    assert 'value="9120001234567"' in resumed and 'value="10794, 47211"' in resumed


@pytest.mark.django_db
def test_duplicate_nib_and_same_nik_and_name_are_caught(client):
    BusinessFactory(nib="9120001234567")
    visitor_signup(client, OWNER_STEP)
    first = Business.objects.get(owner__email="siti@example.id")
    response = client.post(step_url(first, "usaha"), BUSINESS_STEP)
    assert "NIB 9120001234567 sudah terdaftar untuk usaha lain." in response.content.decode()

    client.post(step_url(first, "usaha"), {**BUSINESS_STEP, "nib": ""})
    response = client.post(
        reverse("registry:registration-start"), {k: v for k, v in OWNER_STEP.items() if k != "password"}
    )
    second = Business.objects.filter(owner__email="siti@example.id").exclude(pk=first.pk).get()
    response = client.post(step_url(second, "usaha"), {**BUSINESS_STEP, "nib": "", "name": "kripik tempe bu siti"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "dengan NIK pemilik yang sama sudah terdaftar" in html
    assert 'value="kripik tempe bu siti"' in html


@pytest.mark.django_db
def test_a_visitor_is_not_told_that_a_nik_is_claimed_by_another_account(client):
    # Saying "taken" would tell anyone whose NIK is registered (issue 17, finding 5); the NIK is
    # only a claim until staff confirm it against the e-KTP.
    OwnerFactory(profile__nik=VALID_NIK)
    response = visitor_signup(client, OWNER_STEP)
    assert response.status_code == 302
    assert "sudah terdaftar" not in client.get(response["Location"]).content.decode()
    assert OwnerProfile.objects.filter(nik_digest=digest(VALID_NIK), nik_confirmed_at=None).count() == 2


@pytest.mark.django_db
def test_counter_staff_register_a_walk_in_owner_with_invitation_and_collected_consent(client):
    staff = UserFactory(roles=[roles.COUNTER_STAFF])
    client.force_login(staff)
    data = {k: v for k, v in OWNER_STEP.items() if k != "password"}
    response = client.post(reverse("registry:registration-counter"), data)
    business = Business.objects.get()
    assert response["Location"] == step_url(business, "usaha")
    owner = business.owner
    assert owner != staff and not owner.has_usable_password()
    assert business.channel == RegistrationChannel.COUNTER and business.registered_by == staff
    invitation = Notification.objects.get(topic="owner.invitation")
    assert invitation.recipient == "siti@example.id" and "/reset/" in invitation.body

    client.post(step_url(business, "usaha"), BUSINESS_STEP)
    client.post(step_url(business, "lokasi"), LOCATION_STEP)
    client.post(step_url(business, "sertifikasi"), {})
    response = client.post(step_url(business, "persetujuan"), CONSENT_STEP)
    assert "Konfirmasi bahwa pemilik menyetujui." in response.content.decode()
    client.post(step_url(business, "persetujuan"), {**CONSENT_STEP, "read_to_owner": "on"})
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED
    consents = Consent.objects.filter(business=business)
    assert {(c.user_id, c.collected_by_id) for c in consents} == {(owner.pk, staff.pk)}


@pytest.mark.django_db
def test_counter_staff_choose_the_account_of_a_known_nik_and_it_is_confirmed(client):
    existing = OwnerFactory(profile__nik=VALID_NIK)
    staff = UserFactory(roles=[roles.COUNTER_STAFF])
    client.force_login(staff)
    walk_in = {k: v for k, v in OWNER_STEP.items() if k != "password"}
    response = client.post(reverse("registry:registration-counter"), walk_in)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="nik-holders"' in html
    assert f'value="{existing.pk}"' in html and 'value="Siti Rahayu"' in html  # what was typed is kept
    assert Business.objects.count() == 0

    client.post(reverse("registry:registration-counter"), {**walk_in, "owner_choice": existing.pk})
    assert Business.objects.get().owner == existing
    profile = OwnerProfile.objects.get()
    assert profile.nik_confirmed_by == staff and profile.nik_confirmed_via == "counter"
    assert AuditLog.objects.filter(action="owner.counter_chosen", actor=staff).exists()
    assert AuditLog.objects.filter(action="owner.counter_candidates_viewed", actor=staff).exists()


@pytest.mark.django_db
def test_only_counter_staff_open_the_counter_wizard(client):
    client.force_login(OwnerFactory())
    assert client.get(reverse("registry:registration-counter")).status_code == 403
    client.force_login(UserFactory(roles=[roles.TRAINING_OFFICER]))
    assert client.get(reverse("registry:registration-counter")).status_code == 403
    client.logout()
    assert client.get(reverse("registry:registration-counter")).status_code == 302


@pytest.mark.django_db
def test_receipt_pdf_and_status_page(client):
    business = BusinessFactory(status=BusinessStatus.SUBMITTED, registration_number="MPP-3324-2611-000042")
    client.force_login(business.owner)
    pdf = client.get(reverse("registry:registration-receipt", args=[business.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")

    client.logout()
    token = status_token(business.registration_number)
    page = client.get(reverse("registry:registration-status", args=[business.registration_number, token]))
    html = page.content.decode()
    assert page.status_code == 200 and "Menunggu verifikasi" in html
    assert business.owner.owner_profile.nik not in html
    wrong = client.get(reverse("registry:registration-status", args=[business.registration_number, "x" * 20]))
    assert wrong.status_code == 404


@pytest.mark.django_db
def test_submitted_registration_can_no_longer_be_edited(client):
    business = BusinessFactory(status=BusinessStatus.SUBMITTED)
    client.force_login(business.owner)
    response = client.post(step_url(business, "usaha"), {**BUSINESS_STEP, "name": "Ganti"})
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.name != "Ganti"
