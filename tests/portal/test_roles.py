"""Per-role access to registrations, the public directory, profiles and the API."""

import pytest
from django.urls import reverse

from registry.models import BusinessStatus
from tests.portal.factories import BusinessFactory, CertificationFactory, OwnerFactory


@pytest.mark.django_db
@pytest.mark.parametrize("status", [BusinessStatus.DRAFT, BusinessStatus.NEEDS_CHANGES, BusinessStatus.SUBMITTED])
def test_an_owner_cannot_see_or_edit_another_owners_registration(client, status):
    theirs = BusinessFactory(status=status, name="Milik Orang Lain", registration_number="MPP-3324-2611-000777")
    client.force_login(OwnerFactory())
    for slug in ("pemilik", "usaha", "lokasi", "sertifikasi", "persetujuan"):
        url = reverse("registry:registration-step", args=[theirs.pk, slug])
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"name": "Dibajak", "registration_processing": "on", "public_profile": "on"}).status_code
            == 404
        )
    assert client.get(reverse("registry:registration-done", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("registry:registration-receipt", args=[theirs.pk])).status_code == 404
    assert "Milik Orang Lain" not in client.get(reverse("registry:account")).content.decode()
    theirs.refresh_from_db()
    assert theirs.name == "Milik Orang Lain" and theirs.status == status


@pytest.mark.django_db
def test_a_visitor_is_sent_to_login_for_a_registration(client):
    business = BusinessFactory(status=BusinessStatus.DRAFT)
    response = client.get(reverse("registry:registration-step", args=[business.pk, "usaha"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status",
    [BusinessStatus.DRAFT, BusinessStatus.SUBMITTED, BusinessStatus.NEEDS_CHANGES, BusinessStatus.REJECTED],
)
def test_an_unverified_business_is_invisible_publicly_and_in_the_api(client, status):
    hidden = BusinessFactory(status=status, name="Belum Terverifikasi")
    shown = BusinessFactory(name="Sudah Terverifikasi")
    assert "Belum Terverifikasi" not in client.get(reverse("registry:business-list")).content.decode()
    assert client.get(reverse("registry:business-detail", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("registry:business-detail", args=[shown.slug])).status_code == 200
    assert [b["name"] for b in client.get("/api/v1/businesses/").json()["results"]] == ["Sudah Terverifikasi"]
    assert client.get(f"/api/v1/businesses/{hidden.pk}/").status_code == 404
    assert "Belum Terverifikasi" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_public_profile_never_shows_nik_and_whatsapp_only_when_allowed(client):
    allowed = BusinessFactory(name="Boleh WA")
    CertificationFactory(business=allowed, number="ID33240000999999")
    refused = BusinessFactory(name="Tanpa WA", owner__profile__allows_whatsapp_contact=False)
    page = client.get(reverse("registry:business-detail", args=[allowed.slug])).content.decode()
    profile = allowed.owner.owner_profile
    assert profile.nik not in page and profile.nik_masked not in page
    assert 'href="https://wa.me/6281234567890?text=' in page
    assert "ID33240000999999" in page
    page = client.get(reverse("registry:business-detail", args=[refused.slug])).content.decode()
    assert "wa.me" not in page and "6281234567890" not in page


@pytest.mark.django_db
def test_directory_filters_by_kecamatan_and_sector(client):
    BusinessFactory(name="Kripik Kaliwungu", kecamatan_id="33.24.12", desa_id="33.24.12.2001")
    BusinessFactory(name="Batik Plantungan", kecamatan_id="33.24.01", desa_id="33.24.01.2001", kbli="13134")
    BusinessFactory(name="Sayur Plantungan", kecamatan_id="33.24.01", desa_id="33.24.01.2001", kbli="01134")

    def names(query):
        html = client.get(reverse("registry:business-list") + query).content.decode()
        return [n for n in ("Kripik Kaliwungu", "Batik Plantungan", "Sayur Plantungan") if n in html]

    assert names("") == ["Kripik Kaliwungu", "Batik Plantungan", "Sayur Plantungan"]
    assert names("?kecamatan=33.24.01") == ["Batik Plantungan", "Sayur Plantungan"]
    assert names("?sector=A") == ["Sayur Plantungan"]
    assert names("?kecamatan=33.24.01&sector=C") == ["Batik Plantungan"]
    assert names("?kecamatan=99.99.99") == ["Kripik Kaliwungu", "Batik Plantungan", "Sayur Plantungan"]
