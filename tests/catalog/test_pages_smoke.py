import pytest

from portal import roles
from tests.catalog.factories import ProductFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_owner_pages_render(client):
    product = ProductFactory()
    client.force_login(product.business.owner)
    for url in (
        "/akun/produk/",
        "/akun/produk/baru/",
        f"/akun/produk/{product.pk}/",
        "/akun/produk/impor/",
        "/akun/pesanan/",
        "/akun/pembelian/",
        "/akun/",
        "/en/akun/produk/",
    ):
        assert client.get(url).status_code == 200, url


def test_staff_admin_pages_render(client):
    product = ProductFactory()
    client.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))
    for url in (
        "/admin/katalog/moderasi/",
        f"/admin/katalog/moderasi/{product.pk}/",
        "/admin/katalog/pembayaran/",
        "/admin/catalog_category/",
    ):
        assert client.get(url).status_code == 200, url


def test_cart_pages_render(client):
    assert client.get("/keranjang/").status_code == 200
    assert client.get("/keranjang/checkout/").status_code == 302
