"""Issue 15 (7): a search never dead-ends. What each relaxation step says, "did you mean" even
beside results, what a page with nothing shows, and what it costs (Elasticsearch requests,
SQL queries). Both backends where the rule is theirs."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from search import backends
from search.queries import parse_request
from search.service import EVERYDAY_WORDS, SOME_WORDS, everyday_words, search
from search.testing import index_now
from search.text import tokens
from tests.catalog.factories import ProductFactory
from tests.catalog.shown import shown_products
from tests.search.conftest import KEC_A

pytestmark = pytest.mark.django_db


def ask(backend, query: str):
    return search(parse_request(QueryDict(query)), backend)


@pytest.mark.parametrize(
    "query, step, message",
    [
        pytest.param(
            "q=kripk+tmpe+bacem",
            SOME_WORDS,
            "Tidak ada hasil untuk “kripk tmpe bacem”. Menampilkan hasil untuk “keripik tempe”.",
            id="typos-and-a-word-nothing-has",
        ),
        pytest.param(
            "q=kopi+bandeng",
            SOME_WORDS,
            "Tidak ada hasil untuk “kopi bandeng”. Menampilkan produk yang cocok dengan sebagian kata.",
            id="words-that-never-meet",
        ),
        pytest.param(
            "q=cemilan",
            EVERYDAY_WORDS,
            "Tidak ada hasil untuk “cemilan”. Menampilkan produk yang termasuk “cemilan”: keripik, kerupuk.",
            id="everyday-word",
        ),
        pytest.param(
            "q=oleh-oleh",
            EVERYDAY_WORDS,
            "Tidak ada hasil untuk “oleh-oleh”. Menampilkan produk yang termasuk “oleh-oleh”: "
            "bandeng, bakpia, keripik, kerupuk.",
            id="everyday-word-with-hyphen",
        ),
    ],
)
def test_the_page_says_what_relaxation_did(catalogue, backend, query, step, message):
    response = ask(backend, query)
    assert response.total
    assert (response.relaxation.step, response.relaxation.message) == (step, message)


def test_several_typos_find_the_right_product_first(catalogue, backend):
    response = ask(backend, "q=kripk+tmpe+bacem")
    assert set(response.ids[:2]) == {catalogue.products["tempe_original"].pk, catalogue.products["tempe_pedas"].pk}
    assert response.relaxation.shown == "keripik tempe"
    # "bacem" matched nothing at all; keripik and tempe did.
    assert [bool(count) for count in response.word_counts] == [True, True, False]


def test_everyday_words_keep_the_other_words_and_the_filters(catalogue, backend):
    assert ask(backend, "q=cemilan+pedas").ids == [catalogue.products["tempe_pedas"].pk]
    # Kecamatan A has one of the three snacks by name (and the bakpia, "enak dengan kripik tempe").
    response = ask(backend, f"q=cemilan&kecamatan={KEC_A}")
    assert response.ids == [catalogue.products["tempe_original"].pk, catalogue.products["bakpia"].pk]


def test_everyday_word_results_are_marked(catalogue, backend):
    products = {p.pk: p for p in backends.hydrate(ask(backend, "q=cemilan"))}
    assert products[catalogue.products["tempe_original"].pk].highlighted_name == "<mark>Kripik</mark> Tempe Original"


def test_nonsense_finds_nothing_and_offers_nothing(catalogue, backend):
    response = ask(backend, "q=zzzqqxx+qwrtz")
    assert (response.total, response.relaxation, response.did_you_mean) == (0, None, "")


@pytest.mark.parametrize(
    "query, total, did_you_mean",
    [
        pytest.param("q=batk", 3, "batik", id="beside-results"),
        pytest.param("q=kripik+tempee", 3, "keripik tempe", id="one-word-of-two"),
        pytest.param("q=mlonn", 0, "melon", id="nothing-else-found"),
        pytest.param("q=mlonn+hijau", 2, "melon hijau", id="beside-relaxed-results"),
        pytest.param("q=kripk+tmpe+bacem", 4, "", id="correction-that-finds-nothing"),
        pytest.param("q=melon", 1, "", id="spelled-right"),
    ],
)
def test_did_you_mean_whenever_the_correction_differs_and_finds_products(
    catalogue, backend, query, total, did_you_mean
):
    response = ask(backend, query)
    assert (response.total, response.did_you_mean) == (total, did_you_mean)


def test_did_you_mean_respects_the_filters(catalogue, backend):
    # The melon's seller is in kecamatan B: the corrected query finds nothing in A.
    assert ask(backend, "q=mlonn&kecamatan=33.24.01").did_you_mean == "melon"
    assert ask(backend, f"q=mlonn&kecamatan={KEC_A}").did_you_mean == ""


def test_the_vocabulary_knows_which_words_are_in_product_names(catalogue):
    from search.models import SearchTerm

    in_name = dict(
        SearchTerm.objects.filter(term__in=["melon", "kendal", "renyah", "griya"]).values_list("term", "in_name")
    )
    assert in_name == {"melon": True, "kendal": False, "renyah": False, "griya": False}


def test_every_everyday_word_in_the_data_file_is_one_word_with_product_words():
    words = everyday_words()
    assert {"cemilan", "oleh", "kain", "minuman", "baju"} <= set(words)
    assert words["oleh"][0] == "oleh-oleh"
    assert "keripik" in words["cemilan"][1]  # the file's "kripik" read through the editors' synonyms
    from search.service import _everyday_rows

    for key, product_words in _everyday_rows():
        assert len(set(tokens(key))) == 1, key
        assert product_words, key


# --- cost: Elasticsearch requests and SQL queries ------------------------------------------


@pytest.fixture
def es_requests(monkeypatch):
    """The Elasticsearch calls searches make (search and count), by kind."""
    calls: list[str] = []
    real = backends.get_client

    class Counting:
        def __init__(self, client):
            self.client = client

        def search(self, **kwargs):
            calls.append("search")
            return self.client.search(**kwargs)

        def count(self, **kwargs):
            calls.append("count")
            return self.client.count(**kwargs)

    monkeypatch.setattr(backends, "get_client", lambda *a, **k: Counting(real(*a, **k)))
    return calls


@pytest.mark.parametrize(
    "query, calls",
    [
        pytest.param("q=kopi", ["search"], id="matches"),
        pytest.param("q=batk", ["search"], id="matches-with-did-you-mean"),
        pytest.param("q=kripk+tmpe+bacem", ["search", "search"], id="some-words"),
        pytest.param("q=cemilan", ["search", "search"], id="everyday-word"),
        pytest.param("q=mlonn", ["search", "count"], id="nothing-but-did-you-mean"),
        pytest.param("q=zzzqqxx", ["search"], id="nonsense-word"),
        pytest.param("q=zzzqqxx+qwrtz", ["search", "search"], id="nonsense-words"),
    ],
)
def test_elasticsearch_requests_per_page(catalogue, es_backend, es_requests, query, calls):
    ask(es_backend, query)
    assert es_requests == calls


@pytest.mark.parametrize(
    "query, queries",
    [
        pytest.param("q=kopi", 3, id="matches"),  # expansions, facets and total, hits
        pytest.param("q=batk", 4, id="matches-with-did-you-mean"),  # + closest words
        # Nothing as typed (no hits query), the closest words, then the relaxed facets and hits.
        pytest.param("q=kripk+tmpe+bacem", 5, id="some-words"),
        pytest.param("q=cemilan", 5, id="everyday-word"),
        # + the corrected word's expansions and its count.
        pytest.param("q=mlonn", 5, id="nothing-but-did-you-mean"),
    ],
)
def test_database_queries_per_search(catalogue, db_backend, query, queries):
    ask(db_backend, "q=tampah")  # warm the per-process category tree
    with CaptureQueriesContext(connection) as ctx:
        ask(db_backend, query)
    assert len(ctx.captured_queries) == queries, [q["sql"][:80] for q in ctx.captured_queries]


# --- the catalogue page --------------------------------------------------------------------


def test_a_nonsense_query_page_shows_categories_and_products(catalogue, client):
    response = client.get("/produk/", {"q": "zzzqqxx"})
    html = response.content.decode()
    assert 'data-testid="no-results"' in html
    assert 'href="/produk/?category=makanan-minuman">Makanan &amp; Minuman <span class="count">(8)</span>' in html
    assert 'data-testid="all-products">Lihat semua produk</a>' in html
    assert 'href="/produk/"' in html
    assert len(shown_products(response)) == 4  # popular products, as cards
    assert 'data-testid="drop-filters"' not in html  # no filter to drop


def test_with_filters_the_empty_page_offers_to_drop_them(catalogue, client):
    html = client.get("/produk/", {"q": "zzzqqxx", "category": "kerajinan"}).content.decode()
    assert 'href="/produk/?q=zzzqqxx" data-testid="drop-filters">Cari “zzzqqxx” tanpa saringan</a>' in html
    # Filters without text that leave nothing: the same help.
    html = client.get("/produk/", {"category": "kerajinan", "price": "500000-"}).content.decode()
    assert 'href="/produk/" data-testid="drop-filters">Hapus semua saringan</a>' in html
    assert 'data-testid="help-categories"' in html


def test_a_relaxed_page_says_so_and_links_the_correction(catalogue, client):
    response = client.get("/produk/", {"q": "mlonn hijau"})
    html = response.content.decode()
    assert "Tidak ada hasil untuk “mlonn hijau”. Menampilkan hasil untuk “hijau”." in html
    link = html[html.index('data-testid="did-you-mean"') :][:300]
    assert 'href="?q=melon+hijau">melon hijau</a>' in link, link
    assert {p.name for p in shown_products(response)} == {"Melon Hijau", "Bakpia Kacang Hijau"}
    assert 'data-testid="no-results"' not in html


def test_the_api_answers_the_query_as_typed(catalogue, client):
    body = client.get("/api/v1/products/", {"q": "cemilan"}).json()
    assert body["count"] == 0
    body = client.get("/api/v1/search/products/", {"q": "batk"}).json()
    assert (body["count"], body["did_you_mean"]) == (3, "batik")


def _page_queries(client, url: str) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_relaxed_and_empty_pages_do_not_grow_with_the_products_shown(catalogue, client, settings):
    settings.SEARCH_BACKEND = "database"
    for i in range(10):
        ProductFactory(
            name=f"Kerupuk Udang Rasa {i}",
            category=catalogue.products["kerupuk"].category,
            business=catalogue.products["kerupuk"].business,
        )
    index_now()
    few = _page_queries(client, "/produk/?q=cemilan&per_page=3")
    many = _page_queries(client, "/produk/?q=cemilan&per_page=12")
    assert few == many
    assert _page_queries(client, "/produk/?q=zzzqqxx") <= many + 4


@pytest.fixture
def restore_language():
    """A request under /en/ leaves English active in the test thread."""
    from django.utils import translation

    yield
    translation.activate("id")


def test_the_relaxation_and_the_help_are_in_english_under_en(catalogue, client, restore_language):
    html = client.get("/en/produk/", {"q": "cemilan"}).content.decode()
    assert "No results for “cemilan”. Showing products that count as “cemilan”: keripik, kerupuk." in html
    html = client.get("/en/produk/", {"q": "zzzqqxx", "category": "kerajinan"}).content.decode()
    assert "Search “zzzqqxx” without filters" in html and "Browse categories" in html


def test_a_chosen_filter_stays_shown_when_nothing_matches(catalogue, backend):
    response = ask(backend, "q=zzzqqxx&category=kerajinan&kecamatan=33.24.12")
    assert [(v.value, v.count, v.selected) for v in response.facets["category"]] == [("kerajinan", 0, True)]
    assert [(v.value, v.count, v.selected) for v in response.facets["kecamatan"]] == [("33.24.12", 0, True)]
