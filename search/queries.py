"""The search request and how it becomes a query: an elasticsearch-dsl Search for the
Elasticsearch backend, ORM filters and a score expression for the database backend. Both
read the same normalised words and apply the same matching rule: every query word must match
(allowing Elasticsearch's AUTO fuzziness) in the name, the related names (business, category,
kecamatan) or the description; name matches weigh most, exact words more than fuzzy ones,
and the whole query as a phrase gets a bonus."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from elasticsearch_dsl import Q as ESQ
from elasticsearch_dsl import Search

from core.identifiers import is_ascii_digits
from search.text import query_tokens

# The one set of listing constants: the catalogue page (/produk/), its API (/api/v1/products/)
# and the search API (/api/v1/search/products/) all read these (search.listing, parse_request).
SORTS = {
    "relevance": _("Paling relevan"),  # only with text; without it the order is newest
    "newest": _("Terbaru"),
    "price_asc": _("Harga terendah"),
    "price_desc": _("Harga tertinggi"),
}
CERTIFICATIONS = {"halal": _("Halal"), "pirt": _("P-IRT"), "bpom": _("BPOM")}
# Price facet buckets, (key, from, to) in rupiah: "from" inclusive (None: no lower bound), "to"
# exclusive (None: no upper bound), as in an Elasticsearch range aggregation. The keys are the
# catalogue's `price` parameter (/produk/?price=25000-100000).
PRICE_RANGES = (
    ("0-25000", None, 25_000),
    ("25000-100000", 25_000, 100_000),
    ("100000-500000", 100_000, 500_000),
    ("500000-", 500_000, None),
)
FACETS = ("category", "kecamatan", "certification", "price", "in_stock")
PAGE_SIZE = 24
MAX_PAGE_SIZE = 48
# One result window for every listing, with or without text: results go at most this deep
# (100 pages of 24); past it the buyer narrows the filters. It keeps a deep page an index walk
# of at most this many rows on the database backend, and far inside Elasticsearch's own limit
# (index.max_result_window, 10,000).
MAX_RESULT_WINDOW = 2_400
# Weights shared by both backends.
W_NAME, W_RELATED, W_BODY, W_SELLER, FUZZY_FACTOR, W_PHRASE = 3.0, 1.5, 1.0, 0.5, 0.5, 4.0
# In an any-word search (relaxation), each query word a product matches adds this much: far
# more than any text score, so products matching more of the words always come first.
W_COVER = 100.0
PRODUCT_FIELDS = (("name", W_NAME), ("related", W_RELATED), ("body", W_BODY))


class InvalidSearch(ValueError):
    """A request parameter that cannot be used; the message is shown to the client (400)."""


@dataclass(frozen=True)
class SearchRequest:
    """What a buyer asked for. Categories and kecamatan are OR-ed within their facet (a
    category includes its subcategories); certifications must all be present; facets are
    AND-ed."""

    text: str = ""
    categories: tuple[str, ...] = ()
    kecamatan: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    min_price: int | None = None
    max_price: int | None = None
    in_stock: bool = False
    business: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    tokens: tuple[str, ...] = field(default=(), compare=False)
    # Relaxation (search.service) only: per token, exact words that may stand in for it
    # ("cemilan" → keripik, peyek), and whether one matching word is enough.
    alternatives: tuple[tuple[str, ...], ...] = ()
    any_word: bool = False
    # False: the page of hits only, without the total and the facet counts (zero and empty in
    # the response), for a caller that already has them (search.listing keeps a browse
    # page's counts with the catalogue).
    counts: bool = True

    @property
    def groups(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each query word with the words that may stand in for it."""
        alternatives = self.alternatives or ((),) * len(self.tokens)
        return [(word, tuple(alt for alt in extra if alt != word)) for word, extra in zip(self.tokens, alternatives)]

    @property
    def strict(self) -> bool:
        """The buyer's own query (not a relaxation step): the one "did you mean" corrects."""
        return not self.any_word and not any(self.alternatives)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def counts_key(self) -> tuple:
        """What the total and the facet counts depend on: the text and the filters, not the
        sort or the page."""
        return (
            self.text,
            self.categories,
            self.kecamatan,
            self.certifications,
            self.min_price,
            self.max_price,
            self.in_stock,
            self.business,
            self.alternatives,
            self.any_word,
        )

    def with_tokens(self) -> SearchRequest:
        return replace(self, tokens=tuple(query_tokens(self.text)))


def _int(params, name: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    raw = (params.get(name) or "").strip().replace(".", "")
    if not raw:
        return None
    if not is_ascii_digits(raw):
        raise InvalidSearch(_("%(name)s harus berupa angka bulat.") % {"name": name})
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        raise InvalidSearch(_("%(name)s di luar batas.") % {"name": name})
    return value


def _list(params, name: str) -> tuple[str, ...]:
    values = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        out += [part.strip() for part in str(value).split(",") if part.strip()]
    return tuple(dict.fromkeys(out))[:20]


def last_page(total: int, page_size: int) -> int:
    """The last page of `total` results, inside the result window (1 when there are none)."""
    return max(1, -(-min(total, MAX_RESULT_WINDOW) // page_size))


def parse_request(params, *, default_page_size: int = PAGE_SIZE) -> SearchRequest:
    """Build a SearchRequest from query parameters (q, category, kecamatan, certification,
    min_price, max_price, in_stock, sort, page, page_size); raises InvalidSearch."""
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise InvalidSearch(_("Urutan tidak dikenal: %(sort)s") % {"sort": sort})
    certifications = _list(params, "certification")
    unknown = [c for c in certifications if c not in CERTIFICATIONS]
    if unknown:
        raise InvalidSearch(_("Sertifikasi tidak dikenal: %(c)s") % {"c": ", ".join(unknown)})
    page_size = _int(params, "page_size", minimum=1, maximum=MAX_PAGE_SIZE) or default_page_size
    page = _int(params, "page", minimum=1, maximum=10_000) or 1
    if (page - 1) * page_size >= MAX_RESULT_WINDOW:
        raise InvalidSearch(_("Halaman terlalu jauh; persempit pencarian."))
    min_price, max_price = _int(params, "min_price"), _int(params, "max_price")
    if min_price is not None and max_price is not None and min_price > max_price:
        raise InvalidSearch(_("Harga minimum lebih besar dari harga maksimum."))
    return SearchRequest(
        text=(params.get("q") or "").strip()[:200],
        categories=_list(params, "category"),
        kecamatan=_list(params, "kecamatan"),
        certifications=certifications,
        min_price=min_price,
        max_price=max_price,
        in_stock=(params.get("in_stock") or "").lower() in {"1", "true", "on", "ya"},
        business=_int(params, "business"),
        sort=sort,
        page=page,
        page_size=page_size,
    ).with_tokens()


# --- Elasticsearch ---------------------------------------------------------------------------
# Request bodies are built as plain dicts: building elasticsearch-dsl objects and serialising them
# back cost ~2 ms of Python per search.


def _es_group(word: str, alternatives: tuple[str, ...], fields) -> dict:
    """One query word (typo tolerant) or one of the exact words standing in for it, in any of
    the fields."""
    return {
        "dis_max": {
            "queries": [
                {"match": {name: {"query": word, "fuzziness": "AUTO", "boost": weight * FUZZY_FACTOR}}}
                for name, weight in fields
            ]
            + [
                {"match": {name: {"query": alternative, "boost": weight * FUZZY_FACTOR}}}
                for alternative in alternatives
                for name, weight in fields
            ]
        }
    }


def es_word_groups(request: SearchRequest) -> list[dict]:
    """One query per word group, over the product fields (no seller): what an any-word search
    counts per word."""
    return [_es_group(word, alternatives, PRODUCT_FIELDS) for word, alternatives in request.groups]


def es_text_query(words: tuple[str, ...], groups: list | None = None, *, any_word: bool = False) -> dict:
    """Every word must match; the seller's name can satisfy a word only when another word
    matched a product field (name, related, description), so "rejeki" never finds a shop's
    whole range through its name "Sumber Rejeki" while "keripik sumber rejeki" still works.
    With `any_word` (relaxation) one word is enough, products matching more words first, and
    the seller's name does not count."""
    if not words:
        return {"match_all": {}}
    groups = groups if groups is not None else [(word, ()) for word in words]
    phrase = " ".join(words)
    if any_word:
        matches = [_es_group(word, alternatives, PRODUCT_FIELDS) for word, alternatives in groups]
        return {
            "bool": {
                "should": [
                    *({"constant_score": {"filter": match, "boost": W_COVER}} for match in matches),
                    *matches,
                    *({"match": {name: {"query": phrase, "boost": weight}}} for name, weight in PRODUCT_FIELDS),
                ],
                "minimum_should_match": 1,
            }
        }
    fields = PRODUCT_FIELDS + ((("seller", W_SELLER),) if len(words) > 1 else ())
    query: dict = {"must": [_es_group(word, alternatives, fields) for word, alternatives in groups]}
    query["should"] = [
        # Exact words outrank fuzzy ones; the phrase in the name outranks scattered words.
        {"match": {name: {"query": phrase, "boost": weight}}}
        for name, weight in fields
    ]
    if len(words) > 1:
        query["should"].append({"match_phrase": {"name": {"query": phrase, "boost": W_PHRASE}}})
        query["filter"] = [
            {
                "bool": {
                    "should": [_es_group(word, alternatives, PRODUCT_FIELDS) for word, alternatives in groups],
                    "minimum_should_match": 1,
                }
            }
        ]
    return {"bool": query}


def es_filters(request: SearchRequest) -> dict[str, dict]:
    """One filter per active facet, keyed by facet, so each facet's counts can leave its own
    filter out."""
    filters: dict[str, dict] = {}
    if request.categories:
        filters["category"] = {"terms": {"category_path": list(request.categories)}}
    if request.kecamatan:
        filters["kecamatan"] = {"terms": {"kecamatan": list(request.kecamatan)}}
    if request.certifications:
        filters["certification"] = {
            "bool": {"filter": [{"term": {"certifications": kind}} for kind in request.certifications]}
        }
    if request.min_price is not None or request.max_price is not None:
        bounds = {}
        if request.min_price is not None:
            bounds["gte"] = request.min_price
        if request.max_price is not None:
            bounds["lte"] = request.max_price
        filters["price"] = {"range": {"price": bounds}}
    if request.in_stock:
        filters["in_stock"] = {"term": {"in_stock": True}}
    if request.business:
        filters["business"] = {"term": {"business_id": request.business}}
    return filters


def _all_of(filters: list) -> dict:
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


def _facet_agg(facet: str) -> dict:
    if facet == "category":
        return {"terms": {"field": "category", "size": 100}}
    if facet == "kecamatan":
        return {"terms": {"field": "kecamatan", "size": 100}}
    if facet == "certification":
        return {"terms": {"field": "certifications", "size": 10}}
    if facet == "price":
        return {
            "range": {
                "field": "price",
                "keyed": True,
                "ranges": [
                    {
                        "key": key,
                        **({"from": low} if low is not None else {}),
                        **({"to": high} if high is not None else {}),
                    }
                    for key, low, high in PRICE_RANGES
                ],
            }
        }
    return {"filter": {"term": {"in_stock": True}}}


def es_facet_groups(filters: Mapping[str, object]) -> dict[str, tuple[tuple[str, ...], list[str]]]:
    """Facets that count under the same filters: aggregation bucket name ("" for the top level)
    -> (the filters applied, the facets). Each facet applies every active filter but its own, so
    all facets without an active filter of their own share one set: at most one filter
    aggregation per active facet filter plus one, and none at all when nothing is filtered (the
    query's own hits), instead of one filter aggregation per facet."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for facet in FACETS:
        groups.setdefault(tuple(name for name in filters if name != facet), []).append(facet)
    return {("g-" + "-".join(key) if key else ""): (key, facets) for key, facets in groups.items()}


def es_facet_aggs(filters: dict[str, dict]) -> dict:
    aggs: dict = {}
    for bucket, (names, facets) in es_facet_groups(filters).items():
        if bucket:
            group: dict = {}
            aggs[bucket] = {"filter": _all_of([filters[name] for name in names]), "aggs": group}
        else:
            group = aggs
        for facet in facets:
            group[f"f_{facet}"] = _facet_agg(facet)
    return aggs


def es_facet_counts(aggregations: dict, filters: Mapping[str, object]) -> dict[str, dict[str, int]]:
    """Counts per facet value from the aggregations es_facet_aggs asked for."""
    raw: dict[str, dict[str, int]] = {}
    for bucket, (_filter, facets) in es_facet_groups(filters).items():
        parent = aggregations[bucket] if bucket else aggregations
        for facet in facets:
            agg = parent[f"f_{facet}"]
            if facet == "price":
                raw[facet] = {key: agg["buckets"][key]["doc_count"] for key, _, _ in PRICE_RANGES}
            elif facet == "in_stock":
                raw[facet] = {"1": agg["doc_count"]}
            else:
                raw[facet] = {b["key"]: b["doc_count"] for b in agg["buckets"]}
    return raw


def es_sort(request: SearchRequest) -> list:
    tiebreak = [{"published_at": {"order": "desc"}}, {"product_id": {"order": "desc"}}]
    if request.sort == "price_asc":
        return [{"price": {"order": "asc"}}, {"product_id": {"order": "asc"}}]
    if request.sort == "price_desc":
        return [{"price": {"order": "desc"}}, {"product_id": {"order": "desc"}}]
    if request.sort == "newest" or not request.tokens:
        return tiebreak
    return ["_score", *tiebreak]


# The indexed text of a product document; returned with hits so backends can mark matched words.
TEXT_FIELDS = ("name", "related", "body")


# Words a "did you mean" may correct: digits and words of one or two letters are left alone.
def correctable(word: str) -> bool:
    return len(word) >= 3 and not word.isdigit()


# Suggested corrections come from product names first, then the other indexed text.
CORRECTION_FIELDS = ("name", "related", "body")


def es_product_body(request: SearchRequest) -> dict:
    """The request body of a product search: hits, total and facets in one request. The
    buyer's own query also asks for spelling corrections (term suggester) and which of its
    words are indexed at all; a relaxation step (any word) counts the products per word."""
    filters = es_filters(request)
    if not request.counts:
        # The hits alone: every filter in the query, no aggregations, no total.
        return {**es_count_body(request), **_es_page(request), "track_total_hits": False}
    body: dict = {"query": es_text_query(request.tokens, request.groups, any_word=request.any_word)}
    if filters:
        # post_filter: hits obey every filter while the aggregations below choose theirs.
        body["post_filter"] = _all_of(list(filters.values()))
    body["aggs"] = es_facet_aggs(filters)
    if request.any_word and request.tokens:
        body["aggs"]["words"] = {
            "filter": _all_of(list(filters.values())),
            "aggs": {
                "w": {
                    "filters": {"filters": {str(index): group for index, group in enumerate(es_word_groups(request))}}
                }
            },
        }
    correct = [word for word in request.tokens if correctable(word)] if request.strict else []
    if correct:
        # Known anywhere (seller included), whatever the filters: such a word is never "corrected".
        body["aggs"]["known"] = {
            "global": {},
            "aggs": {
                "w": {
                    "filters": {
                        "filters": {
                            word: {"multi_match": {"query": word, "fields": [*TEXT_FIELDS, "seller"]}}
                            for word in correct
                        }
                    }
                }
            },
        }
        body["suggest"] = {
            "text": " ".join(correct),
            **{
                f"fix_{name}": {
                    "term": {
                        "field": name,
                        "suggest_mode": "missing",
                        "max_edits": 2,
                        "prefix_length": 0,
                        "min_word_length": 3,
                        "size": 5,
                    }
                }
                for name in CORRECTION_FIELDS
            },
        }
    body.update({**_es_page(request), "track_total_hits": True})
    return body


def _es_page(request: SearchRequest) -> dict:
    return {
        "sort": es_sort(request),
        "from": request.offset,
        "size": request.page_size,
        # Matched words for highlighting are worked out from this text (backends.fuzzy_matches).
        "_source": ["product_id", *TEXT_FIELDS, "seller"] if request.tokens else ["product_id"],
    }


def es_count_body(request: SearchRequest) -> dict:
    """Only whether (and how many) products match the text under the request's filters."""
    filters = es_filters(request)
    query = es_text_query(request.tokens, request.groups, any_word=request.any_word)
    return {"query": {"bool": {"must": [query], "filter": list(filters.values())}}}


def es_product_search(request: SearchRequest, *, client, index: str) -> Search:
    return Search(using=client, index=index).update_from_dict(es_product_body(request))


def prefix_alternatives(prefix: str, mapping: dict[str, str]) -> list[str]:
    """A partly typed last word and the canonical words of variants it starts: "kri" is
    the start of "kripik", indexed as "keripik"."""
    alternatives = [prefix]
    for variant, canonical in mapping.items():
        if variant.startswith(prefix) and canonical not in alternatives and " " not in canonical:
            alternatives.append(canonical)
    return alternatives


def es_suggest_search(words: list[str], prefixes: list[str], *, client, index: str, size: int) -> Search:
    """Autocomplete: every word but the last matches (fuzzily), the last as a prefix."""
    must = [ESQ("match", name={"query": word, "fuzziness": "AUTO"}) for word in words[:-1]]
    # The last word as typed so far (a prefix) or as a finished, misspelled word ("batk").
    must.append(
        ESQ(
            "bool",
            should=[ESQ("prefix", name=prefix) for prefix in prefixes]
            + [ESQ("match", name={"query": words[-1], "fuzziness": "AUTO"})],
        )
    )
    return (
        Search(using=client, index=index)
        .query(ESQ("bool", must=must))
        .sort("_score", {"product_id": {"order": "desc"}})
        .extra(size=size, collapse={"field": "name.exact"})
        .source(["title", "product_id"])
    )


# --- database ------------------------------------------------------------------------------
# Plain SQL on ProductEntry's own columns (one table, no joins), the same text on PostgreSQL and
# SQLite except for the text match. Building these through the ORM cost 8-13 ms of Python per
# search (a dozen conditional aggregates and a CASE per query word), more than the queries.
# A fragment is (sql, params); every value is a parameter.

ENTRY_TABLE = "search_productentry"


def db_filters(request: SearchRequest, category_slugs: dict[str, list[str]]) -> dict[str, tuple[str, list]]:
    """The same facet filters as es_filters, as SQL conditions on ProductEntry's columns."""
    filters: dict[str, tuple[str, list]] = {}
    if request.categories:
        slugs = sorted({s for slug in request.categories for s in category_slugs.get(slug, [slug])})
        filters["category"] = (f"category IN ({', '.join(['%s'] * len(slugs))})", slugs)
    if request.kecamatan:
        codes = list(request.kecamatan)
        filters["kecamatan"] = (f"kecamatan IN ({', '.join(['%s'] * len(codes))})", codes)
    if request.certifications:
        filters["certification"] = (
            " AND ".join(f"{kind} = %s" for kind in request.certifications),
            [True] * len(request.certifications),
        )
    bounds = []
    if request.min_price is not None:
        bounds.append(("price >= %s", request.min_price))
    if request.max_price is not None:
        bounds.append(("price <= %s", request.max_price))
    if bounds:
        filters["price"] = (" AND ".join(sql for sql, _ in bounds), [value for _, value in bounds])
    if request.in_stock:
        filters["in_stock"] = ("stock > 0", [])
    if request.business:
        filters["business"] = ("business_id = %s", [request.business])
    return filters


def all_of(fragments) -> tuple[str, list]:
    """Fragments AND-ed; ("", []) when there are none."""
    fragments = [f for f in fragments if f and f[0]]
    return " AND ".join(f"({sql})" for sql, _ in fragments), [p for _, params in fragments for p in params]


PRODUCT_COLUMNS = ("name", "related", "body")


def db_text_sql(
    expansions: list[tuple[str, list[str]]], *, postgres: bool, any_word: bool = False, with_seller: bool | None = None
) -> tuple[str, list]:
    """Every query word (or one of its expansions) must occur in some field (with `any_word`,
    one word is enough). The seller's name (tsvector weight D) counts only for queries of
    several words and only beside a product-field match, as in es_text_query; relaxation steps
    leave it out. On PostgreSQL the tsvector (GIN index) answers; elsewhere whole-word LIKE."""
    if not expansions:
        return "", []
    if with_seller is None:
        with_seller = len(expansions) > 1 and not any_word
    groups = [[word, *variants] for word, variants in expansions]
    if postgres:

        def tsquery(joiner: str, weights: str) -> str:
            return joiner.join(f"({' | '.join(term + weights for term in terms)})" for terms in groups)

        match = "vector @@ to_tsquery('simple'::regconfig, %s)"
        if with_seller:
            return f"{match} AND {match}", [tsquery(" & ", ""), tsquery(" | ", ":ABC")]
        return match, [tsquery(" | " if any_word else " & ", ":ABC")]

    def like(joiner: str, columns: tuple[str, ...]) -> tuple[str, list]:
        parts, params = [], []
        for terms in groups:
            parts.append(f"({' OR '.join(f'{column} LIKE %s' for term in terms for column in columns)})")
            params += [f"% {term} %" for term in terms for _ in columns]
        return joiner.join(parts), params

    if with_seller:
        return all_of([like(" AND ", (*PRODUCT_COLUMNS, "seller")), like(" OR ", PRODUCT_COLUMNS)])
    return like(" OR " if any_word else " AND ", PRODUCT_COLUMNS)


def db_score_sql(
    expansions: list[tuple[str, list[str]]], *, with_seller: bool | None = None, coverage: float = 0.0
) -> tuple[str, list]:
    """Per word: the first field it matches, exact before fuzzy (name, related, description,
    then the seller's name for queries of several words); plus the phrase bonus when every
    word stands in the name in order. `coverage` is added per matched word (any-word search)."""
    if not expansions:
        return "%s", [0.0]
    if with_seller is None:
        with_seller = len(expansions) > 1
    terms, params = [], []
    fields = PRODUCT_FIELDS + ((("seller", W_SELLER),) if with_seller else ())
    for word, variants in expansions:
        whens = []
        for column, weight in fields:
            whens.append(f"WHEN {column} LIKE %s THEN %s")
            params += [f"% {word} %", weight + coverage]
        if variants:
            for column, weight in fields:
                whens.append(f"WHEN ({' OR '.join([f'{column} LIKE %s'] * len(variants))}) THEN %s")
                params += [f"% {term} %" for term in variants] + [weight * FUZZY_FACTOR + coverage]
        terms.append(f"CASE {' '.join(whens)} ELSE %s END")
        params.append(0.0)
    if len(expansions) > 1:
        terms.append("CASE WHEN name LIKE %s THEN %s ELSE %s END")
        params += [f"% {' '.join(word for word, _ in expansions)} %", W_PHRASE, 0.0]
    return " + ".join(terms), params


def db_order_sql(request: SearchRequest) -> str:
    tiebreak = "published_at DESC NULLS LAST, product_id DESC"
    if request.sort == "price_asc":
        return "price ASC, product_id ASC"
    if request.sort == "price_desc":
        return "price DESC, product_id DESC"
    if request.sort == "newest" or not request.tokens:
        return tiebreak
    return f"score DESC, {tiebreak}"


# Facets whose filter the database backend applies in Python, from the group keys of the facet
# query (the rows are grouped by category and kecamatan); the others are conditional counts.
DB_GROUPED_FACETS = ("category", "kecamatan")


def db_facet_counts_sql(
    filters: dict[str, tuple[str, list]], extra_counts: Sequence[tuple[str, tuple[str, list]]] = ()
) -> tuple[list[str], str, list]:
    """The conditional counts of the facet query (names, SELECT list, params), grouped by
    category and kecamatan. Each facet applies every active filter but its own (as es_facet_aggs
    does): the category and kecamatan filters are applied per group by the caller, so only the
    certification, price and in-stock filters appear here (the business filter belongs in the
    WHERE clause: it is never a facet). `n_rows` counts for the total and the category and
    kecamatan facets. `extra_counts` (name, condition) are counted like `n_rows` (the words of
    an any-word search)."""
    names, selects, params = [], [], []

    def count(name: str, exclude: str | None = None, extra: tuple[str, list] | None = None) -> None:
        sql, values = all_of(
            [
                f
                for facet, f in filters.items()
                if facet != exclude and facet not in DB_GROUPED_FACETS and facet != "business"
            ]
            + [extra]
        )
        names.append(name)
        selects.append(f"COUNT(*) FILTER (WHERE {sql})" if sql else "COUNT(*)")
        params.extend(values)

    count("n_rows")
    count("n_in_stock", "in_stock", ("stock > 0", []))
    for kind in CERTIFICATIONS:
        count(f"n_cert_{kind}", "certification", (f"{kind} = %s", [True]))
    for index, (_key, low, high) in enumerate(PRICE_RANGES):
        bucket = all_of(
            [("price >= %s", [low]) if low is not None else None, ("price < %s", [high]) if high is not None else None]
        )
        count(f"n_price_{index}", "price", bucket)
    for name, condition in extra_counts:
        count(name, extra=condition)
    return names, ", ".join(selects), params


def db_text_match(
    expansions: list[tuple[str, list[str]]],
    *,
    columns: tuple[str, ...] = ("name", "related", "body"),
) -> Q:
    """ORM form of the whole-word match (suggestions): every word or one of its expansions."""
    condition = Q()
    for word, variants in expansions:
        any_field = Q()
        for term in [word, *variants]:
            for column in columns:
                any_field |= Q(**{f"{column}__contains": f" {term} "})
        condition &= any_field
    return condition
