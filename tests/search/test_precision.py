"""Issue 15 (7): a one-word query must not find a shop's whole range through the shop's name,
and the search box suggests for a finished, misspelled word. Both backends."""
import pytest
from django.http import QueryDict

from search.queries import parse_request

pytestmark = pytest.mark.django_db


def ask(backend, query: str):
    return backend.search_products(parse_request(QueryDict(query)))


def test_one_word_matching_only_the_seller_name_finds_nothing(catalogue, backend):
    # "Griya Canting" sells kopi, melon, kerupuk…: none of them is a "canting".
    assert ask(backend, "q=canting").total == 0


def test_seller_name_still_narrows_a_query_of_several_words(catalogue, backend):
    response = ask(backend, "q=kopi+griya")
    assert response.ids == [catalogue.products["kopi"].pk]


@pytest.mark.parametrize("text, expected", [
    pytest.param("batk", {"Batik Tulis Kendalan Motif Parang", "Kain Batik Cap", "Kemeja Batik Pria"}, id="batk"),
    pytest.param("bandeng presot", {"Bandeng Presto Duri Lunak"}, id="bandeng-presot"),
    pytest.param("kripk", {"Kripik Tempe Original", "Keripik Tempe Pedas Level 5"}, id="kripk"),
])
def test_suggestions_for_misspelled_words(catalogue, backend, text, expected):
    assert expected <= set(backend.suggest(text))
