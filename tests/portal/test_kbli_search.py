"""Finding a KBLI 2020 code by everyday words: the ranking (registry.selectors.kbli_search), the
shipped synonym list, and the JSON endpoint behind the wizard's "Cari kode KBLI dengan kata"."""

import csv

import pytest
from django.urls import reverse

from registry.reference_data import DATA_DIR, kbli_rows
from registry.selectors import InvalidKbliQuery, KbliIndex, kbli_index, kbli_index_clear, kbli_search

# What an owner types, and the code they are looking for: it must be among the first three.
LABELLED_QUERIES = [
    ("keripik", "10794"),
    ("kripik", "10794"),  # everyday spelling, a synonym
    ("KRIPIK tempe", "10794"),  # a product of the code, in capitals
    ("kripk tempe", "10794"),  # a typo inside a synonym phrase
    ("kerip", "10794"),  # still typing
    ("usaha keripik di kendal", "10794"),  # words that say nothing about the code
    ("warung makan", "56102"),
    ("warteg", "56102"),
    ("batik", "13134"),
    ("batk", "13134"),  # a typo
    ("bengkel motor", "45407"),
    ("bengkl motor", "45407"),  # a typo in a word no title has
    ("bengkel mo", "45407"),
    ("bengkel mobil", "45201"),
    ("laundry", "96200"),
    ("londry", "96200"),
    ("jahit", "14120"),
    ("penjahit", "14120"),
    ("potong rambut", "96111"),
    ("ternak ayam", "01461"),
    ("bandeng presto", "10219"),
    ("tempe", "10391"),  # a title word, not lifted away by the synonym "keripik tempe"
    ("10794", "10794"),  # the code itself
    ("5610", "56102"),  # a code prefix
]


def top(query: str, n: int = 3) -> list[str]:
    return [suggestion.code for suggestion in kbli_search(query)[:n]]


@pytest.mark.django_db
@pytest.mark.parametrize("query, code", LABELLED_QUERIES, ids=[q for q, _ in LABELLED_QUERIES])
def test_everyday_words_find_the_code_in_the_top_three(query, code):
    assert code in top(query)


@pytest.mark.django_db
def test_the_main_examples_come_first():
    assert top("keripik", 1) == ["10794"]
    assert top("warung makan", 1) == ["56102"]
    assert top("batik", 1) == ["13134"]
    assert top("bengkl motor", 1) == ["45407"]
    # Two synonyms of one word keep the file's order: tailoring before alterations.
    assert top("jahit", 2) == ["14120", "95291"]


@pytest.mark.django_db
def test_a_code_prefix_lists_the_five_digit_codes_under_it_in_code_order():
    codes = [suggestion.code for suggestion in kbli_search("107")]
    assert codes == sorted(codes) and len(codes) == 10
    assert all(code.startswith("107") and len(code) == 5 for code in codes)
    assert codes[0] == "10710"


@pytest.mark.django_db
def test_only_five_digit_codes_are_suggested():
    """Registration accepts kelompok (five-digit) codes only; sections, golongan and subgolongan
    ("1079", "PERTANIAN ...") are never offered."""
    for query in ["10", "pertanian", "industri makanan", "perdagangan eceran"]:
        suggestions = kbli_search(query)
        assert suggestions, query
        assert all(len(s.code) == 5 and s.code.isdigit() for s in suggestions), query
    assert "1079" not in [s.code for s in kbli_search("1079")]


@pytest.mark.django_db
def test_at_most_ten_and_every_title_from_the_table():
    titles = {row["kode"]: row["judul"] for row in kbli_rows()}
    suggestions = kbli_search("industri")
    assert len(suggestions) == 10
    assert all(titles[s.code] == s.title for s in suggestions)


def test_exact_words_rank_over_prefixes_over_typos():
    index = KbliIndex.build(
        [
            ("00001", "INDUSTRI BATIQ"),
            ("00002", "INDUSTRI BATIKAN"),
            ("00003", "INDUSTRI BATIK"),
            ("00004", "INDUSTRI GENTENG"),
        ],
        [],
    )
    matches = dict(index.words_matching("batik"))
    assert matches == {"batik": 3, "batikan": 2}  # a known word is not read as a typo too
    assert dict(index.words_matching("batiq")) == {"batiq": 3}
    assert dict(index.words_matching("bat")) == {"batik": 2, "batikan": 2, "batiq": 2}
    assert dict(index.words_matching("batuk")) == {"batik": 1}  # one edit away; "batiq" is two


@pytest.mark.django_db
def test_ranking_puts_more_words_then_better_matches_then_synonyms_first(monkeypatch):
    from registry import selectors

    index = KbliIndex.build(
        [
            ("00001", "INDUSTRI BATIQ"),
            ("00002", "INDUSTRI BATIKAN"),
            ("00003", "INDUSTRI BATIKAN TULIS"),
            ("00004", "INDUSTRI GENTENG"),
        ],
        [{"kata": "batik", "kode": "00004"}],
    )
    monkeypatch.setitem(selectors._kbli_indexes, "test", index)
    # "batik": 00004 by its synonym (exact), then the prefix matches (shorter title first);
    # the typo match "batiq" is not tried because "batik" is a known word.
    assert [s.code for s in kbli_search("batik", version="test")] == ["00004", "00002", "00003"]
    # "batuk" is no word: a typo away from the synonym "batik" only.
    assert [s.code for s in kbli_search("batuk", version="test")] == ["00004"]
    # More query words matched beats a better match of fewer words.
    assert [s.code for s in kbli_search("batikan tulis", version="test")][0] == "00003"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", " ", "k", " k  ", "x" * 101])
def test_too_short_or_too_long_queries_are_refused(query):
    with pytest.raises(InvalidKbliQuery):
        kbli_search(query)


@pytest.mark.django_db
def test_one_query_builds_the_index_then_searches_use_none(django_assert_num_queries):
    kbli_index_clear()
    with django_assert_num_queries(1):
        kbli_search("keripik")
    with django_assert_num_queries(0):
        for query in ["batik", "warung makan", "bengkl motor", "107", "industri"]:
            kbli_search(query)


def test_the_shipped_synonyms_name_existing_five_digit_codes():
    codes = {row["kode"] for row in kbli_rows() if len(row["kode"]) == 5}
    with open(DATA_DIR / "kbli2020_synonyms.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 100
    assert [row["kode"] for row in rows if row["kode"] not in codes] == []
    pairs = [(row["kata"], row["kode"]) for row in rows]
    assert len(pairs) == len(set(pairs)), "a word listed twice for one code"
    assert all(row["kata"] == row["kata"].strip().lower() and row["kata"] for row in rows)


@pytest.mark.django_db
def test_the_index_covers_the_whole_loaded_table():
    index = kbli_index("2020")
    assert len(index.titles) == 1791


# --- the endpoint ---------------------------------------------------------------------------------

URL = "/daftar-usaha/kbli/"


def test_the_endpoint_url():
    assert reverse("registry:kbli-search") == URL


@pytest.mark.django_db
def test_endpoint_answers_ranked_codes_with_titles(client):
    response = client.get(URL, {"q": "keripik"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert results[0] == {"code": "10794", "title": "Industri kerupuk, keripik, peyek dan sejenisnya"}
    assert all(set(item) == {"code", "title"} for item in results)

    results = client.get(URL, {"q": "warung makan"}).json()["results"]
    assert results[0] == {"code": "56102", "title": "Rumah/warung makan"} and len(results) <= 10
    assert [item["code"] for item in client.get(URL, {"q": "107"}).json()["results"]][:2] == ["10710", "10721"]
    assert client.get(URL, {"q": "zzqqxx"}).json() == {"results": []}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, detail",
    [
        ({}, "Ketik minimal 2 huruf atau angka."),
        ({"q": "k"}, "Ketik minimal 2 huruf atau angka."),
        ({"q": "   "}, "Ketik minimal 2 huruf atau angka."),
        ({"q": "keripik " * 13}, "Kata pencarian terlalu panjang: maksimal 100 karakter."),
    ],
)
def test_endpoint_says_why_a_query_is_refused(client, params, detail):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json() == {"detail": detail}


@pytest.mark.django_db
def test_endpoint_refuses_in_english_under_en(client):
    response = client.get("/en" + URL, {"q": "k"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Type at least 2 letters or digits."}


@pytest.mark.django_db
def test_endpoint_is_throttled_per_client_address_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(60):
        assert client.get(URL, {"q": "batik"}, HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 200
    response = client.get(URL, {"q": "batik"}, HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert response.status_code == 429 and "Retry-After" in response
    # Another phone behind the same nginx is not held back.
    assert client.get(URL, {"q": "batik"}, HTTP_X_FORWARDED_FOR="10.0.0.2").status_code == 200


@pytest.mark.django_db
def test_a_signed_in_owner_has_a_budget_of_their_own(client):
    from tests.portal.factories import OwnerFactory

    for _ in range(60):
        client.get(URL, {"q": "batik"})
    assert client.get(URL, {"q": "batik"}).status_code == 429
    client.force_login(OwnerFactory())
    assert client.get(URL, {"q": "batik"}).status_code == 200


@pytest.mark.django_db
def test_the_business_step_has_the_search_box_and_no_dangling_datalist(client):
    from tests.portal.factories import BusinessFactory

    business = BusinessFactory(status="draft", registration_step=2)
    client.force_login(business.owner)
    for url in [reverse("registry:registration-step", args=[business.pk, "usaha"])]:
        html = client.get(url).content.decode()
        # Hidden until registration.js shows it: without JavaScript the code is typed.
        assert f'data-url="{URL}"' in html and 'data-target="id_kbli_codes"' in html
        assert '<div class="kbli-search" data-kbli-search' in html and " hidden>" in html
        assert 'list="' not in html
