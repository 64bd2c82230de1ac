"""After Terapkan the filters close and the ones in force show as chips, each with a link that
drops it (issue 15, problem 5)."""

import pytest

from tests.catalog.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_active_filters_show_as_chips_each_removable(client):
    craft = CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)
    ProductFactory(category=craft, price=45_000, name="Tampah Bambu")
    html = client.get(
        "/produk/", {"q": "tampah", "category": "kerajinan", "price": "25000-100000", "sort": "price_asc"}
    ).content.decode()
    assert 'data-testid="active-filters"' in html
    assert "<details>" in html  # closed after applying
    assert "Kerajinan <span" in html and "Rp 25.000 – Rp 100.000 <span" in html
    # Each chip keeps the search, the sort and the other filter.
    assert 'href="?q=tampah&amp;price_min=25000&amp;price_max=99999&amp;sort=price_asc"' in html
    assert 'href="?q=tampah&amp;category=kerajinan&amp;sort=price_asc"' in html
    assert "Hapus semua" in html and 'href="?q=tampah&amp;sort=price_asc"' in html


def test_no_chips_without_filters(client):
    ProductFactory()
    html = client.get("/produk/").content.decode()
    assert 'data-testid="active-filters"' not in html


def test_a_filter_with_no_results_left_still_reads_as_words(client):
    CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)
    html = client.get("/produk/", {"q": "zzzz", "category": "kerajinan", "kecamatan": "33.24.12"}).content.decode()
    assert "Kerajinan <span" in html and "Kec. Weleri <span" in html
