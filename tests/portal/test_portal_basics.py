import pytest
from django.db import connection
from django.urls import reverse

from portal.templatetags.portal_tags import rupiah
from registry.models import BusinessStatus, OwnerProfile, SizeClass
from registry.sizing import size_class_for
from tests.portal.factories import BusinessFactory, OwnerFactory


@pytest.mark.parametrize("value, expected", [(15000, "Rp 15.000"), (0, "Rp 0"), (1250000, "Rp 1.250.000"), ("x", "")])
def test_rupiah_format(value, expected):
    assert rupiah(value) == expected


@pytest.mark.parametrize(
    "capital, sales, at_registration, expected",
    [
        pytest.param(1_000_000_000, 0, True, SizeClass.MIKRO, id="capital-1M-is-mikro"),
        pytest.param(1_000_000_001, 0, True, SizeClass.KECIL, id="capital-over-1M-is-kecil"),
        pytest.param(5_000_000_001, 0, True, SizeClass.MENENGAH, id="capital-over-5M-is-menengah"),
        pytest.param(10_000_000_001, 0, True, SizeClass.BESAR, id="capital-over-10M-is-besar"),
        pytest.param(100, 2_000_000_001, False, SizeClass.KECIL, id="sales-over-2M-is-kecil"),
        pytest.param(100, 15_000_000_001, False, SizeClass.MENENGAH, id="sales-over-15M"),
        pytest.param(100, 50_000_000_001, False, SizeClass.BESAR, id="sales-over-50M"),
    ],
)
def test_size_class_per_pp_7_2021(capital, sales, at_registration, expected):
    assert size_class_for(capital=capital, annual_sales=sales, at_registration=at_registration) == expected


@pytest.mark.django_db
def test_nik_is_encrypted_at_rest_and_masked():
    owner = OwnerFactory()
    profile = owner.owner_profile
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik FROM portal_ownerprofile WHERE id = %s", [profile.pk])
        stored = cursor.fetchone()[0]
    assert profile.nik not in stored
    assert OwnerProfile.objects.get(pk=profile.pk).nik == profile.nik
    assert profile.nik_masked == profile.nik[:4] + "••••••••" + profile.nik[-4:]


@pytest.mark.django_db
def test_public_directory_and_api_show_verified_businesses_only(client):
    verified = BusinessFactory(name="Batik Tulis Kendalan")
    pending = BusinessFactory(name="Roti Belum Diverifikasi", status=BusinessStatus.SUBMITTED)

    page = client.get(reverse("registry:business-list")).content.decode()
    assert verified.name in page and pending.name not in page
    assert client.get(reverse("registry:business-detail", args=[pending.slug])).status_code == 404

    api = client.get("/api/v1/businesses/").json()
    assert [b["name"] for b in api["results"]] == [verified.name]
    assert client.get(f"/api/v1/businesses/{pending.pk}/").status_code == 404
    body = client.get(f"/api/v1/businesses/{verified.pk}/").content.decode()
    assert verified.owner.owner_profile.nik not in body and "nik" not in body


@pytest.mark.django_db
def test_home_admin_and_schema_answer(client):
    assert client.get("/").status_code == 200
    assert client.get("/en/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/businesses/" in schema.content
    assert b"/admin/api/" not in schema.content


@pytest.mark.django_db
def test_django_admin_is_for_superusers_only(client):
    owner = OwnerFactory()
    client.force_login(owner)
    assert client.get("/django-admin/").status_code == 302


@pytest.mark.django_db
def test_home_features_editors_picks_in_order_then_the_most_recently_verified():
    from datetime import timedelta

    from django.utils import timezone

    from portal.models import HomeFeaturedBusiness, HomePage
    from registry.selectors import featured_businesses

    now = timezone.now()
    home = HomePage.objects.get()
    older_pick = BusinessFactory(verified_at=now - timedelta(days=30))
    first_pick = BusinessFactory(verified_at=now - timedelta(days=20))
    rejected_pick = BusinessFactory(status=BusinessStatus.REJECTED)
    recent = [BusinessFactory(verified_at=now - timedelta(hours=hours)) for hours in range(1, 7)]
    for order, business in enumerate([first_pick, older_pick, rejected_pick]):
        HomeFeaturedBusiness.objects.create(page=home, business=business, sort_order=order)

    assert featured_businesses(home) == [first_pick, older_pick, *recent[:4]]
    assert featured_businesses(None) == recent
    assert featured_businesses(home, limit=1) == [first_pick]
