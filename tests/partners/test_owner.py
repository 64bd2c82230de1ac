import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import ChannelListing, PartnerProfile
from tests.catalog.factories import ProductFactory
from tests.partners.factories import channel, delivery_ready_product, retail_ready_product
from tests.portal.factories import BusinessFactory, OwnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client):
    owner = OwnerFactory()
    business = BusinessFactory(owner=owner)
    client.force_login(owner)
    return client, owner, business


def test_readiness_lists_exact_problems_with_fix_links(owner_client):
    client, owner, business = owner_client
    product = ProductFactory(business=business, ean13="8991234567890")

    page = client.get(reverse("partners:readiness")).content.decode()

    edit = reverse("catalog_account:product-edit", args=[product.pk])
    assert "Digit pemeriksa barcode EAN-13 salah." in page
    assert f'Belum ada foto kemasan produk. <a href="{edit}">Perbaiki</a>' in page
    hours = reverse("partners:hours", args=[business.pk])
    assert f'Jam operasional outlet belum diisi. <a href="{hours}">Perbaiki</a>' in page
    assert "Produk pangan belum punya sertifikat halal." in page


def test_readiness_queries_do_not_grow_with_products(owner_client):
    client, owner, business = owner_client
    for _ in range(2):
        delivery_ready_product(business=business)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("partners:readiness"))
    for _ in range(6):
        retail_ready_product(business=business)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("partners:readiness"))
    assert response.content.decode().count('data-testid="ready"') >= 2
    assert len(many) == len(few)


def test_owner_opts_in_and_out(owner_client):
    client, owner, business = owner_client
    product = delivery_ready_product(business=business)
    url = reverse("partners:opt-in", args=[product.pk, "gofood"])

    client.post(url, {"opted_in": "1"})
    listing = ChannelListing.objects.get(product=product, channel=channel("gofood"))
    assert listing.is_opted_in and listing.opted_in_by == owner

    client.post(url, {"opted_in": "0"})
    listing.refresh_from_db()
    assert not listing.is_opted_in and listing.opted_in_at is None


def test_owner_cannot_touch_another_owners_product(owner_client):
    client, owner, business = owner_client
    other = ProductFactory()
    assert client.post(reverse("partners:opt-in", args=[other.pk, "gofood"]), {"opted_in": "1"}).status_code == 404
    assert client.get(reverse("partners:listing", args=[other.pk, "gofood"])).status_code == 404
    assert client.get(reverse("partners:hours", args=[other.business.pk])).status_code == 404
    assert not ChannelListing.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("partners:readiness"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("partners:index")).status_code == 200


def test_listing_form_saves_variants_and_keeps_input_on_error(owner_client):
    client, owner, business = owner_client
    product = delivery_ready_product(business=business)
    url = reverse("partners:listing", args=[product.pk, "grabfood"])

    bad = client.post(
        url,
        {"final_price": "20000", "availability": "available", "variant_groups": "Level pedas | satu | 1 | Sedang=0"},
    )
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "Baris 1: min dan maks harus angka." in body and "Level pedas | satu | 1 | Sedang=0" in body

    client.post(
        url,
        {
            "final_price": "20000",
            "availability": "available",
            "variant_groups": "Level pedas | 1 | 1 | Sedang=0; Pedas=2.000\nTopping | 0 | 2 | Telur=3000",
        },
    )
    listing = ChannelListing.objects.get(product=product, channel=channel("grabfood"))
    assert listing.final_price == 20000 and listing.price == 20000
    assert listing.variant_groups == [
        {
            "name": "Level pedas",
            "min": 1,
            "max": 1,
            "options": [{"name": "Sedang", "price": 0}, {"name": "Pedas", "price": 2000}],
        },
        {"name": "Topping", "min": 0, "max": 2, "options": [{"name": "Telur", "price": 3000}]},
    ]


def test_hours_form(owner_client):
    client, owner, business = owner_client
    url = reverse("partners:hours", args=[business.pk])

    bad = client.post(url, {"open_0": "20:00", "close_0": "08:00"})
    assert "Senin: isi jam buka dan tutup (buka sebelum tutup)." in bad.content.decode()

    client.post(url, {"open_0": "08:00", "close_0": "17:00", "open_5": "09:00", "close_5": "14:00"})
    assert PartnerProfile.objects.get(business=business).operating_hours == {
        "0": ["08:00", "17:00"],
        "5": ["09:00", "14:00"],
    }


def test_account_dashboard_shows_partner_panel(owner_client):
    client, owner, business = owner_client
    delivery_ready_product(business=business)

    page = client.get(reverse("registry:account")).content.decode()

    assert "GoFood: 1 dari 1 produk siap, 0 ikut" in page
    assert "Indomaret: 0 dari 1 produk siap, 0 ikut" in page
    assert reverse("partners:readiness") in page


def test_english_translation(owner_client):
    client, owner, business = owner_client
    ProductFactory(business=business)
    page = client.get("/en" + reverse("partners:readiness")).content.decode()
    assert "Product readiness for partners" in page
