"""Personal data rights (UU 27/2022): the owner's copy of everything, consent withdrawal that
stops a bank's access at once, deletion requests handled by staff, and the retention rule for
rejected registrations. Every step is in the audit log."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from catalog.models import Checkout, Product, ProductStatus
from core.models import AuditLog
from financing.models import Lead
from portal.models import User
from privacy import exports
from privacy import services as personal_data
from privacy.models import DataRequest, DataRequestStatus
from privacy.tasks import personal_data_housekeeping
from registry.models import Business, BusinessStatus, BusinessStatusChange, Consent, OwnerProfile
from tests.catalog.factories import ProductFactory, make_checkout
from tests.financing.factories import BankOfficerFactory, submit
from tests.portal.factories import BusinessFactory, CertificationFactory, UserFactory
from tests.training.factories import RegistrationFactory
from training.models import Certificate

pytestmark = pytest.mark.django_db
NIK = "3324015708900001"


@pytest.fixture
def owner_world():
    """An owner with a business, a certificate scan, a product, a purchase, a financing lead
    (consent to BRI), a training sign-up and a certificate."""
    business = BusinessFactory(name="Bandeng Presto Bu Ani", kecamatan_id="33.24.15", desa_id="33.24.15.1001")
    owner = business.owner
    OwnerProfile.objects.filter(user=owner).update(full_name="Ani Lestari")
    profile = owner.owner_profile
    profile.nik = NIK
    profile.save()
    cert = CertificationFactory(business=business)
    cert.scan.save("halal.pdf", ContentFile(b"%PDF-1.4 halal"))
    ProductFactory(business=business, name="Bandeng Presto Duri Lunak")
    make_checkout((ProductFactory(stock=5), 1), buyer=owner, email="ani@example.id")
    submit(business, ["kur-mikro"])
    registration = RegistrationFactory(
        business=business,
        participant_name="Ani Lestari",
        participant_email="ani@example.id",
        participant_phone="+6281234567890",
    )
    Certificate.objects.create(
        registration=registration,
        business=business,
        participant_name="Ani Lestari",
        programme_title=registration.session.programme.title,
        organiser="disperinkop",
        first_day=registration.session.first_day,
        last_day=registration.session.last_day,
        days_attended=1,
    )
    Consent.objects.create(
        user=owner,
        business=business,
        purpose="program_information",
        text_version="2026-01",
        text="Saya bersedia dihubungi.",
    )
    return owner, business


def test_the_export_holds_every_section_and_the_uploaded_files(owner_world, client):
    owner, business = owner_world
    client.force_login(owner)
    assert client.post("/akun/data/salinan/").status_code == 302
    data_request = DataRequest.objects.get(user=owner)
    assert data_request.kind == "export" and data_request.status == DataRequestStatus.PENDING
    # The same request again does not queue a second export.
    client.post("/akun/data/salinan/")
    assert DataRequest.objects.filter(user=owner).count() == 1

    built = exports.data_export_build(data_request=data_request)  # what the Celery task runs
    assert (built.status, built.progress) == (DataRequestStatus.DONE, 100)
    assert built.file.name.startswith("privacy/exports/") and built.expires_at > timezone.now()

    response = client.get(f"/akun/data/permintaan/{built.pk}/unduh/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "data.json" in names and "BACA-SAYA.txt" in names
    assert any(n.startswith("files/certifications/") and n.endswith(".pdf") for n in names)
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["owner_profile"]["nik"] == NIK and "password" not in data["profile"]["account"]
    assert [b["name"] for b in data["businesses"]] == ["Bandeng Presto Bu Ani"]
    assert data["businesses"][0]["certifications"][0]["number"]
    assert [p["name"] for p in data["catalog.products"]] == ["Bandeng Presto Duri Lunak"]
    assert len(data["catalog.purchases"]) == 1 and data["catalog.purchases"][0]["contact_email"] == "ani@example.id"
    assert "client_secret" not in data["catalog.purchases"][0]
    assert len(data["financing"]["applications"]) == 1 and len(data["financing"]["leads"]) == 1
    assert data["financing"]["leads"][0]["lender_name"] and data["financing"]["leads"][0]["history"] is not None
    assert data["training"]["registrations"][0]["participant_name"] == "Ani Lestari"
    assert len(data["training"]["certificates"]) == 1
    assert {c["purpose"] for c in data["consents"]} >= {"financing_lead", "program_information"}
    assert any(e["action"] == "privacy.export_requested" for e in data["access_log"])
    assert AuditLog.objects.filter(action="privacy.export_downloaded", object_id=str(built.pk), actor=owner).exists()

    # Nobody else gets the file; the page shows the link to its owner only.
    client.force_login(UserFactory())
    assert client.get(f"/akun/data/permintaan/{built.pk}/unduh/").status_code == 404
    assert client.get(f"/akun/data/permintaan/{built.pk}/status/").status_code == 404
    assert client.get(f"/media/{built.file.name}").status_code == 404  # never public media


def test_an_expired_export_is_refused_and_deleted_by_housekeeping(owner_world, client):
    owner, _business = owner_world
    data_request = exports.data_export_build(data_request=DataRequest.objects.create(user=owner, kind="export"))
    DataRequest.objects.filter(pk=data_request.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(owner)
    response = client.get(f"/akun/data/permintaan/{data_request.pk}/unduh/", follow=True)
    assert "Tautan unduhan sudah kedaluwarsa" in response.content.decode()
    storage, name = data_request.file.storage, data_request.file.name
    assert personal_data_housekeeping()["exports_deleted"] == 1
    assert not storage.exists(name) and DataRequest.objects.get(pk=data_request.pk).file == ""


def test_withdrawing_the_bank_consent_masks_the_lead_at_once(owner_world, client):
    owner, business = owner_world
    lead = Lead.objects.get(business=business, lender__code="bri")
    officer = BankOfficerFactory()
    bank = client.__class__()
    bank.force_login(officer.user)
    assert NIK in bank.get(f"/bank/lead/{lead.pk}/?tampilkan=1").content.decode()

    client.force_login(owner)
    page = client.get("/akun/data/").content.decode()
    consent = Consent.objects.get(business=business, purpose="financing_lead", recipient="bri")
    assert f"/akun/data/persetujuan/{consent.pk}/tarik/" in page
    response = client.post(f"/akun/data/persetujuan/{consent.pk}/tarik/", follow=True)
    assert "Persetujuan ditarik." in response.content.decode()

    html = bank.get(f"/bank/lead/{lead.pk}/?tampilkan=1").content.decode()
    assert NIK not in html and owner.owner_profile.nik_masked in html
    assert owner.owner_profile.phone not in html
    assert AuditLog.objects.filter(action="consent.withdrawn", object_id=str(consent.pk), actor=owner).exists()


def test_a_required_consent_or_someone_elses_cannot_be_withdrawn_here(owner_world, client):
    owner, business = owner_world
    required = Consent.objects.create(
        user=owner, business=business, purpose="registration_processing", text_version="2026-01", text="…"
    )
    other = Consent.objects.create(user=UserFactory(), purpose="program_information", text_version="2026-01", text="…")
    client.force_login(owner)
    response = client.post(f"/akun/data/persetujuan/{required.pk}/tarik/", follow=True)
    assert "ajukan penghapusan data" in response.content.decode()
    assert Consent.objects.get(pk=required.pk).withdrawn_at is None
    assert client.post(f"/akun/data/persetujuan/{other.pk}/tarik/").status_code == 404


def test_deletion_is_requested_by_the_owner_and_carried_out_by_staff(owner_world, client):
    owner, business = owner_world
    client.force_login(owner)
    refused = client.post("/akun/data/hapus/", {"reason": "Usaha tutup"}, follow=True)
    assert "Centang pernyataan" in refused.content.decode()
    client.post("/akun/data/hapus/", {"reason": "Usaha tutup", "confirm": "on"})
    data_request = DataRequest.objects.get(user=owner, kind="deletion")
    again = client.post("/akun/data/hapus/", {"confirm": "on"}, follow=True)
    assert "sudah tercatat" in again.content.decode()
    assert 'data-testid="deletion-pending"' in again.content.decode()

    # Owners and other staff roles cannot open the requests; DPMPTSP staff can.
    for role in ("owner", "training_officer", "partner_curator"):
        client.force_login(UserFactory(roles=[role]))
        assert client.get("/admin/data-pribadi/").status_code in (302, 403)
        assert client.post(f"/admin/data-pribadi/{data_request.pk}/process/", {"confirm": "on"}).status_code in (
            302,
            403,
        )
    assert DataRequest.objects.get(pk=data_request.pk).status == DataRequestStatus.PENDING
    staff = UserFactory(roles=["counter_staff"])
    client.force_login(staff)
    listing = client.get("/admin/data-pribadi/").content.decode()
    assert f"/admin/data-pribadi/{data_request.pk}/" in listing
    client.post(f"/admin/data-pribadi/{data_request.pk}/process/", {"notes": "identitas dicek"})  # no confirm
    assert DataRequest.objects.get(pk=data_request.pk).status == DataRequestStatus.PENDING
    businesses_before, leads_before = Business.objects.count(), Lead.objects.count()
    client.post(f"/admin/data-pribadi/{data_request.pk}/process/", {"notes": "identitas dicek", "confirm": "on"})

    data_request.refresh_from_db()
    assert (data_request.status, data_request.handled_by, data_request.notes) == ("done", staff, "identitas dicek")
    owner = User.objects.get(pk=owner.pk)
    assert not owner.is_active and not owner.has_usable_password() and owner.email == ""
    assert owner.username == f"dihapus-{owner.pk}" and not owner.groups.exists()
    profile = OwnerProfile.objects.get(user=owner)
    assert (profile.full_name, profile.nik, profile.nik_digest, profile.phone, profile.email) == (
        "[dihapus]",
        "",
        "",
        "",
        "",
    )
    assert profile.erased_at is not None
    # Kept: the business record (no longer public), the lead history; gone: personal fields.
    assert (Business.objects.count(), Lead.objects.count()) == (businesses_before, leads_before)
    business.refresh_from_db()
    assert business.status == BusinessStatus.REJECTED and business.personal_data_erased_at and business.address == ""
    assert business.registration_number and business.nib
    assert not Consent.objects.filter(user=owner, withdrawn_at__isnull=True).exists()
    assert set(Product.objects.filter(business=business).values_list("status", flat=True)) == {ProductStatus.ARCHIVED}
    checkout = Checkout.objects.get(buyer=owner)
    assert (checkout.contact_name, checkout.contact_phone) == ("[dihapus]", "") and checkout.total > 0
    registration = business.training_registrations.get()
    assert (registration.participant_name, registration.participant_email) == ("[dihapus]", "")
    assert Certificate.objects.get(business=business).participant_name == "[dihapus]"
    assert client.get(f"/usaha/{business.slug}/").status_code == 404
    actions = list(
        AuditLog.objects.filter(object_type="privacy.datarequest", object_id=str(data_request.pk))
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions[0] == "privacy.deletion_requested" and "privacy.deletion_done" in actions

    # The old login no longer works, and the request cannot be processed twice.
    client.logout()
    login = client.post("/akun/login/", {"username": f"dihapus-{owner.pk}", "password": "rahasia-123"})
    assert login.status_code == 200 and "_auth_user_id" not in client.session
    client.force_login(staff)
    page = client.post(f"/admin/data-pribadi/{data_request.pk}/process/", {"confirm": "on"}, follow=True)
    assert "sudah ditangani" in page.content.decode()


def test_staff_refuse_a_deletion_with_a_reason_the_owner_sees(owner_world, client):
    owner, _business = owner_world
    data_request = personal_data.deletion_request(user=owner)
    staff = UserFactory(roles=["administrator"])
    client.force_login(staff)
    client.post(f"/admin/data-pribadi/{data_request.pk}/reject/", {"notes": ""})
    assert DataRequest.objects.get(pk=data_request.pk).status == DataRequestStatus.PENDING
    client.post(f"/admin/data-pribadi/{data_request.pk}/reject/", {"notes": "Masih ada pinjaman berjalan di BRI."})
    assert DataRequest.objects.get(pk=data_request.pk).status == DataRequestStatus.REJECTED
    client.force_login(owner)
    assert "Masih ada pinjaman berjalan di BRI." in client.get("/akun/data/").content.decode()
    assert User.objects.get(pk=owner.pk).is_active


def test_rejected_registrations_lose_personal_data_after_the_retention_period(settings):
    settings.REJECTED_REGISTRATION_RETENTION_DAYS = 365
    old = BusinessFactory(status=BusinessStatus.REJECTED, address="Jl. Lama 1")
    recent = BusinessFactory(status=BusinessStatus.REJECTED, address="Jl. Baru 2")
    shared_owner = BusinessFactory(status=BusinessStatus.REJECTED, address="Jl. Tiga 3")
    BusinessFactory(owner=shared_owner.owner, status=BusinessStatus.VERIFIED)  # the owner is still active
    for business, days in ((old, 400), (recent, 30), (shared_owner, 500)):
        change = BusinessStatusChange.objects.create(
            business=business, from_status="submitted", to_status="rejected", reason="NIB tidak valid"
        )
        BusinessStatusChange.objects.filter(pk=change.pk).update(at=timezone.now() - timedelta(days=days))

    assert personal_data_housekeeping()["anonymised"] == 2
    assert personal_data_housekeeping()["anonymised"] == 0  # idempotent

    old.refresh_from_db()
    recent.refresh_from_db()
    shared_owner.refresh_from_db()
    assert old.address == "" and old.personal_data_erased_at and old.registration_number
    assert OwnerProfile.objects.get(user=old.owner).nik == "" and OwnerProfile.objects.get(user=old.owner).erased_at
    assert recent.address == "Jl. Baru 2" and recent.personal_data_erased_at is None
    assert OwnerProfile.objects.get(user=recent.owner).nik != ""
    assert shared_owner.address == "" and OwnerProfile.objects.get(user=shared_owner.owner).nik != ""
    entries = AuditLog.objects.filter(action="privacy.retention_anonymised")
    assert sorted(int(e.object_id) for e in entries) == sorted([old.pk, shared_owner.pk])
    assert entries.get(object_id=str(old.pk)).detail["retention_days"] == 365


def test_the_page_is_translated(owner_world, client):
    owner, _business = owner_world
    client.force_login(owner)
    page = client.get("/en/akun/data/").content.decode()
    assert "My personal data" in page and "Ask for a copy of my data" in page and "Ask for deletion" in page
    response = client.post("/en/akun/data/hapus/", {}, follow=True)
    assert "Tick the statement that you understand what deletion means." in response.content.decode()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_export_whose_worker_died_is_retried_by_housekeeping(celery_worker_process, wait):
    """A build left "processing" (worker killed) would block the owner's next request; the
    hourly housekeeping marks it failed and queues it again, and the worker finishes it."""
    owner = BusinessFactory().owner
    stuck = DataRequest.objects.create(user=owner, kind="export", status=DataRequestStatus.PROCESSING, progress=40)
    DataRequest.objects.filter(pk=stuck.pk).update(requested_at=timezone.now() - timedelta(hours=1))
    assert personal_data_housekeeping()["exports_requeued"] == 1
    done = wait(lambda: DataRequest.objects.filter(pk=stuck.pk, status=DataRequestStatus.DONE).first(), timeout=60)
    assert done.file and done.progress == 100
