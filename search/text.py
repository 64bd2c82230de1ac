"""Indonesian text normalisation, done in Python so that Elasticsearch (core analysis only:
no asciifolding or synonym filters in the distribution we test against) and the database
backend see exactly the same terms, at index time and at query time.

normalize("Kripik Témpe  KENDAL") -> "keripik tempe kendal"
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.cache import cache
from django.utils.html import escape

from core.page_cache import CACHE_ERRORS
from core.text import QUERY_STOPWORDS, raw_tokens
from search.models import SearchSynonym

SYNONYM_CACHE_KEY = "search:synonyms:v1"


def synonym_map() -> dict[str, str]:
    """variant -> canonical, from the SearchSynonym rows editors manage (cached; read from
    the database when the cache is down)."""
    try:
        mapping = cache.get(SYNONYM_CACHE_KEY)
    except CACHE_ERRORS:
        mapping = None
    if mapping is None:
        mapping = {}
        for synonym in SearchSynonym.objects.all():
            canonical = " ".join(raw_tokens(synonym.term))
            for variant in synonym.variant_list():
                for word in raw_tokens(variant):
                    if word != canonical:
                        mapping[word] = canonical
        try:
            cache.set(SYNONYM_CACHE_KEY, mapping, 300)
        except CACHE_ERRORS:
            pass  # read again next time
    return mapping


def clear_synonym_cache() -> None:
    cache.delete(SYNONYM_CACHE_KEY)


def tokens(text: str, mapping: dict[str, str] | None = None) -> list[str]:
    """Normalised words: folded, respelled, variants mapped to their canonical form."""
    mapping = synonym_map() if mapping is None else mapping
    out: list[str] = []
    for word in raw_tokens(text):
        out.extend(mapping.get(word, word).split())
    return out


def query_tokens(text: str, mapping: dict[str, str] | None = None) -> list[str]:
    """Normalised query words without stop words and duplicates, at most 10."""
    seen: list[str] = []
    for word in tokens(text, mapping):
        if word not in QUERY_STOPWORDS and word not in seen:
            seen.append(word)
    return seen[:10]


def normalize(text: str, mapping: dict[str, str] | None = None) -> str:
    return " ".join(tokens(text, mapping))


def highlight(text: str, terms: Iterable[str], mapping: dict[str, str] | None = None) -> str:
    """HTML of text with the words whose normalised form is in `terms` wrapped in <mark>.
    Both backends report the matched (normalised) terms; marking happens on the original
    text so buyers see the seller's own spelling."""
    wanted = set(terms)
    if not wanted or not text:
        return str(escape(text or ""))
    mapping = synonym_map() if mapping is None else mapping
    parts, last = [], 0
    for match in re.finditer(r"\w+", text):
        words = tokens(match.group(0), mapping)
        if words and any(word in wanted for word in words):
            parts.append(str(escape(text[last : match.start()])))
            parts.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
    parts.append(str(escape(text[last:])))
    return "".join(parts)
