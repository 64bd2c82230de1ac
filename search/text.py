"""Indonesian text normalisation, done in Python so that Elasticsearch (core analysis only:
no asciifolding or synonym filters in the distribution we test against) and the database
backend see exactly the same terms, at index time and at query time.

normalize("Kripik Témpe  KENDAL") -> "keripik tempe kendal"
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.core.cache import cache

WORD_RE = re.compile(r"[0-9a-z]+")
# Old (pre-1972) spellings still seen on labels and in shop names: "Djogja", "Soto Tjandi".
OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"))
SYNONYM_CACHE_KEY = "search:synonyms:v1"
# Dropped from queries only ("keripik di kendal"): they would otherwise have to match.
QUERY_STOPWORDS = frozenset({"di", "ke", "dari", "dan", "yang", "untuk", "dengan", "atau", "khas"})


def fold(text: str) -> str:
    """Lower-case and strip accents (é → e), the way asciifolding would."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _respell(word: str) -> str:
    for old, new in OLD_SPELLING:
        if old in word:
            word = word.replace(old, new)
    return word


def raw_tokens(text: str) -> list[str]:
    """Folded, respelled words before synonym mapping."""
    return [_respell(word) for word in WORD_RE.findall(fold(text))]


def synonym_map() -> dict[str, str]:
    """variant -> canonical, from the SearchSynonym rows editors manage (cached)."""
    mapping = cache.get(SYNONYM_CACHE_KEY)
    if mapping is None:
        from search.models import SearchSynonym

        mapping = {}
        for synonym in SearchSynonym.objects.all():
            canonical = " ".join(raw_tokens(synonym.term))
            for variant in synonym.variant_list():
                for word in raw_tokens(variant):
                    if word != canonical:
                        mapping[word] = canonical
        cache.set(SYNONYM_CACHE_KEY, mapping, 300)
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


def fuzziness(word: str) -> int:
    """Edits allowed for a query word, the same rule as Elasticsearch's fuzziness AUTO."""
    if len(word) <= 2:
        return 0
    if len(word) <= 5:
        return 1
    return 2


def correction_limit(word: str) -> int:
    """Edits a "did you mean" may make to a word: one up to four letters, two from five."""
    return 1 if len(word) <= 4 else 2


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transposition), as
    Elasticsearch counts fuzzy edits; returns limit + 1 once it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def highlight(text: str, terms: Iterable[str], mapping: dict[str, str] | None = None) -> str:
    """HTML of text with the words whose normalised form is in `terms` wrapped in <mark>.
    Both backends report the matched (normalised) terms; marking happens on the original
    text so buyers see the seller's own spelling."""
    from django.utils.html import escape

    wanted = set(terms)
    if not wanted or not text:
        return str(escape(text or ""))
    mapping = synonym_map() if mapping is None else mapping
    parts, last = [], 0
    for match in re.finditer(r"\w+", text):
        words = tokens(match.group(0), mapping)
        if words and any(word in wanted for word in words):
            parts.append(str(escape(text[last:match.start()])))
            parts.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
    parts.append(str(escape(text[last:])))
    return "".join(parts)
