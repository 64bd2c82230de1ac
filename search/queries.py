"""The search request and how it becomes a query: an elasticsearch-dsl Search for the
Elasticsearch backend, ORM filters and a score expression for the database backend. Both
read the same normalised words and apply the same matching rule: every query word must match
(allowing Elasticsearch's AUTO fuzziness) in the name, the related names (business, category,
kecamatan) or the description; name matches weigh most, exact words more than fuzzy ones,
and the whole query as a phrase gets a bonus."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import Case, F, FloatField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from elasticsearch_dsl import A, Search
from elasticsearch_dsl import Q as ESQ

from catalog.selectors import PRICE_BUCKETS
from search.text import query_tokens

SORTS = {
    "relevance": _("Paling sesuai"),
    "newest": _("Terbaru"),
    "price_asc": _("Harga terendah"),
    "price_desc": _("Harga tertinggi"),
}
CERTIFICATIONS = {"halal": _("Halal"), "pirt": _("P-IRT"), "bpom": _("BPOM")}
# (key, from, to) in rupiah; "to" is exclusive, as in an Elasticsearch range aggregation.
# The catalogue's buckets, so its facet links keep working whichever backend answers.
PRICE_RANGES = [(key, low or None, high) for key, low, high in PRICE_BUCKETS]
FACETS = ("category", "kecamatan", "certification", "price", "in_stock")
MAX_PAGE_SIZE = 48
MAX_RESULT_WINDOW = 10_000
# Weights shared by both backends.
W_NAME, W_RELATED, W_BODY, FUZZY_FACTOR, W_PHRASE = 3.0, 1.5, 1.0, 0.5, 4.0


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
    page_size: int = 24
    tokens: tuple[str, ...] = field(default=(), compare=False)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def with_tokens(self) -> SearchRequest:
        return replace(self, tokens=tuple(query_tokens(self.text)))


def _int(params, name: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    raw = (params.get(name) or "").strip().replace(".", "")
    if not raw:
        return None
    if not raw.isdigit():
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


def parse_request(params, *, default_page_size: int = 24) -> SearchRequest:
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
    if page * page_size > MAX_RESULT_WINDOW:
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

def es_text_query(words: tuple[str, ...]):
    if not words:
        return ESQ("match_all")
    must = [
        ESQ("dis_max", queries=[
            ESQ("match", name={"query": word, "fuzziness": "AUTO", "boost": W_NAME * FUZZY_FACTOR}),
            ESQ("match", related={"query": word, "fuzziness": "AUTO", "boost": W_RELATED * FUZZY_FACTOR}),
            ESQ("match", body={"query": word, "fuzziness": "AUTO", "boost": W_BODY * FUZZY_FACTOR}),
        ])
        for word in words
    ]
    phrase = " ".join(words)
    should = [
        # Exact words outrank fuzzy ones; the phrase in the name outranks scattered words.
        ESQ("match", name={"query": phrase, "boost": W_NAME}),
        ESQ("match", related={"query": phrase, "boost": W_RELATED}),
        ESQ("match", body={"query": phrase, "boost": W_BODY}),
    ]
    if len(words) > 1:
        should.append(ESQ("match_phrase", name={"query": phrase, "boost": W_PHRASE}))
    return ESQ("bool", must=must, should=should)


def es_filters(request: SearchRequest) -> dict[str, object]:
    """One filter per active facet, keyed by facet, so each facet's counts can leave its own
    filter out."""
    filters: dict[str, object] = {}
    if request.categories:
        filters["category"] = ESQ("terms", category_path=list(request.categories))
    if request.kecamatan:
        filters["kecamatan"] = ESQ("terms", kecamatan=list(request.kecamatan))
    if request.certifications:
        filters["certification"] = ESQ("bool", filter=[
            ESQ("term", certifications=kind) for kind in request.certifications])
    if request.min_price is not None or request.max_price is not None:
        bounds = {}
        if request.min_price is not None:
            bounds["gte"] = request.min_price
        if request.max_price is not None:
            bounds["lte"] = request.max_price
        filters["price"] = ESQ("range", price=bounds)
    if request.in_stock:
        filters["in_stock"] = ESQ("term", in_stock=True)
    if request.business:
        filters["business"] = ESQ("term", business_id=request.business)
    return filters


def _all_of(filters: list) -> object:
    return ESQ("bool", filter=filters) if filters else ESQ("match_all")


def _facet_agg(facet: str):
    if facet == "category":
        return A("terms", field="category", size=100)
    if facet == "kecamatan":
        return A("terms", field="kecamatan", size=100)
    if facet == "certification":
        return A("terms", field="certifications", size=10)
    if facet == "price":
        return A("range", field="price", keyed=True, ranges=[
            {"key": key, **({"from": low} if low is not None else {}), **({"to": high} if high is not None else {})}
            for key, low, high in PRICE_RANGES
        ])
    return A("filter", ESQ("term", in_stock=True))


def es_facet_groups(filters: dict[str, object]) -> dict[str, tuple[tuple[str, ...], list[str]]]:
    """Facets that count under the same filters: aggregation bucket name ("" for the top level)
    -> (the filters applied, the facets). Each facet applies every active filter but its own, so
    all facets without an active filter of their own share one set: at most one filter
    aggregation per active facet filter plus one, and none at all when nothing is filtered (the
    query's own hits), instead of one filter aggregation per facet."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for facet in FACETS:
        groups.setdefault(tuple(name for name in filters if name != facet), []).append(facet)
    return {("g-" + "-".join(key) if key else ""): (key, facets) for key, facets in groups.items()}


def es_facet_aggs(search: Search, filters: dict[str, object]) -> Search:
    for bucket, (names, facets) in es_facet_groups(filters).items():
        if bucket:
            parent = search.aggs.bucket(bucket, A("filter", _all_of([filters[name] for name in names])))
        else:
            parent = search.aggs
        for facet in facets:
            parent.bucket(f"f_{facet}", _facet_agg(facet))
    return search


def es_facet_counts(aggregations: dict, filters: dict[str, object]) -> dict[str, dict[str, int]]:
    """Counts per facet value from the aggregations es_facet_aggs asked for."""
    raw: dict[str, dict[str, int]] = {}
    for bucket, (_, facets) in es_facet_groups(filters).items():
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


def es_product_search(request: SearchRequest, *, client, index: str) -> Search:
    filters = es_filters(request)
    search = Search(using=client, index=index).query(es_text_query(request.tokens))
    if filters:
        # post_filter: hits obey every filter while the aggregations below choose theirs.
        search = search.post_filter(_all_of(list(filters.values())))
    search = es_facet_aggs(search, filters)
    search = search.sort(*es_sort(request)).extra(
        from_=request.offset, size=request.page_size, track_total_hits=True,
    ).source(["product_id", *TEXT_FIELDS] if request.tokens else ["product_id"])
    # Matched words for highlighting are worked out from this text (backends.fuzzy_matches).
    return search


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
    must.append(ESQ("bool", should=[ESQ("prefix", name=prefix) for prefix in prefixes]))
    return (
        Search(using=client, index=index).query(ESQ("bool", must=must))
        .sort("_score", {"product_id": {"order": "desc"}})
        .extra(size=size, collapse={"field": "name.exact"})
        .source(["title", "product_id"])
    )


# --- database ------------------------------------------------------------------------------

def db_filters(request: SearchRequest, category_slugs: dict[str, list[str]]) -> dict[str, Q]:
    """The same facet filters as es_filters, as ORM conditions on ProductEntry's own columns."""
    filters: dict[str, Q] = {}
    if request.categories:
        slugs = {s for slug in request.categories for s in category_slugs.get(slug, [slug])}
        filters["category"] = Q(category__in=sorted(slugs))
    if request.kecamatan:
        filters["kecamatan"] = Q(kecamatan__in=request.kecamatan)
    if request.certifications:
        condition = Q()
        for kind in request.certifications:
            condition &= Q(**{kind: True})
        filters["certification"] = condition
    if request.min_price is not None:
        filters["price"] = Q(price__gte=request.min_price)
    if request.max_price is not None:
        filters["price"] = filters.get("price", Q()) & Q(price__lte=request.max_price)
    if request.in_stock:
        filters["in_stock"] = Q(stock__gt=0)
    if request.business:
        filters["business"] = Q(business_id=request.business)
    return filters


# Facets whose filter the database backend applies in Python, from the group keys of the facet
# query (the rows are grouped by category and kecamatan); the others are conditional counts.
DB_GROUPED_FACETS = ("category", "kecamatan")


def db_facet_aggregates(filters: dict[str, Q]) -> dict[str, object]:
    """The conditional counts of the facet query, grouped by category and kecamatan. Each facet
    applies every active filter but its own (as es_facet_aggs does): the category and kecamatan
    filters are applied per group by the caller, so only the certification, price and in-stock
    filters appear here (the business filter belongs in the WHERE clause: it is never a facet).
    `n_rows` is the count for the total and for the category and kecamatan facets."""
    from django.db.models import Count

    def count(exclude: str | None = None, extra: Q | None = None):
        condition = Q()
        for name, f in filters.items():
            if name != exclude and name not in DB_GROUPED_FACETS and name != "business":
                condition &= f
        if extra is not None:
            condition &= extra
        return Count("pk", filter=condition) if condition else Count("pk")

    aggregates = {"n_rows": count(), "n_in_stock": count("in_stock", Q(stock__gt=0))}
    for kind in CERTIFICATIONS:
        aggregates[f"n_cert_{kind}"] = count("certification", Q(**{kind: True}))
    for index, (_, low, high) in enumerate(PRICE_RANGES):
        bucket = Q()
        if low is not None:
            bucket &= Q(price__gte=low)
        if high is not None:
            bucket &= Q(price__lt=high)
        aggregates[f"n_price_{index}"] = count("price", bucket)
    return aggregates


def _contains(column: str, word: str) -> Q:
    return Q(**{f"{column}__contains": f" {word} "})


def db_text_match(
    expansions: list[tuple[str, list[str]]], *, postgres: bool,
    columns: tuple[str, ...] = ("name", "related", "body"),
) -> Q:
    """Every query word (or one of its fuzzy expansions) must occur in some field. On
    PostgreSQL the tsvector (GIN index) answers; elsewhere whole-word LIKE."""
    condition = Q()
    for word, variants in expansions:
        if postgres:
            from django.contrib.postgres.search import SearchQuery

            condition &= Q(vector=SearchQuery(
                " | ".join([word, *variants]), search_type="raw", config="simple"))
        else:
            any_field = Q()
            for term in [word, *variants]:
                for column in columns:
                    any_field |= _contains(column, term)
            condition &= any_field
    return condition


def db_score(expansions: list[tuple[str, list[str]]]):
    """Per word: the best field it matches, exact beating fuzzy; plus the phrase bonus."""
    if not expansions:
        return Value(0.0, output_field=FloatField())
    total = None
    for word, variants in expansions:
        whens = []
        for column, weight in (("name", W_NAME), ("related", W_RELATED), ("body", W_BODY)):
            whens.append(When(_contains(column, word), then=Value(weight)))
        for column, weight in (("name", W_NAME), ("related", W_RELATED), ("body", W_BODY)):
            fuzzy = Q()
            for term in variants:
                fuzzy |= _contains(column, term)
            if variants:
                whens.append(When(fuzzy, then=Value(weight * FUZZY_FACTOR)))
        term_score = Case(*whens, default=Value(0.0), output_field=FloatField())
        total = term_score if total is None else total + term_score
    if len(expansions) > 1:
        phrase = " ".join(word for word, _ in expansions)
        total = total + Case(
            When(_contains("name", phrase), then=Value(W_PHRASE)),
            default=Value(0.0), output_field=FloatField(),
        )
    return total


def db_order(request: SearchRequest) -> list:
    tiebreak = [F("published_at").desc(nulls_last=True), F("product_id").desc()]
    if request.sort == "price_asc":
        return [F("price").asc(), F("product_id").asc()]
    if request.sort == "price_desc":
        return [F("price").desc(), F("product_id").desc()]
    if request.sort == "newest" or not request.tokens:
        return tiebreak
    return [F("score").desc(), *tiebreak]
