"""Both backends against the same fixture catalogue (Elasticsearch is the real node)."""

import pytest
from django.http import QueryDict

from search.backends import hydrate
from search.queries import parse_request
from search.service import search

pytestmark = pytest.mark.django_db


def ask(backend, query: str):
    return backend.search_products(parse_request(QueryDict(query)))


# (query string, the products that must fill the top places, total hits)
PARITY = [
    pytest.param("q=tampah", {"tampah"}, 1, id="exact-word"),
    pytest.param("q=bandeng+presto", {"bandeng"}, 1, id="exact-two-words"),
    pytest.param("q=kripik+tempee", {"tempe_original", "tempe_pedas"}, 3, id="misspelled-and-variant"),
    pytest.param("q=batk", {"batik_tulis", "batik_cap", "kemeja"}, 3, id="misspelled-batik"),
    pytest.param("q=btk+tulis", {"batik_tulis"}, 1, id="abbreviation-multi-word"),
    pytest.param("q=sambal", {"sambal"}, 1, id="synonym-sambel"),
    pytest.param("q=krupuk+ikan", {"kerupuk"}, 1, id="synonym-krupuk-multi-word"),
    pytest.param("q=tempe", {"tempe_original", "tempe_pedas"}, 3, id="name-before-description"),
    pytest.param("q=kopi+kendal", {"kopi"}, 1, id="kabupaten-name-matches"),
    pytest.param("q=kripik&kecamatan=33.24.12", {"tempe_original"}, 2, id="filter-kecamatan"),
    pytest.param("q=batik&max_price=200000", {"batik_cap", "kemeja"}, 2, id="filter-price"),
    pytest.param("q=tempe&certification=halal", {"tempe_original"}, 1, id="filter-certification"),
    # keripik ~ kerupuk is within AUTO fuzziness (2 edits): found on both, ranked lower.
    pytest.param("q=kripik&in_stock=1", {"tempe_original"}, 3, id="filter-in-stock"),
    pytest.param(
        "q=batik&category=fashion-batik",
        {"batik_tulis", "batik_cap", "kemeja"},
        3,
        id="filter-category-with-subcategory",
    ),
    pytest.param("q=pedas&sort=price_asc", {"tempe_pedas"}, 2, id="sort-price"),
]


@pytest.mark.parametrize("query, top, total", PARITY)
def test_both_backends_give_the_same_top_results(catalogue, es_backend, db_backend, query, top, total):
    expected = {catalogue.products[key].pk for key in top}
    es, db = ask(es_backend, query), ask(db_backend, query)
    assert (es.total, db.total) == (total, total)
    assert set(es.ids[: len(top)]) == expected
    assert set(db.ids[: len(top)]) == expected
    if len(top) == 1:
        assert es.ids[0] == db.ids[0]


def test_description_match_ranks_after_name_matches(catalogue, backend):
    response = ask(backend, "q=tempe")
    assert response.ids[2] == catalogue.products["bakpia"].pk


def test_sort_by_price_ignores_relevance(catalogue, backend):
    response = ask(backend, "q=pedas&sort=price_asc")
    assert response.ids == [catalogue.products["tempe_pedas"].pk, catalogue.products["sambal"].pk]


def test_drafts_and_unverified_businesses_are_never_found(catalogue, backend):
    response = ask(backend, "q=batik")
    names = {p.name for p in hydrate(response)}
    assert names == {"Batik Tulis Kendalan Motif Parang", "Kain Batik Cap", "Kemeja Batik Pria"}


def test_facets_count_with_other_filters_active(catalogue, backend):
    # Food in kecamatan A: the category facet ignores the category filter, the kecamatan
    # facet ignores the kecamatan filter, the others obey both.
    response = ask(backend, "category=makanan-minuman&kecamatan=33.24.12")
    assert response.total == 4  # tempe_original, bakpia, sambal, bandeng
    counts = {name: {v.value: v.count for v in values} for name, values in response.facets.items()}
    assert counts["category"] == {"makanan-minuman": 4, "fashion-batik": 1, "kerajinan": 1}
    assert counts["kecamatan"] == {"33.24.12": 4, "33.24.01": 4}
    assert counts["certification"] == {"halal": 3, "pirt": 2}
    assert counts["price"] == {"0-25000": 1, "25000-100000": 3, "100000-500000": 0, "500000-": 0}
    assert counts["in_stock"] == {"1": 4}
    selected = {(name, v.value) for name, values in response.facets.items() for v in values if v.selected}
    assert selected == {("category", "makanan-minuman"), ("kecamatan", "33.24.12")}


def test_facets_follow_the_text_query(catalogue, backend):
    response = ask(backend, "q=batik&certification=halal")
    assert response.total == 0
    counts = {name: {v.value: v.count for v in values} for name, values in response.facets.items()}
    # Without its own filter the certification facet shows what the query would give; the
    # chosen value stays listed (the form keeps it checked).
    assert counts["certification"] == {"halal": 0}
    assert counts["category"] == {}
    assert counts["price"]["100000-500000"] == 0


def test_highlights_mark_matched_words_in_the_original_spelling(catalogue, backend):
    response = ask(backend, "q=keripik+tempee")
    products = {p.pk: p for p in hydrate(response)}
    original = products[catalogue.products["tempe_original"].pk]
    assert original.highlighted_name == "<mark>Kripik</mark> <mark>Tempe</mark> Original"
    assert original.highlighted_description == "<mark>Keripik</mark> <mark>tempe</mark> renyah, gurih."


def test_did_you_mean_when_nothing_matches(catalogue, backend):
    response = search(parse_request(QueryDict("q=mlonn")), backend)
    assert response.total == 0
    assert response.did_you_mean == "melon"


def test_no_did_you_mean_for_words_that_are_indexed(catalogue, backend):
    assert search(parse_request(QueryDict("q=melon")), backend).did_you_mean == ""
    # "kendal" is no product's name but every Kendal seller's kabupaten: never "corrected".
    assert search(parse_request(QueryDict("q=kopi+kendal")), backend).did_you_mean == ""


def test_nonsense_gives_nothing_and_no_suggestion(catalogue, backend):
    response = search(parse_request(QueryDict("q=zzzqqxx")), backend)
    assert (response.total, response.did_you_mean) == (0, "")


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("kri", {"Kripik Tempe Original", "Keripik Tempe Pedas Level 5"}, id="variant-prefix"),
        pytest.param("batik tu", {"Batik Tulis Kendalan Motif Parang"}, id="word-then-prefix"),
        pytest.param("tamp", {"Tampah Bambu"}, id="prefix"),
    ],
)
def test_suggestions(catalogue, backend, text, expected):
    assert set(backend.suggest(text)) == expected


def test_pagination_is_the_same(catalogue, backend):
    first = ask(backend, "sort=price_asc&page_size=5")
    second = ask(backend, "sort=price_asc&page_size=5&page=2")
    assert first.total == second.total == 12
    assert first.num_pages == 3
    assert len(set(first.ids) | set(second.ids)) == 10
