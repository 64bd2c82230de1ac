"""Text rules shared by every search box (products, KBLI, the business directory): folding,
old spellings, stop words and the fuzzy-edit counts Elasticsearch uses. Plain functions with no
database: the synonyms editors manage live in search.text, above this.

raw_tokens("Kripik Témpe  DJOGJA") -> ["kripik", "tempe", "jogja"]
"""

from __future__ import annotations

import re
import unicodedata

WORD_RE = re.compile(r"[0-9a-z]+")
# Old (pre-1972) spellings still seen on labels and in shop names: "Djogja", "Soto Tjandi".
OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"))
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
