"""The way back to the cart: the header shows the cart and its count on every page, adding
keeps the buyer on the product page with a confirmation, and cart lines show a thumbnail, a
line total and a remove button (issue 15, problem 2)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.images import clean_upload, product_image_add
from catalog.models import CartItem
from tests.catalog.factories import ProductFactory
from tests.catalog.images import png
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def _add(client, product, quantity=1):
    client.get("/keranjang/tambah/", {"product": product.pk})  # the confirmation page sets the CSRF cookie
    return client.post("/keranjang/tambah/", {"product": product.pk, "quantity": quantity})


@pytest.mark.parametrize("url", ["/", "/produk/", "/usaha/", "/pelatihan/", "/pembiayaan/", "/keranjang/"])
def test_every_page_links_to_the_cart(client, url):
    ProductFactory()
    html = client.get(url).content.decode()
    assert 'data-testid="header-cart"' in html and 'href="/keranjang/"' in html


def test_adding_keeps_the_buyer_on_the_product_page_with_a_confirmation(client):
    product = ProductFactory(name="Bandeng Presto Duri Lunak", price=35_000)
    response = _add(client, product, quantity=2)
    assert response.status_code == 302 and response["Location"] == f"/produk/{product.slug}/"

    html = client.get(response["Location"]).content.decode()
    assert "Bandeng Presto Duri Lunak (2) ditambahkan ke keranjang." in html
    assert 'data-testid="message-cart-link"' in html
    assert 'data-testid="cart-count"' in html and '<span aria-hidden="true">2</span>' in html


def test_count_follows_the_cart_and_survives_login(client):
    first, second = ProductFactory(), ProductFactory()
    _add(client, first, 2)
    _add(client, second, 1)
    assert '<span aria-hidden="true">3</span>' in client.get("/pelatihan/").content.decode()
    buyer = UserFactory()
    client.post("/akun/login/", {"username": buyer.username, "password": "rahasia-123"})
    assert '<span aria-hidden="true">3</span>' in client.get("/produk/").content.decode()


def test_empty_cart_shows_no_count(client):
    assert 'data-testid="cart-count"' not in client.get("/produk/").content.decode()


def test_cart_lines_have_thumbnail_line_total_and_remove(client):
    product = ProductFactory(name="Kripik Tempe", price=15_000)
    product_image_add(product=product, clean=clean_upload(SimpleUploadedFile("a.png", png(), "image/png")))
    _add(client, product, 3)
    html = client.get("/keranjang/").content.decode()
    assert 'class="cart-thumb"' in html and "<img" in html.split('class="cart-thumb"')[1][:300]
    assert '<strong class="cart-line-total" data-testid="line-total">Rp 45.000</strong>' in html

    item = CartItem.objects.get()
    response = client.post(f"/keranjang/baris/{item.pk}/", {"quantity": "0"})
    assert response.status_code == 302
    assert not CartItem.objects.exists()
    assert "Keranjang kosong." in client.get("/keranjang/").content.decode()


def test_cart_page_queries_do_not_grow_with_lines(client):
    clean = clean_upload(SimpleUploadedFile("a.png", png(), "image/png"))

    def queries():
        client.get("/keranjang/")
        with CaptureQueriesContext(connection) as ctx:
            client.get("/keranjang/")
        return len(ctx.captured_queries)

    for _ in range(2):
        product = ProductFactory()
        product_image_add(product=product, clean=clean)
        _add(client, product)
    small = queries()
    for _ in range(6):
        product = ProductFactory()
        product_image_add(product=product, clean=clean)
        _add(client, product)
    assert queries() == small


def test_after_an_action_the_page_returns_to_the_row_acted_on(client):
    from catalog.models import Checkout, OrderStatus, PaymentStatus
    from tests.catalog.factories import make_checkout

    product = ProductFactory(stock=9)
    _add(client, product)
    item = CartItem.objects.get()
    response = client.post(f"/keranjang/baris/{item.pk}/", {"quantity": "2"})
    assert response["Location"] == f"/keranjang/#baris-{item.pk}"
    assert f'id="baris-{item.pk}"' in client.get("/keranjang/").content.decode()

    client.force_login(product.business.owner)
    response = client.post(f"/akun/produk/{product.pk}/stok/", {"stock": "7"})
    assert response["Location"] == f"/akun/produk/#produk-{product.pk}"
    assert f'id="produk-{product.pk}"' in client.get("/akun/produk/").content.decode()

    checkout = make_checkout((product, 1))
    Checkout.objects.filter(pk=checkout.pk).update(payment_status=PaymentStatus.PAID)
    checkout.orders.update(status=OrderStatus.NEW)
    order = checkout.orders.get()
    response = client.post(f"/akun/pesanan/{order.number}/status/", {"status": "processing"})
    assert response["Location"] == f"/akun/pesanan/#pesanan-{order.number}"
