"""Product cards (catalog/fragments.py): rendered once, kept in the cache under the page-cache
version and the language, redrawn when what they show changes, and still drawn without a cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.fragments import product_cards
from search.models import ProductEntry
from search.testing import index_now
from tests.catalog.factories import CategoryFactory, ProductFactory
from tests.catalog.shown import shown_products

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def test_a_second_view_takes_the_cards_from_the_cache(client, settings):
    settings.CATALOG_SUMMARY_SECONDS = 300  # counts cached too: only the page's ids are asked for
    products = [ProductFactory(name=f"Kerupuk Udang {i}") for i in range(5)]
    index_now()
    first, first_sql = _queries(client, "/produk/")
    second, second_sql = _queries(client, "/produk/")
    assert shown_products(second) == shown_products(first) == products[::-1]
    assert second.content == first.content
    # The counts and the page's ids are kept with the catalogue (search.listing), the cards too.
    assert not [sql for sql in second_sql if 'FROM "catalog_product' in sql]
    assert len(second_sql) < len(first_sql)


def test_on_the_database_backend_another_page_reads_only_its_ids(client, settings):
    settings.SEARCH_BACKEND = "database"
    settings.CATALOG_SUMMARY_SECONDS = 300
    products = [ProductFactory(name=f"Kerupuk Udang {i}") for i in range(5)]
    index_now()
    client.get("/produk/")  # counts, the page's ids and every card kept
    again, again_sql = _queries(client, "/produk/")
    assert shown_products(again) == products[::-1] and again_sql == []
    # The counts of these filters are kept: another page asks the search rows for its ids alone.
    other, other_sql = _queries(client, "/produk/?per_page=2&page=2")
    assert shown_products(other) == products[2:0:-1]
    assert len(other_sql) == 1 and other_sql[0].startswith("SELECT product_id FROM search_productentry")


@pytest.mark.parametrize("url", ["/produk/", "/", "business"])
def test_a_changed_product_or_business_is_redrawn_everywhere_it_shows(client, url):
    product = ProductFactory(name="Sirup Kawista", is_featured=True)
    index_now()
    url = f"/usaha/{product.business.slug}/" if url == "business" else url
    assert "Sirup Kawista" in client.get(url).content.decode()
    product.name = "Sirup Kawista Asli Rembang"
    product.save()
    product.business.name = "Dapur Bu Wiwik"
    product.business.save()
    body = client.get(url).content.decode()
    assert "Sirup Kawista Asli Rembang" in body and "Dapur Bu Wiwik" in body


def test_an_unpublished_product_loses_its_card(client):
    kept, gone = ProductFactory(name="Bandeng Presto"), ProductFactory(name="Otak-otak Bandeng")
    index_now()
    client.get("/produk/")
    gone.status = "archived"
    gone.save()  # bumps the version the cards are kept under; Celery has not reindexed yet
    assert ProductEntry.objects.filter(product=gone).exists()  # the search index still lists it
    assert shown_products(client.get("/produk/")) == [kept]
    assert product_cards([gone.pk, kept.pk]) == product_cards([kept.pk])


def test_cards_are_kept_per_language(client):
    ProductFactory(name="Tempe Mendoan")  # no photo: the card says so in the page's language
    index_now()
    assert "Belum ada foto" in client.get("/produk/").content.decode()
    english = client.get("/en/produk/").content.decode()
    assert "No photo yet" in english and "Belum ada foto" not in english


def test_cards_are_drawn_when_the_cache_is_down(client, cache_down):
    product = ProductFactory(name="Kopi Sukorejo")
    index_now()
    for url in ("/produk/", f"/produk/{ProductFactory().slug}/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert shown_products(client.get("/produk/"))[-1] == product


def _filters(response) -> str:
    body = response.content.decode()
    start = body.index('<form method="get" class="catalog-filters"')
    return body[start : body.index("</form>", start)]


def test_the_filter_form_is_kept_per_filters_and_redrawn_when_the_catalogue_changes(client, settings):
    settings.CATALOG_SUMMARY_SECONDS = 300
    kerajinan = CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)
    ProductFactory(name="Peyek Kacang", price=10_000)
    index_now()
    first = _filters(client.get("/produk/", {"sort": "price_asc"}))
    assert "Makanan &amp; Minuman (1)" in first and "Kerajinan" not in first
    with CaptureQueriesContext(connection) as ctx:
        again = _filters(client.get("/produk/", {"sort": "price_asc", "page": 1}))
    assert again == first  # the page number does not change the form
    assert not [q for q in ctx.captured_queries if "COUNT" in q["sql"]]
    # Each filter combination has its own form: the chosen sort and category are selected.
    other = _filters(client.get("/produk/", {"sort": "newest", "category": "makanan-minuman"}))
    assert '<option value="newest" selected>' in other and 'value="makanan-minuman" selected' in other
    assert '<option value="price_asc" selected>' in first
    # A new product bumps the catalogue version; a form drawn before the search index has it
    # still counts without it, and indexing bumps the version again: the next form counts it.
    ProductFactory(name="Tampah Bambu", price=150_000, category=kerajinan)
    assert "Kerajinan" not in _filters(client.get("/produk/", {"sort": "price_asc"}))
    index_now()
    redrawn = _filters(client.get("/produk/", {"sort": "price_asc"}))
    assert "Kerajinan (1)" in redrawn


def test_the_filter_form_of_a_text_search_keeps_what_was_typed(client, settings):
    settings.CATALOG_SUMMARY_SECONDS = 300
    ProductFactory(name="Kripik Tempe")
    index_now()
    for text in ("kripik", "tempe <b>"):
        form = _filters(client.get("/produk/", {"q": text}))
        assert 'name="q" id="id_q" value="%s"' % text.replace("<", "&lt;").replace(">", "&gt;") in form
