"""The catalogue's text search without dead ends: when the query as typed finds nothing, it is
relaxed step by step, each step asked only when the one before found nothing:

1. the query as typed, every word required, typos tolerated (fuzziness AUTO, both backends);
2. everyday words: a word buyers use that products are not named by ("cemilan", "oleh-oleh")
   may be matched by the product words listed for it in search/data/everyday_words.csv, every
   other word still required;
3. some words: one matching word is enough (word groups as in 2), products matching more of
   the words first.

The response says what was done (`relaxation.message`), and "did you mean" offers the corrected
query whenever it differs and finds products (backends.confirm_correction). A page that still
has nothing shows categories and popular products instead (search.listing.no_results_help).

    response = search(parse_request(request.GET))
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from core.text import edit_distance, fuzziness
from search.backends import SearchBackend, SearchResponse, confirm_correction, get_backend
from search.queries import SearchRequest
from search.text import synonym_map, tokens

EVERYDAY_WORDS_FILE = Path(__file__).resolve().parent / "data" / "everyday_words.csv"
# Product words named per everyday word in the message ("cemilan": keripik, kerupuk, …).
SHOWN_ALTERNATIVES = 5
EVERYDAY_WORDS, SOME_WORDS = "everyday_words", "some_words"


@dataclass(frozen=True)
class Relaxation:
    step: str  # EVERYDAY_WORDS or SOME_WORDS
    message: str  # translated, for the buyer
    shown: str = ""  # the words whose results are shown instead, when they can be named


@lru_cache(maxsize=1)
def _everyday_rows() -> tuple[tuple[str, tuple[str, ...]], ...]:
    with EVERYDAY_WORDS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            (row["kata"].strip(), tuple(row["kata_produk"].split()))
            for row in csv.DictReader(handle)
            if row.get("kata", "").strip() and row.get("kata_produk")
        )


def everyday_words() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Normalised everyday word → (the word as the file writes it, its product words
    normalised). Normalised per call, with the editors' current synonyms ("kripik" in the file
    is searched as "keripik")."""
    mapping = synonym_map()
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for key, words in _everyday_rows():
        key_words = list(dict.fromkeys(tokens(key, mapping)))  # "oleh-oleh" is one word: oleh
        if len(key_words) != 1:
            continue
        product_words = tuple(dict.fromkeys(w for word in words for w in tokens(word, mapping)))
        found[key_words[0]] = (key, tuple(w for w in product_words if w != key_words[0]))
    return found


def search(request: SearchRequest, backend: SearchBackend | None = None) -> SearchResponse:
    """The query as typed; when it finds nothing, the first relaxation step that finds
    something. At most one backend request per step, plus one count to confirm "did you mean"
    on a page that still shows nothing."""
    backend = backend or get_backend()
    with backend.one_search():
        response = backend.search_products(request)
        if request.tokens and not response.total:
            relaxed = _relaxed(backend, request)
            if relaxed is not None:
                relaxed.correction = response.correction
                response = relaxed
        confirm_correction(backend, response)
    return response


def _relaxed(backend: SearchBackend, request: SearchRequest) -> SearchResponse | None:
    everyday = everyday_words()
    entries = [everyday.get(word) for word in request.tokens]
    alternatives = tuple(entry[1] if entry else () for entry in entries)
    if any(alternatives):
        response = backend.search_products(replace(request, alternatives=alternatives))
        if response.total:
            response.relaxation = _everyday_relaxation(request, response, entries)
            return response
    if len(request.tokens) > 1:
        response = backend.search_products(replace(request, alternatives=alternatives, any_word=True))
        if response.total:
            response.relaxation = _some_words_relaxation(request, response, entries)
            return response
    return None


def found_word(word: str, alternatives: tuple[str, ...], words: frozenset[str]) -> str:
    """The product's own word that matched a query word: the word itself, its closest spelling
    within the word's typo tolerance, or a word standing in for it; "" when none did."""
    if word in words:
        return word
    limit = fuzziness(word)
    close = sorted(
        (edit_distance(word, candidate, limit), candidate)
        for candidate in words
        if limit and abs(len(candidate) - len(word)) <= limit
    )
    if close and close[0][0] <= limit:
        return close[0][1]
    return next((alternative for alternative in alternatives if alternative in words), "")


def _everyday_relaxation(request: SearchRequest, response: SearchResponse, entries) -> Relaxation:
    parts = []
    for entry in entries:
        if not entry:
            continue
        key, alternatives = entry
        shown = [alt for alt in alternatives if any(alt in hit.words for hit in response.hits)]
        if shown:
            parts.append(f"“{key}”: {', '.join(shown[:SHOWN_ALTERNATIVES])}")
    return Relaxation(
        EVERYDAY_WORDS,
        _("Tidak ada hasil untuk “%(query)s”. Menampilkan produk yang termasuk %(words)s.")
        % {"query": request.text, "words": "; ".join(parts)},
    )


def _some_words_relaxation(request: SearchRequest, response: SearchResponse, entries) -> Relaxation:
    """Named ("Menampilkan hasil untuk “keripik tempe”") when some words matched nothing at all
    and the first product has all the others; otherwise "part of the words"."""
    matching = [index for index, count in enumerate(response.word_counts) if count]
    first = response.hits[0].words if response.hits else frozenset()
    shown = []
    for index in matching:
        word, alternatives = request.groups[index]
        found = found_word(word, alternatives, first)
        # A word standing in for an everyday word is named by that everyday word.
        shown.append(entries[index][0] if found and entries[index] and found in entries[index][1] else found)
    if len(matching) < len(request.tokens) and all(shown):
        label = " ".join(shown)
        return Relaxation(
            SOME_WORDS,
            _("Tidak ada hasil untuk “%(query)s”. Menampilkan hasil untuk “%(shown)s”.")
            % {"query": request.text, "shown": label},
            shown=label,
        )
    return Relaxation(
        SOME_WORDS,
        _("Tidak ada hasil untuk “%(query)s”. Menampilkan produk yang cocok dengan sebagian kata.")
        % {"query": request.text},
    )
