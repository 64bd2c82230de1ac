import pytest

from core.text import edit_distance, fuzziness
from search.text import highlight, normalize, query_tokens

MAPPING = {"kripik": "keripik", "sambel": "sambal", "btk": "batik"}


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Kripik Tempe", "keripik tempe", id="synonym-variant"),
        pytest.param("KERIPIK  tempe!!", "keripik tempe", id="case-and-punctuation"),
        pytest.param("Sambél Bawang", "sambal bawang", id="accent-folded-then-synonym"),
        pytest.param("Soto Djoeragan Tjandi", "soto juragan candi", id="old-spelling"),
        pytest.param("btk tulis", "batik tulis", id="abbreviation"),
        pytest.param("Kue-kue 250g", "kue kue 250g", id="hyphen-and-digits"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text, MAPPING) == expected


def test_query_tokens_drop_stop_words_and_duplicates():
    assert query_tokens("kripik tempe di kendal tempe", MAPPING) == ["keripik", "tempe", "kendal"]


@pytest.mark.parametrize(
    "a, b, distance",
    [
        ("batk", "batik", 1),
        ("tempee", "tempe", 1),
        ("tmepe", "tempe", 1),
        ("mlonn", "melon", 2),
        ("tempe", "tempe", 0),
        ("abc", "xyzuvw", 3),
    ],
)
def test_edit_distance_counts_transpositions_as_one(a, b, distance):
    assert edit_distance(a, b, limit=2) == distance


@pytest.mark.parametrize("word, edits", [("ab", 0), ("batk", 1), ("tempe", 1), ("tempee", 2)])
def test_fuzziness_is_elasticsearch_auto(word, edits):
    assert fuzziness(word) == edits


def test_highlight_marks_the_sellers_spelling_and_escapes_html():
    html = highlight("Kripik <Tempe> Pedas", {"keripik", "tempe"}, MAPPING)
    assert html == "<mark>Kripik</mark> &lt;<mark>Tempe</mark>&gt; Pedas"
