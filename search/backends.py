"""One search interface, two backends. `get_backend()` picks by settings.SEARCH_BACKEND;
with "elasticsearch" the answer comes from Elasticsearch unless it is down, slow or broken,
in which case the database backend answers and the fallback is logged and counted.

    response = search_products(parse_request(request.GET))
    products = hydrate(response)   # Product objects in result order, with highlights
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils.safestring import mark_safe

from catalog.models import Category, Product
from core.page_cache import CACHE_ERRORS
from core.text import correction_limit, edit_distance, fuzziness
from registry.models import Region
from search import queries
from search.client import ES_ERRORS, get_client
from search.documents import alias_name
from search.indexing import searchable_products
from search.models import ProductEntry, SearchTerm
from search.queries import CERTIFICATIONS, PRICE_RANGES, SearchRequest, correctable
from search.text import highlight, query_tokens, synonym_map

logger = logging.getLogger(__name__)
FALLBACK_COUNT_KEY = "search:fallbacks"
# The catalogue page lists through this interface, so it answers with the cache (Redis) down
# too: what it keeps there is then looked up, or not counted.
MAX_EXPANSIONS = 50  # as Elasticsearch's fuzzy max_expansions


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchHit:
    id: int
    score: float | None
    matched: frozenset[str] = frozenset()
    # Every indexed word of the product (name, related, description, seller): what relaxation
    # and "did you mean" check without asking the backend again.
    words: frozenset[str] = frozenset()


@dataclass
class SearchResponse:
    """The same shape whichever backend answered."""

    request: SearchRequest
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    did_you_mean: str = ""
    backend: str = "database"
    fell_back: bool = False
    extra: dict = field(default_factory=dict)
    # The buyer's words with the misspelled ones corrected, before it is known to find anything
    # (did_you_mean is set once it does; see confirm_correction).
    correction: str = ""
    # Any-word searches: how many products (under the filters) match each word group.
    word_counts: list[int] = field(default_factory=list)
    # Set by search.service when a relaxation step answered instead of the query as typed.
    relaxation: object = None

    @property
    def ids(self) -> list[int]:
        return [hit.id for hit in self.hits]

    @property
    def num_pages(self) -> int:
        return queries.last_page(self.total, self.request.page_size)

    def facets_dict(self) -> dict[str, list[dict]]:
        return {name: [asdict(value) for value in values] for name, values in self.facets.items()}


# --- facet labels (both backends) ----------------------------------------------------------

CATEGORY_TREE_KEY = "search:category-tree"


def forget_category_tree() -> None:
    cache.delete(CATEGORY_TREE_KEY)


def _category_tree() -> tuple[dict[str, str], dict[str, list[str]]]:
    """slug → name, and slug → itself plus all descendant slugs (cached briefly)."""
    try:
        cached = cache.get(CATEGORY_TREE_KEY)
    except CACHE_ERRORS:
        cached = None
    if cached is None:
        rows = list(Category.objects.values_list("slug", "name", "parent__slug"))
        names = {slug: name for slug, name, _ in rows}
        children: dict[str, list[str]] = {}
        for slug, _, parent in rows:
            if parent:
                children.setdefault(parent, []).append(slug)

        def descendants(slug: str, depth: int = 0) -> list[str]:
            if depth > 5:
                return [slug]
            return [slug] + [d for child in children.get(slug, []) for d in descendants(child, depth + 1)]

        cached = (names, {slug: descendants(slug) for slug in names})
        try:
            cache.set(CATEGORY_TREE_KEY, cached, 60)
        except CACHE_ERRORS:
            logger.warning("search: cache unavailable; category tree not kept")
    return cached


# Kemendagri region names are reference data (loaded by a migration, not editable in the
# portal): kept per process once looked up, so facet labels cost no query per search.
_REGION_NAMES: dict[str, str] = {}


def _region_names(codes: list[str]) -> dict[str, str]:
    missing = [code for code in codes if code not in _REGION_NAMES]
    if missing:
        _REGION_NAMES.update(Region.objects.filter(code__in=missing).values_list("code", "name"))
    return {code: _REGION_NAMES[code] for code in codes if code in _REGION_NAMES}


def _facet_values(
    request: SearchRequest, raw: dict[str, dict[str, int]], names: dict[str, str] | None = None
) -> dict[str, list[FacetValue]]:
    if names is None:
        names, _ = _category_tree()
    # A chosen category, kecamatan or certification stays listed (count 0) when nothing matches
    # it, so the filter form still shows what the buyer chose.
    raw = {
        **raw,
        **{
            facet: {**dict.fromkeys(chosen, 0), **raw.get(facet, {})}
            for facet, chosen in (
                ("category", request.categories),
                ("kecamatan", request.kecamatan),
                ("certification", request.certifications),
            )
        },
    }
    regions = _region_names([code for code in raw.get("kecamatan", {}) if code])
    labels = {
        "category": names,
        "kecamatan": regions,
        "certification": {key: str(label) for key, label in CERTIFICATIONS.items()},
    }
    selected = {
        "category": set(request.categories),
        "kecamatan": set(request.kecamatan),
        "certification": set(request.certifications),
    }
    facets: dict[str, list[FacetValue]] = {}
    for facet in ("category", "kecamatan", "certification"):
        values = [
            FacetValue(value, labels[facet].get(value, value), count, value in selected[facet])
            for value, count in raw.get(facet, {}).items()
            if value and (count or value in selected[facet])
        ]
        facets[facet] = sorted(values, key=lambda v: (-v.count, v.label))
    facets["price"] = [
        FacetValue(
            key,
            key,
            raw.get("price", {}).get(key, 0),
            (request.min_price or None, request.max_price) == (low, None if high is None else high - 1),
        )
        for key, low, high in PRICE_RANGES
    ]
    facets["in_stock"] = [FacetValue("1", "in_stock", raw.get("in_stock", {}).get("1", 0), request.in_stock)]
    return facets


# --- backends ------------------------------------------------------------------------------


class SearchBackend:
    name = "base"

    def search_products(self, request: SearchRequest) -> SearchResponse:
        raise NotImplementedError

    def suggest(self, text: str, limit: int = 8) -> list[str]:
        raise NotImplementedError

    def count(self, request: SearchRequest) -> int:
        """How many products the text matches under the request's filters."""
        raise NotImplementedError

    @contextmanager
    def one_search(self):
        """Calls for one page (a search, its relaxation steps) inside may share lookups."""
        yield self


def _correction(tokens, fixes: dict[str, str]) -> str:
    return " ".join(fixes.get(word, word) for word in tokens) if fixes else ""


def _confirm_among_hits(response: SearchResponse) -> None:
    """A correction is offered when a product on this page has all its words: no request."""
    if response.correction:
        words = set(response.correction.split())
        if any(words <= hit.words for hit in response.hits):
            response.did_you_mean = response.correction


class DatabaseBackend(SearchBackend):
    """PostgreSQL full-text (tsvector, GIN) with trigram/levenshtein typo tolerance over the
    vocabulary; on SQLite the same rules with whole-word LIKE."""

    name = "database"

    @property
    def postgres(self) -> bool:
        return connection.vendor == "postgresql"

    def fuzzy_variants(self, word: str) -> list[str]:
        return self._expansions([word])[0][0][1]

    def _expansions(self, words) -> tuple[list[tuple[str, list[str]]], set[str]]:
        """Each word with the indexed words within its AUTO edit distance (closest first, at
        most MAX_EXPANSIONS), all words in one query on PostgreSQL; and the words that are
        themselves indexed (the same query finds them at distance 0). Within one_search()
        looked up once per words (a search and its relaxation steps ask for the same words)."""
        memo = self._memo
        if memo is None:
            return self._lookup_expansions(words)
        key = tuple(words)
        if key not in memo:
            memo[key] = self._lookup_expansions(words)
        return memo[key]

    _memo: dict | None = None

    @contextmanager
    def one_search(self):
        self._memo = {}
        try:
            yield self
        finally:
            self._memo = None

    def _lookup_expansions(self, words) -> tuple[list[tuple[str, list[str]]], set[str]]:
        limits = {word: fuzziness(word) for word in words}
        candidates: dict[str, list[str]] = {word: [] for word in words}
        fuzzy = [word for word in words if limits[word]]
        if fuzzy and self.postgres:
            with connection.cursor() as cursor:
                # levenshtein has no transpositions (one costs 2): widen, then filter exactly.
                cursor.execute(
                    "SELECT w.word, t.term FROM unnest(%s::text[], %s::integer[]) AS w(word, edits) "
                    "JOIN search_searchterm t ON length(t.term) BETWEEN length(w.word) - w.edits "
                    "AND length(w.word) + w.edits "
                    "AND levenshtein_less_equal(t.term, w.word, 2 * w.edits) <= 2 * w.edits",
                    [fuzzy, [limits[word] for word in fuzzy]],
                )
                for word, term in cursor.fetchall():
                    candidates[word].append(term)
        else:
            for word in fuzzy:
                limit = limits[word]
                candidates[word] = list(
                    SearchTerm.objects.filter(
                        term__regex=r"^.{%d,%d}$" % (max(len(word) - limit, 1), len(word) + limit)
                    ).values_list("term", flat=True)
                )
        expansions = []
        for word in words:
            limit = limits[word]
            scored = sorted((edit_distance(word, term, limit), term) for term in candidates[word] if term != word)
            expansions.append((word, [term for distance, term in scored if distance <= limit][:MAX_EXPANSIONS]))
        known = {word for word in fuzzy if word in candidates[word]}
        return expansions, known

    def _closest_words(self, words: list[str]) -> dict[str, str]:
        """Each word's closest indexed word within correction_limit edits, words of product
        names first; one query for all words."""
        limits = {word: correction_limit(word) for word in words}
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT w.word, t.term, t.in_name FROM unnest(%s::text[], %s::integer[]) AS w(word, edits) "
                    "JOIN search_searchterm t ON length(t.term) BETWEEN length(w.word) - w.edits "
                    "AND length(w.word) + w.edits "
                    "AND levenshtein_less_equal(t.term, w.word, 2 * w.edits) <= 2 * w.edits",
                    [words, [limits[word] for word in words]],
                )
                rows = cursor.fetchall()
        else:
            shortest = max(min(len(word) - limits[word] for word in words), 1)
            longest = max(len(word) + limits[word] for word in words)
            terms = list(
                SearchTerm.objects.filter(term__regex=r"^.{%d,%d}$" % (shortest, longest)).values_list(
                    "term", "in_name"
                )[:50_000]
            )
            rows = [(word, term, in_name) for word in words for term, in_name in terms]
        best: dict[str, tuple] = {}
        for word, term, in_name in rows:
            distance = edit_distance(word, term, limits[word])
            if term == word or distance > limits[word]:
                continue
            key = (not in_name, distance, abs(len(term) - len(word)), term)
            if word not in best or key < best[word]:
                best[word] = key
        return {word: key[-1] for word, key in best.items()}

    def _base(self):
        # A row exists only for a searchable product (indexing removes the others), and it
        # carries the filter values: no join with the catalogue per matched row.
        return ProductEntry.objects.all()

    def search_products(self, request: SearchRequest) -> SearchResponse:
        expansions, known = self._expansions(request.tokens)
        # Words standing in for a query word (relaxation) count like its fuzzy variants.
        expansions = [
            (word, variants + [alt for alt in alternatives if alt not in variants])
            for (word, variants), (_, alternatives) in zip(expansions, request.groups)
        ]
        names, descendants = _category_tree()
        filters = queries.db_filters(request, descendants)
        # Text and business: the rows every count and hit come from.
        where, params = queries.all_of(
            [
                queries.db_text_sql(expansions, postgres=self.postgres, any_word=request.any_word),
                filters.get("business"),
            ]
        )
        categories = (
            {s for slug in request.categories for s in descendants.get(slug, [slug])} if request.categories else None
        )
        word_conditions = (
            [
                (f"n_word_{index}", queries.db_text_sql([expansion], postgres=self.postgres, any_word=True))
                for index, expansion in enumerate(expansions)
            ]
            if request.any_word
            else []
        )
        if request.counts:
            # The total and every facet (and, any-word, each word's count) in one pass over the rows.
            raw = self._facet_counts(
                where, params, filters, categories, set(request.kecamatan) or None, word_conditions
            )
            total = raw.pop("total")
            word_counts = raw.pop("words")
        else:
            raw, total, word_counts = None, 0, []
        hits = []
        if total > request.offset or not request.counts:
            hit_where, hit_params = queries.all_of(
                [(where, params)] + [f for name, f in filters.items() if name != "business"]
            )
            if request.tokens:
                score, score_params = queries.db_score_sql(
                    expansions,
                    with_seller=False if request.any_word else None,
                    coverage=queries.W_COVER if request.any_word else 0.0,
                )
                columns, select_params = f"product_id, {score} AS score, name, related, body, seller", score_params
            else:
                columns, select_params = "product_id", []
            sql = (
                f"SELECT {columns} FROM {queries.ENTRY_TABLE}"
                f"{' WHERE ' + hit_where if hit_where else ''} ORDER BY {queries.db_order_sql(request)} "
                f"LIMIT %s OFFSET %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*select_params, *hit_params, request.page_size, request.offset])
                rows = cursor.fetchall()
            for pk, *rest in rows:
                if not request.tokens:
                    hits.append(SearchHit(pk, None))
                    continue
                score_value, *texts = rest
                joined = " ".join(texts[:3])
                matched = frozenset(
                    term for word, variants in expansions for term in (word, *variants) if f" {term} " in joined
                )
                hits.append(SearchHit(pk, float(score_value), matched, frozenset(" ".join(texts).split())))
        facets = _facet_values(request, raw, names) if raw is not None else {}
        response = SearchResponse(request, total, hits, facets, backend=self.name, word_counts=word_counts)
        if request.strict and request.tokens:
            unknown = [word for word in request.tokens if correctable(word) and word not in known]
            response.correction = _correction(request.tokens, self._closest_words(unknown) if unknown else {})
            _confirm_among_hits(response)
        return response

    def _facet_counts(
        self,
        where: str,
        params: list,
        filters,
        categories: set[str] | None,
        kecamatan: set[str] | None,
        word_conditions=(),
    ) -> dict:
        """One query grouped by category and kecamatan with conditional counts for the other
        facets; the category and kecamatan filters are applied here, per group, so that each
        facet's counts leave out its own filter."""
        names, selects, select_params = queries.db_facet_counts_sql(filters, word_conditions)
        sql = (
            f"SELECT category, kecamatan, {selects} FROM {queries.ENTRY_TABLE}"
            f"{' WHERE ' + where if where else ''} GROUP BY category, kecamatan"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*select_params, *params])
            rows = cursor.fetchall()
        raw: dict = {"category": {}, "kecamatan": {}, "in_stock": {"1": 0}}
        total = 0
        certification = dict.fromkeys(CERTIFICATIONS, 0)
        price = [0] * len(PRICE_RANGES)
        words = [0] * len(word_conditions)
        for category, kecamatan_code, *counts in rows:
            row = dict(zip(names, counts))
            n_rows = row["n_rows"]
            category_ok = categories is None or category in categories
            kecamatan_ok = kecamatan is None or kecamatan_code in kecamatan
            if kecamatan_ok and n_rows:
                raw["category"][category] = raw["category"].get(category, 0) + n_rows
            if category_ok and n_rows:
                raw["kecamatan"][kecamatan_code] = raw["kecamatan"].get(kecamatan_code, 0) + n_rows
            if not (category_ok and kecamatan_ok):
                continue
            total += n_rows
            raw["in_stock"]["1"] += row["n_in_stock"]
            for kind in certification:
                certification[kind] += row[f"n_cert_{kind}"]
            for index in range(len(price)):
                price[index] += row[f"n_price_{index}"]
            for index in range(len(words)):
                words[index] += row[f"n_word_{index}"]
        raw["words"] = words
        raw["certification"] = certification
        raw["price"] = {key: price[index] for index, (key, _, _) in enumerate(PRICE_RANGES)}
        raw["total"] = total
        return raw

    def count(self, request: SearchRequest) -> int:
        expansions, _ = self._expansions(request.tokens)
        _, descendants = _category_tree()
        where, params = queries.all_of(
            [
                queries.db_text_sql(expansions, postgres=self.postgres, any_word=request.any_word),
                *queries.db_filters(request, descendants).values(),
            ]
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {queries.ENTRY_TABLE}{' WHERE ' + where if where else ''}", params)
            return cursor.fetchone()[0]

    def suggest(self, text: str, limit: int = 8) -> list[str]:
        words = query_tokens(text)
        if not words:
            return []
        qs = self._base()
        for word in words[:-1]:
            qs = qs.filter(queries.db_text_match([(word, self.fuzzy_variants(word))], columns=("name",)))
        # The last word as typed so far (a prefix) or as a finished, misspelled word ("batk").
        last = queries.db_text_match([(words[-1], self.fuzzy_variants(words[-1]))], columns=("name",))
        for prefix in queries.prefix_alternatives(words[-1], synonym_map()):
            last |= Q(name__contains=f" {prefix}")
        qs = qs.filter(last)
        seen: dict[str, str] = {}
        for name, normalized in qs.order_by("-product_id").values_list("product__name", "name")[: limit * 5]:
            seen.setdefault(normalized, name)
            if len(seen) >= limit:
                break
        return list(seen.values())


def fuzzy_matches(tokens, texts, memo: dict[str, bool] | None = None, exact=()) -> frozenset[str]:
    """The indexed (normalised) words a fuzzy query word matched, by Elasticsearch's own rule
    (fuzziness AUTO, transpositions count once). Computed here from the hit's stored text because
    Elasticsearch's highlighter cost ~20x the query itself on fuzzy multi-field queries. `memo`
    (word -> matched) is shared by the hits of one page: they repeat most of their words.
    `exact` words (standing in for a query word) match only as they are."""
    memo = {} if memo is None else memo
    limits = [(token, fuzziness(token)) for token in tokens] + [(word, 0) for word in exact]
    matched = []
    for word in set(" ".join(texts).split()):
        hit = memo.get(word)
        if hit is None:
            hit = memo[word] = any(
                word == token
                or (limit and abs(len(word) - len(token)) <= limit and edit_distance(word, token, limit=limit) <= limit)
                for token, limit in limits
            )
        if hit:
            matched.append(word)
    return frozenset(matched)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def search_products(self, request: SearchRequest) -> SearchResponse:
        client = get_client()
        # The raw answer: the elasticsearch-dsl Response wrappers cost more than the parsing.
        result = client.search(index=alias_name("products"), body=queries.es_product_body(request))
        memo: dict[str, bool] = {}
        exact = [alt for _, alternatives in request.groups for alt in alternatives]
        hits = []
        for hit in result["hits"]["hits"]:
            source = hit.get("_source", {})
            texts = [source.get(name, "") for name in queries.TEXT_FIELDS]
            hits.append(
                SearchHit(
                    int(hit["_id"]),
                    hit["_score"],
                    fuzzy_matches(request.tokens, texts, memo, exact) if request.tokens else frozenset(),
                    frozenset(" ".join([*texts, source.get("seller", "")]).split()),
                )
            )
        if not request.counts:
            return SearchResponse(request, 0, hits, {}, backend=self.name)
        aggregations = result["aggregations"]
        raw = queries.es_facet_counts(aggregations, queries.es_filters(request))
        total = result["hits"]["total"]["value"]
        response = SearchResponse(request, total, hits, _facet_values(request, raw), backend=self.name)
        if "words" in aggregations:
            buckets = aggregations["words"]["w"]["buckets"]
            response.word_counts = [buckets[str(index)]["doc_count"] for index in range(len(request.tokens))]
        if "known" in aggregations:
            response.correction = _correction(
                request.tokens, self._fixes(result.get("suggest", {}), aggregations["known"]["w"]["buckets"])
            )
            _confirm_among_hits(response)
        return response

    @staticmethod
    def _fixes(suggest: dict, known: dict) -> dict[str, str]:
        """The term suggester's best option per word not indexed anywhere, within
        correction_limit edits, from product names first."""
        fixes: dict[str, str] = {}
        for field_name in queries.CORRECTION_FIELDS:
            for entry in suggest.get(f"fix_{field_name}", []):
                word = entry["text"]
                if word in fixes or known.get(word, {}).get("doc_count"):
                    continue
                limit = correction_limit(word)
                options = sorted(
                    (edit_distance(word, option["text"], limit), -option["freq"], option["text"])
                    for option in entry["options"]
                )
                if options and options[0][0] <= limit:
                    fixes[word] = options[0][2]
        return fixes

    def count(self, request: SearchRequest) -> int:
        body = queries.es_count_body(request)
        return get_client().count(index=alias_name("products"), query=body["query"])["count"]

    def suggest(self, text: str, limit: int = 8) -> list[str]:
        words = query_tokens(text)
        if not words:
            return []
        search = queries.es_suggest_search(
            words,
            queries.prefix_alternatives(words[-1], synonym_map()),
            client=get_client(),
            index=alias_name("products"),
            size=limit,
        )
        return [hit.title for hit in search.execute().hits]


def fallback_count() -> int:
    return cache.get(FALLBACK_COUNT_KEY, 0)


def _count_fallback() -> None:
    try:
        try:
            cache.incr(FALLBACK_COUNT_KEY)
        except ValueError:
            cache.add(FALLBACK_COUNT_KEY, 0, None)
            cache.incr(FALLBACK_COUNT_KEY)
    except CACHE_ERRORS:
        logger.warning("search: cache unavailable; fallback not counted")


def _record_fallback(operation: str, exc: Exception) -> None:
    logger.warning("search: Elasticsearch unavailable for %s, answering from the database: %r", operation, exc)
    _count_fallback()
    # Skip Elasticsearch for a few seconds so an outage does not cost a timeout per request.
    try:
        cache.set(_circuit_key(), True, getattr(settings, "ELASTICSEARCH_RETRY_AFTER", 10))
    except CACHE_ERRORS:
        logger.warning("search: cache unavailable; Elasticsearch will be asked again at once")


def _circuit_open() -> bool:
    try:
        return bool(cache.get(_circuit_key()))
    except CACHE_ERRORS:
        return False


def _circuit_key() -> str:
    return f"search:es-down:{settings.ELASTICSEARCH_URL}"


class FallbackBackend(SearchBackend):
    """Elasticsearch first; the database when Elasticsearch fails (buyers see results, not an
    error)."""

    name = "elasticsearch"

    def __init__(self, primary: SearchBackend, fallback: SearchBackend):
        self.primary, self.fallback = primary, fallback

    def _call(self, operation: str, *args):
        if not _circuit_open():
            try:
                return getattr(self.primary, operation)(*args), False
            except ES_ERRORS as exc:
                _record_fallback(operation, exc)
        else:
            _count_fallback()
        return getattr(self.fallback, operation)(*args), True

    def search_products(self, request: SearchRequest) -> SearchResponse:
        response, fell_back = self._call("search_products", request)
        response.fell_back = fell_back
        return response

    def suggest(self, text: str, limit: int = 8) -> list[str]:
        return self._call("suggest", text, limit)[0]

    def count(self, request: SearchRequest) -> int:
        return self._call("count", request)[0]

    @contextmanager
    def one_search(self):
        with self.primary.one_search(), self.fallback.one_search():
            yield self


def get_backend() -> SearchBackend:
    if settings.SEARCH_BACKEND == "elasticsearch":
        return FallbackBackend(ElasticsearchBackend(), DatabaseBackend())
    return DatabaseBackend()


def search_products(request: SearchRequest, backend: SearchBackend | None = None) -> SearchResponse:
    """The query as typed (no relaxation: see search.service for the catalogue page)."""
    backend = backend or get_backend()
    response = backend.search_products(request)
    confirm_correction(backend, response)
    return response


def confirm_correction(backend: SearchBackend, response: SearchResponse) -> None:
    """Offer the corrected query ("did you mean") only when it finds products: seen on the
    page already (no request), or, on a page with nothing to show, counted (one request)."""
    if not response.correction or response.did_you_mean:
        return
    _confirm_among_hits(response)
    if not response.did_you_mean and not response.hits:
        words = tuple(response.correction.split())
        corrected = replace(response.request, text=response.correction, tokens=words, alternatives=(), any_word=False)
        if backend.count(corrected):
            response.did_you_mean = response.correction


def suggest(text: str, limit: int = 8) -> list[str]:
    return get_backend().suggest(text, limit)


def hydrate(response: SearchResponse, queryset=None) -> list[Product]:
    """The hit products in result order (one query, plus whatever `queryset` prefetches),
    each with `highlighted_name` and `highlighted_description` (safe HTML with <mark>)."""
    queryset = searchable_products() if queryset is None else queryset
    by_id = {p.pk: p for p in queryset.filter(pk__in=response.ids)}
    mapping = synonym_map()
    products = []
    for hit in response.hits:
        product = by_id.get(hit.id)
        if product is None:  # unpublished since it was indexed
            continue
        product.search_score = hit.score
        product.highlighted_name = mark_safe(highlight(product.name, hit.matched, mapping))
        product.highlighted_description = mark_safe(highlight(product.description, hit.matched, mapping))
        products.append(product)
    return products
