"""The catalogue's one listing path (search.listing): browsing and text search are answered by
the search interface, by either backend alike, with one result window; a browse page's counts
are kept with the catalogue and then only its hits are asked for."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from search import listing
from search.listing import ListingParams, product_listing
from search.queries import MAX_RESULT_WINDOW, SearchRequest, last_page

BACKENDS = ["elasticsearch", "database"]


def _listing(query: str, **kwargs):
    return product_listing(ListingParams.from_querydict(QueryDict(query)), **kwargs)


def _names(result) -> list[str]:
    return [product.name for product in result.products()]


@pytest.mark.parametrize("backend", BACKENDS)
def test_browsing_is_answered_by_either_backend_alike(catalogue, settings, backend):
    settings.SEARCH_BACKEND = backend
    result = _listing("category=makanan-minuman&price=25000-100000&sort=price_desc")
    assert result.search.backend == backend and not result.search.fell_back
    # Price descending, ties by the newer id first.
    assert _names(result) == [
        "Bandeng Presto Duri Lunak",
        "Kopi Robusta",
        "Bakpia Kacang Hijau",
        "Sambel Bawang Bu Tini",
    ]
    assert result.total == 4
    # Each facet leaves out its own filter; categories by name, as the filter form lists them.
    assert [(f["label"], f["count"], f["selected"]) for f in result.facets["category"]] == [
        ("Kerajinan", 1, False),
        ("Makanan & Minuman", 4, True),
    ]
    assert {f["value"]: f["count"] for f in result.facets["price"]} == {
        "0-25000": 4,
        "25000-100000": 4,
        "100000-500000": 0,
        "500000-": 0,
    }
    assert [f for f in result.facets["price"] if f["selected"]] == [
        {"value": "25000-100000", "label": "25000-100000", "count": 4, "selected": True, "min": 25_000, "max": 100_000}
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_newest_first_without_text(catalogue, settings, backend):
    settings.SEARCH_BACKEND = backend
    result = _listing("per_page=3")
    assert _names(result) == ["Kripik Tempe Original", "Keripik Tempe Pedas Level 5", "Bakpia Kacang Hijau"]
    assert result.params.sort == "newest" and result.total == 12


@pytest.mark.parametrize("backend", BACKENDS)
def test_kept_counts_then_the_hits_alone(catalogue, settings, backend):
    settings.SEARCH_BACKEND = backend
    settings.CATALOG_SUMMARY_SECONDS = 300
    fresh = _listing("certification=halal&page=2&per_page=2")
    again = _listing("certification=halal&page=2&per_page=2")
    assert again.search.request.counts is False  # counts from the cache, hits asked alone
    assert (again.search.ids, again.total, again.facets) == (fresh.search.ids, fresh.total, fresh.facets)
    # Another page or sort of the same filters shares the counts.
    other = _listing("certification=halal&sort=price_asc&per_page=2")
    assert other.search.request.counts is False and other.total == 3
    assert other.page.paginator.num_pages == 2 and len(other.page.object_list) == 2


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("query", ["", "q=tempe"], ids=["browse", "text"])
def test_a_page_past_the_end_shows_the_last_page(catalogue, settings, backend, query):
    settings.SEARCH_BACKEND = backend
    result = _listing(f"{query}&per_page=2&page=99")
    assert result.page.number == result.page.paginator.num_pages == last_page(result.total, 2)
    assert result.search.hits and len(result.page.object_list) == len(result.search.hits)


def test_one_result_window_for_browsing_text_and_the_search_api(catalogue, client, settings, monkeypatch):
    settings.SEARCH_BACKEND = "database"
    monkeypatch.setattr("search.queries.MAX_RESULT_WINDOW", 5)
    monkeypatch.setattr(listing, "MAX_RESULT_WINDOW", 5)
    # Browsing; and text that finds nothing as typed, relaxed to some of its words (7 products).
    for query in ("per_page=2&page=50", "q=batik+tempe+kopi&per_page=1&page=50"):
        result = _listing(query, relax=True)
        paginator = result.page.paginator
        assert paginator.count == 5 and paginator.is_truncated, query
        assert result.page.number == paginator.num_pages == last_page(5, result.params.per_page)
    html = client.get("/produk/", {"per_page": 2, "page": 3}).content.decode()
    assert "Halaman hanya sampai 5 produk pertama" in html
    assert client.get("/api/v1/search/products/", {"page_size": 2, "page": 4}).status_code == 400
    assert client.get("/api/v1/search/products/", {"page_size": 2, "page": 3}).status_code == 200


def test_the_window_is_the_one_constant(db):
    assert listing.MAX_RESULT_WINDOW == MAX_RESULT_WINDOW == 2_400
    assert ListingParams(page=10_000).search_request().page == 100
    assert SearchRequest().page_size == ListingParams().per_page == 24
