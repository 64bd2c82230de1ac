"""The owner's pages for a registered business: /akun/usaha/<id>/ubah/ and
/akun/usaha/<id>/sertifikat/, the readiness "Perbaiki" links that lead there, the size-class
refresh they trigger, and the staff check of certificates added after verification."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.models import AuditLog, Notification
from partners.models import Channel
from partners.selectors import owner_readiness
from portal import roles
from registry.models import Business, BusinessStatus, BusinessStatusChange, Certification, CertificationKind, SizeClass
from registry.tasks import refresh_business_size_class
from tests.catalog.factories import ProductFactory
from tests.portal.factories import BusinessFactory, CertificationFactory, OwnerFactory, UserFactory


def png(width=400, height=400, name="scan.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def edit_url(business):
    return reverse("registry:business-edit", args=[business.pk])


def certs_url(business):
    return reverse("registry:business-certifications", args=[business.pk])


def edit_data(business, **changes):
    """What the edit form posts when the owner changes nothing, with `changes` applied."""
    profile = business.owner.owner_profile
    data = {
        "name": business.name,
        "legal_form": business.legal_form,
        "nib": business.nib,
        "npwp": business.npwp,
        "kbli_codes": business.primary_kbli.code,
        "started_year": str(business.started_on.year),
        "capital": str(business.capital),
        "annual_sales": str(business.annual_sales),
        "employees": str(business.employees),
        "description": business.description,
        "kecamatan": business.kecamatan_id,
        "desa": business.desa_id,
        "address": business.address,
        "phone": profile.phone,
        "allows_whatsapp_contact": "on" if profile.allows_whatsapp_contact else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def owner_client(client, db):
    business = BusinessFactory(name="Kripik Tempe Bu Sri", nib="9120001234567")
    client.force_login(business.owner)
    return client, business


# --- the edit page ----------------------------------------------------------------------------


def test_owner_changes_description_address_contact_and_employees_of_a_verified_business(owner_client):
    client, business = owner_client
    response = client.post(
        edit_url(business),
        edit_data(
            business,
            description="Kripik tempe tipis, tanpa pengawet.",
            address="Jl. Soekarno-Hatta 12",
            employees="5",
            phone="0813-1111-2222",
            allows_whatsapp_contact="",
        ),
    )
    assert response.status_code == 302 and response["Location"] == edit_url(business)

    business.refresh_from_db()
    profile = business.owner.owner_profile
    profile.refresh_from_db()
    assert business.description == "Kripik tempe tipis, tanpa pengawet."
    assert business.address == "Jl. Soekarno-Hatta 12" and business.employees == 5
    assert profile.phone == "+6281311112222" and profile.allows_whatsapp_contact is False
    # Free fields do not send the business back to verification.
    assert business.status == BusinessStatus.VERIFIED
    assert not BusinessStatusChange.objects.filter(business=business).exists()
    entry = AuditLog.objects.get(action="business.owner_update")
    assert entry.actor == business.owner and entry.object_id == str(business.pk)
    assert sorted(entry.detail["fields"]) == ["address", "allows_whatsapp_contact", "description", "employees", "phone"]
    assert entry.detail["identity"] == {}
    # The public profile no longer offers WhatsApp.
    page = client.get(reverse("registry:business-detail", args=[business.slug])).content.decode()
    assert "Hubungi via WhatsApp" not in page and "Kripik tempe tipis" in page


def test_saving_without_changes_writes_no_audit_entry(owner_client):
    client, business = owner_client
    response = client.post(edit_url(business), edit_data(business), follow=True)
    assert "Tidak ada perubahan." in response.content.decode()
    assert not AuditLog.objects.filter(action="business.owner_update").exists()


def test_changing_the_nib_needs_confirmation_and_keeps_what_was_typed(owner_client):
    client, business = owner_client
    response = client.post(edit_url(business), edit_data(business, nib="9120009999999", description="Baru"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Centang pernyataan ini untuk mengubah nama usaha, bentuk usaha atau NIB." in html
    assert 'value="9120009999999"' in html and ">\nBaru</textarea>" in html
    business.refresh_from_db()
    assert business.nib == "9120001234567" and business.description != "Baru"


def test_an_identity_change_sends_a_verified_business_back_to_verification(owner_client):
    client, business = owner_client
    response = client.post(
        edit_url(business),
        edit_data(
            business,
            nib="9120009999999",
            name="Kripik Tempe Sri Rejeki",
            confirm_reverification="on",
        ),
        follow=True,
    )
    assert "Usaha Anda diverifikasi ulang oleh DPMPTSP" in response.content.decode()

    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED
    assert business.nib == "9120009999999" and business.name == "Kripik Tempe Sri Rejeki"
    change = BusinessStatusChange.objects.get(business=business)
    assert (change.from_status, change.to_status, change.actor) == ("verified", "submitted", business.owner)
    assert change.reason == "Data identitas diubah pemilik: nama usaha, NIB"
    entry = AuditLog.objects.get(action="business.owner_update")
    assert entry.detail["identity"] == {
        "name": ["Kripik Tempe Bu Sri", "Kripik Tempe Sri Rejeki"],
        "nib": ["9120001234567", "9120009999999"],
    }
    assert AuditLog.objects.filter(action="business.submitted", object_id=str(business.pk)).exists()
    assert Notification.objects.filter(
        topic="business.submitted", recipient=business.owner.owner_profile.email
    ).exists()
    # Hidden from the directory until staff verify the new data; back in the queue.
    assert client.get(reverse("registry:business-detail", args=[business.slug])).status_code == 404
    staff = UserFactory(roles=[roles.COUNTER_STAFF])
    client.force_login(staff)
    assert business.name in client.get(reverse("registry_verification_queue")).content.decode()


def test_identity_fields_are_read_only_while_the_registration_is_verified(client, db):
    business = BusinessFactory(status=BusinessStatus.SUBMITTED, verified_at=None, nib="9120001234567")
    client.force_login(business.owner)
    page = client.get(edit_url(business)).content.decode()
    assert "Tidak dapat diubah selama pendaftaran diverifikasi." in page
    client.post(edit_url(business), edit_data(business, nib="9120009999999", employees="4"))
    business.refresh_from_db()
    assert business.nib == "9120001234567" and business.employees == 4
    assert business.status == BusinessStatus.SUBMITTED


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"nib": "12345", "confirm_reverification": "on"}, "nib", "NIB harus 13 digit angka."),
        ({"kbli_codes": "99999"}, "kbli_codes", "Kode KBLI 99999 tidak ada di daftar KBLI 2020."),
        ({"phone": "0212345"}, "phone", "Nomor HP harus nomor Indonesia"),
        ({"desa": "33.24.01.2001"}, "desa", "Desa/kelurahan tidak berada di kecamatan yang dipilih."),
        ({"annual_sales": "1.000.00"}, "annual_sales", "bisa berarti dua jumlah"),
        ({"employees": "0"}, "employees", ""),
    ],
    ids=["nib-short", "kbli-unknown", "phone-landline", "desa-elsewhere", "sales-ambiguous", "no-employees"],
)
def test_bad_input_is_refused_with_the_wizard_messages(owner_client, changes, field, message):
    client, business = owner_client
    before = Business.objects.values().get(pk=business.pk)
    response = client.post(edit_url(business), edit_data(business, **changes))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="form-error-summary"' in html
    assert f'data-field="{field}"' in html and message in html
    assert Business.objects.values().get(pk=business.pk) == before


def test_a_nib_of_another_business_is_refused(owner_client):
    client, business = owner_client
    BusinessFactory(nib="9120005555555")
    response = client.post(edit_url(business), edit_data(business, nib="9120005555555", confirm_reverification="on"))
    assert "NIB 9120005555555 sudah terdaftar untuk usaha lain." in response.content.decode()


@pytest.mark.parametrize("status", [BusinessStatus.DRAFT, BusinessStatus.NEEDS_CHANGES])
def test_a_registration_not_yet_submitted_is_edited_in_the_wizard(client, db, status):
    business = BusinessFactory(status=status, verified_at=None, registration_step=3, status_reason="Foto KTP buram")
    client.force_login(business.owner)
    for url in (edit_url(business), certs_url(business)):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200 and 'id="id_description"' not in html
        wizard = reverse("registry:registration-step", args=[business.pk, "lokasi"])
        assert f'href="{wizard}" data-testid="open-wizard"' in html
    response = client.post(edit_url(business), edit_data(business, description="x"))
    business.refresh_from_db()
    assert response.status_code == 200 and business.description != "x"


def test_a_rejected_business_cannot_be_edited(client, db):
    business = BusinessFactory(status=BusinessStatus.REJECTED, verified_at=None, status_reason="Bukan UMKM")
    client.force_login(business.owner)
    html = client.get(edit_url(business)).content.decode()
    assert 'data-testid="not-editable"' in html and "Bukan UMKM" in html and 'id="id_description"' not in html


def test_another_owner_gets_404_and_a_visitor_is_sent_to_login(owner_client):
    client, business = owner_client
    other = OwnerFactory()
    client.force_login(other)
    for url in (edit_url(business), certs_url(business)):
        assert client.get(url).status_code == 404
        assert client.post(url, edit_data(business, description="diretas")).status_code == 404
    # Counter staff and administrators use the wizard and the admin, not the owner's page.
    client.force_login(UserFactory(roles=[roles.ADMINISTRATOR]))
    assert client.get(edit_url(business)).status_code == 404
    client.logout()
    response = client.get(edit_url(business))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    business.refresh_from_db()
    assert business.description != "diretas"


def test_the_account_page_links_to_both_pages(owner_client):
    client, business = owner_client
    html = client.get(reverse("registry:account")).content.decode()
    assert f'href="{edit_url(business)}"' in html and f'href="{certs_url(business)}"' in html


# --- size class --------------------------------------------------------------------------------


def test_a_sales_change_on_a_verified_business_queues_the_size_class_refresh(
    owner_client, django_capture_on_commit_callbacks, monkeypatch
):
    client, business = owner_client
    queued = []
    monkeypatch.setattr(
        refresh_business_size_class, "apply_async", lambda args=(), kwargs=None, **options: queued.append(tuple(args))
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(business), edit_data(business, description="sama saja"))
    assert queued == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(business), edit_data(business, annual_sales="20000000000"))
    assert queued == [(business.pk,)]
    # What the queued task does (the worker test below runs it through Redis):
    assert refresh_business_size_class.run(business.pk) == SizeClass.MENENGAH


def test_before_the_first_verification_the_size_class_follows_capital_at_once(
    client, db, django_capture_on_commit_callbacks, monkeypatch
):
    business = BusinessFactory(status=BusinessStatus.SUBMITTED, verified_at=None)
    client.force_login(business.owner)
    queued = []
    monkeypatch.setattr(
        refresh_business_size_class, "apply_async", lambda args=(), kwargs=None, **options: queued.append(tuple(args))
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(business), edit_data(business, capital="3000000000", annual_sales="100000000"))
    business.refresh_from_db()
    assert business.size_class == SizeClass.KECIL and queued == []


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_worker_recomputes_the_size_class_after_the_owner_saves(client, celery_worker_process, wait):
    business = BusinessFactory(capital=500_000_000, annual_sales=1_000_000_000)
    assert business.size_class == SizeClass.MIKRO
    client.force_login(business.owner)
    client.post(edit_url(business), edit_data(business, annual_sales="20000000000"))
    wait(lambda: Business.objects.get(pk=business.pk).size_class == SizeClass.MENENGAH)


# --- certifications ------------------------------------------------------------------------------


def test_owner_adds_a_certification_with_the_wizard_checks(owner_client):
    client, business = owner_client
    response = client.post(certs_url(business), {"pirt_number": "12345", "pirt_scan": png()})
    assert "Nomor P-IRT harus 15 digit angka." in response.content.decode()
    response = client.post(certs_url(business), {"pirt_number": "206332401234526", "pirt_scan": png(100, 100)})
    assert "Gambar terlalu kecil untuk dibaca (100×100 piksel)." in response.content.decode()
    response = client.post(certs_url(business), {"pirt_number": "206332401234526", "pirt_expires_on": "2020-01-01"})
    assert "Sertifikat ini sudah kedaluwarsa." in response.content.decode()
    assert not Certification.objects.filter(business=business).exists()

    response = client.post(
        certs_url(business),
        {
            "pirt_number": "2063-3240-1234-526",
            "pirt_expires_on": "2031-05-01",
            "pirt_scan": png(),
        },
    )
    assert response.status_code == 302
    cert = Certification.objects.get(business=business)
    assert (cert.kind, cert.number, cert.is_verified) == ("pirt", "206332401234526", False)
    assert cert.scan.name.endswith(".png")
    entry = AuditLog.objects.get(action="certification.owner_update")
    assert entry.detail == {"added": ["pirt"], "replaced": [], "removed": []}
    page = client.get(certs_url(business)).content.decode()
    assert "menunggu pemeriksaan petugas" in page


def test_replacing_clears_the_check_and_an_unchanged_certification_keeps_it(owner_client):
    client, business = owner_client
    halal = CertificationFactory(business=business, kind=CertificationKind.HALAL, number="ID33240000000001")
    pirt = CertificationFactory(business=business, kind=CertificationKind.PIRT, number="206332401234526")
    client.post(
        certs_url(business),
        {
            "halal_number": halal.number,
            "halal_expires_on": halal.expires_on.isoformat(),
            "pirt_number": pirt.number,
            "pirt_expires_on": pirt.expires_on.isoformat(),
            "pirt_scan": png(),
        },
    )
    halal.refresh_from_db()
    pirt.refresh_from_db()
    assert halal.is_verified is True
    assert pirt.is_verified is False and pirt.scan
    assert AuditLog.objects.get(action="certification.owner_update").detail["replaced"] == ["pirt"]


def test_owner_removes_a_certification_and_products_lose_the_reference(owner_client):
    client, business = owner_client
    halal = CertificationFactory(business=business, kind=CertificationKind.HALAL)
    product = ProductFactory(business=business, halal_certification=halal)
    # "Hapus" wins over a stale, invalid number still in the field.
    response = client.post(certs_url(business), {"halal_number": "salah", "halal_remove": "on"})
    assert response.status_code == 302
    assert not Certification.objects.filter(pk=halal.pk).exists()
    product.refresh_from_db()
    assert product.halal_certification is None
    assert AuditLog.objects.get(action="certification.owner_update").detail["removed"] == ["halal"]


def test_staff_check_a_certificate_added_after_verification(owner_client):
    client, business = owner_client
    client.post(certs_url(business), {"pirt_number": "206332401234526", "pirt_scan": png()})
    cert = Certification.objects.get(business=business)
    check = reverse("registry_verification_certification_check", args=[cert.pk])
    assert client.post(check).status_code in (302, 403)  # the owner cannot check their own
    cert.refresh_from_db()
    assert cert.is_verified is False

    staff = UserFactory(roles=[roles.COUNTER_STAFF])
    client.force_login(staff)
    queue = client.get(reverse("registry_verification_queue"), {"status": "certificates"}).content.decode()
    assert business.name in queue
    review = client.get(reverse("registry_verification_review", args=[business.pk])).content.decode()
    assert 'data-testid="check-certification-pirt"' in review
    response = client.post(check)
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.is_verified is True
    assert AuditLog.objects.filter(action="certification.checked", actor=staff).exists()
    queue = client.get(reverse("registry_verification_queue"), {"status": "certificates"}).content.decode()
    assert business.name not in queue


# --- the readiness links -------------------------------------------------------------------------


def test_every_readiness_fix_link_opens_a_page_for_the_owner(client, db):
    owner = OwnerFactory()
    no_nib = BusinessFactory(owner=owner, nib="")
    ProductFactory(business=no_nib)  # food, no permit, no halal certificate
    unverified_pirt = CertificationFactory(
        business=no_nib, kind=CertificationKind.PIRT, number="206332401234526", is_verified=False
    )
    ProductFactory(business=no_nib, pirt_certification=unverified_pirt)
    pending = BusinessFactory(owner=owner, status=BusinessStatus.SUBMITTED, verified_at=None)
    ProductFactory(business=pending)
    client.force_login(owner)

    problems = [
        problem
        for row in owner_readiness(owner, channels=list(Channel.objects.all()))
        for channel in row.channels
        for problem in channel.problems
    ]
    codes = {p["code"] for p in problems}
    assert {"nib_missing", "permit_missing", "halal_missing", "pirt_unverified", "business_unverified"} <= codes
    pairs = {(p["code"], p["url"]) for p in problems}
    assert ("nib_missing", edit_url(no_nib)) in pairs
    assert ("permit_missing", certs_url(no_nib)) in pairs and ("pirt_unverified", certs_url(no_nib)) in pairs
    assert ("business_unverified", edit_url(pending)) in pairs
    for url in {p["url"] for p in problems}:
        assert url != reverse("registry:account"), "a fix link fell back to the account page"
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.fixture
def restore_language():
    """A request under /en/ leaves English active in the test thread (LocaleMiddleware does not
    deactivate); later tests that read messages outside a request expect Indonesian."""
    from django.utils import translation

    yield
    translation.activate("id")


def test_the_pages_and_their_errors_are_in_english_under_en(owner_client, restore_language):
    client, business = owner_client
    url, certs = "/en" + edit_url(business), "/en" + certs_url(business)
    assert "Edit business data" in client.get(url).content.decode()
    html = client.post(url, edit_data(business, nib="12345", confirm_reverification="on")).content.decode()
    assert "Check the marked fields. What you typed is kept." in html
    html = client.post(certs, {"pirt_number": "206332401234526", "pirt_scan": png(100, 100)}).content.decode()
    assert "The image is too small to read (100×100 pixels). At least 300 pixels per side." in html
