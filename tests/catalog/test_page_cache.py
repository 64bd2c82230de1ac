"""The per-view cache of anonymous catalogue pages (portal/page_cache.py): hits, what bypasses
it, what it is keyed on, and invalidation when a product or business changes."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.models import ProductStatus
from tests.catalog.factories import ProductFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def product():
    return ProductFactory(name="Bandeng Presto Juwana", price=42_000)


def _pages(product):
    return ["/produk/", f"/produk/{product.slug}/", f"/usaha/{product.business.slug}/"]


def test_second_anonymous_view_is_a_hit_without_queries(client, product):
    for url in _pages(product):
        first = client.get(url)
        assert first["X-Page-Cache"] == "miss", url
        with CaptureQueriesContext(connection) as ctx:
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert len(ctx.captured_queries) == 0, (url, [q["sql"] for q in ctx.captured_queries])
        assert second.content.count(b"Bandeng Presto Juwana") == first.content.count(b"Bandeng Presto Juwana") > 0


def test_key_includes_language_and_the_full_query_string(client, product):
    assert client.get("/produk/")["X-Page-Cache"] == "miss"
    assert client.get("/produk/?sort=price_asc")["X-Page-Cache"] == "miss"
    assert client.get("/produk/?sort=price_asc&page=1")["X-Page-Cache"] == "miss"
    english = client.get("/en/produk/")
    assert english["X-Page-Cache"] == "miss"
    assert "UMKM products" in english.content.decode()
    assert "UMKM products" in client.get("/en/produk/").content.decode()
    assert "UMKM products" not in client.get("/produk/").content.decode()
    assert client.get("/produk/?sort=price_asc")["X-Page-Cache"] == "hit"


def test_signed_in_users_bypass_the_cache(client, product):
    client.get("/produk/")
    client.force_login(UserFactory())
    for url in _pages(product):
        assert client.get(url)["X-Page-Cache"] == "bypass", url


def test_a_session_with_a_cart_bypasses_the_cache(client, product):
    url = f"/produk/{product.slug}/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.post("/keranjang/tambah/", {"product": product.pk, "quantity": 1})
    assert client.session.get("catalog_cart_id")
    client.get("/keranjang/")  # shows (and consumes) the "added" message
    assert client.get(url)["X-Page-Cache"] == "bypass"
    assert Client().get(url)["X-Page-Cache"] == "hit"  # other anonymous visitors still hit


def test_a_pending_message_bypasses_the_cache(client, product):
    client.get("/produk/")
    client.cookies["messages"] = "pending"
    assert client.get("/produk/")["X-Page-Cache"] == "bypass"


def test_changing_a_product_invalidates_cached_pages(client, product, django_capture_on_commit_callbacks):
    for url in _pages(product):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        product.price = 47_500
        product.save()
    for url in _pages(product):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Rp 47.500" in response.content.decode(), url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def test_unpublishing_and_stock_changes_invalidate(client, product, django_capture_on_commit_callbacks):
    from catalog.services import product_set_stock

    url = f"/produk/{product.slug}/"
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        product_set_stock(product=product, actor=product.business.owner, stock=0)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss" and "Stok habis" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        product.status = ProductStatus.ARCHIVED
        product.save()
    assert client.get(url).status_code == 404
    assert "Bandeng Presto Juwana" not in client.get("/produk/").content.decode()


def test_changing_a_business_invalidates_its_profile(client, product, django_capture_on_commit_callbacks):
    url = f"/usaha/{product.business.slug}/"
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        product.business.description = "Bandeng tanpa duri sejak 1998."
        product.business.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Bandeng tanpa duri sejak 1998." in response.content.decode()


def test_a_product_page_sets_no_cookie_so_nginx_can_share_it(product):
    url = f"/produk/{product.slug}/"
    for _ in range(2):  # rendered, then from the page cache
        response = Client().get(url)
        assert response.status_code == 200
        assert not response.cookies
        assert b"csrfmiddlewaretoken" not in response.content
    assert response["X-Page-Cache"] == "hit"


def test_adding_from_a_cached_product_page_goes_through_a_confirmation_with_the_visitors_token(product):
    url = f"/produk/{product.slug}/"
    Client().get(url)  # cached by another visitor
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page["X-Page-Cache"] == "hit"
    form = re.search(rb'<form method="get" action="(/keranjang/tambah/)"', page.content)
    assert form, "the product page's add-to-cart form is a GET to the confirmation page"

    # Without a token the post is refused and nothing is added.
    assert visitor.post("/keranjang/tambah/", {"product": product.pk, "quantity": 2}).status_code == 403
    confirm = visitor.get("/keranjang/tambah/", {"product": product.pk, "quantity": 2})
    assert confirm.status_code == 200 and "csrftoken" in confirm.cookies
    assert product.name in confirm.content.decode()
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.content).group(1).decode()
    assert re.search(rb'name="quantity" value="2"', confirm.content)
    assert visitor.get("/keranjang/").context["lines"] == []  # the GET added nothing
    added = visitor.post("/keranjang/tambah/", {"csrfmiddlewaretoken": token, "product": product.pk, "quantity": 2})
    assert added.status_code == 302
    assert visitor.get("/keranjang/").context["lines"][0].quantity == 2


def test_the_add_confirmation_refuses_unknown_unpublished_or_sold_out_products(client, product):
    assert client.get("/keranjang/tambah/", {"product": "x"}).status_code == 404
    assert client.get("/keranjang/tambah/", {"product": product.pk + 1000}).status_code == 404
    product.stock = 0
    product.save()
    assert client.get("/keranjang/tambah/", {"product": product.pk}).status_code == 404


def test_the_add_confirmation_keeps_the_quantity_within_minimum_order_and_stock(client, product):
    product.min_order, product.stock = 3, 10
    product.save()
    low = client.get("/keranjang/tambah/", {"product": product.pk, "quantity": 1}).content
    high = client.get("/keranjang/tambah/", {"product": product.pk, "quantity": 50}).content
    typo = client.get("/keranjang/tambah/", {"product": product.pk, "quantity": "dua"})
    assert re.search(rb'name="quantity" value="3"', low)
    assert re.search(rb'name="quantity" value="10"', high)
    assert typo.status_code == 200 and re.search(rb'name="quantity" value="3"', typo.content)


def test_page_cache_off_renders_every_time(client, product, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/produk/")
    assert client.get("/produk/")["X-Page-Cache"] == "bypass"


def test_language_switch_is_a_link_to_the_same_page(client, product):
    body = client.get("/produk/?sort=price_asc").content.decode()
    assert 'href="/en/produk/?sort=price_asc"' in body
    assert 'href="/produk/?sort=price_asc"' in client.get("/en/produk/?sort=price_asc").content.decode()
