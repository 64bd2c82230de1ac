"""The catalogue's listing: /produk/ and /api/v1/products/, browsing and text search alike, are
answered by the search interface (search.backends, search.service), so the database backend
answers a plain browse as it answers a text query, and Elasticsearch answers both when
SEARCH_BACKEND is "elasticsearch". The catalogue's parameters (ListingParams: lenient, a listing
URL always shows something) become a SearchRequest; the constants (page size, result window,
sorts, facets) are search.queries'; the answer is one ListingResult.

    result = product_listing(ListingParams.from_querydict(request.GET), relax=True)
    result.page, result.facets, result.total, result.search   # and result.products()

Without text the total and the facet counts of a filter combination, and each page's hit ids,
are kept with the catalogue (CATALOG_SUMMARY_SECONDS, dropped with the page-cache version, which
every catalogue change and every indexing run bumps): a browse page seen before asks the backend
nothing, as the cards and the filter form it shows are kept too. Text searches are asked every time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import NoReturn, overload

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from catalog.models import Category, Product
from catalog.selectors import images_prefetch, popular_product_ids, published_products
from core.identifiers import is_ascii_digits
from core.page_cache import kept_with_catalogue
from core.rupiah import format_rupiah
from registry.models import Region
from search.backends import (
    FacetValue,
    SearchBackend,
    SearchHit,
    SearchResponse,
    get_backend,
    hydrate,
    search_products,
)
from search.queries import (
    CERTIFICATIONS,
    MAX_PAGE_SIZE,
    MAX_RESULT_WINDOW,
    PAGE_SIZE,
    PRICE_RANGES,
    SORTS,
    SearchRequest,
    last_page,
)
from search.service import search
from search.text import query_tokens

# Query-string numbers are clamped: a page or price beyond PostgreSQL's integer range made the
# listing query fail ("bigint out of range") instead of answering with an empty page.
MAX_QUERY_INT = 2**31 - 1
HELP_CATEGORIES = 12
HELP_PRODUCTS = 4


def _int_or_none(value) -> int | None:
    text = str(value).replace(".", "").strip()[:20]
    if not is_ascii_digits(text):  # "٢" or "²" is no number here (int() takes the first)
        return None
    return min(int(text), MAX_QUERY_INT)


@dataclass
class ListingParams:
    """The catalogue's query string (docs/catalog.md): one category and one kecamatan, a price
    bucket or range, `per_page`."""

    q: str = ""
    category: str = ""
    kecamatan: str = ""
    certification: list[str] = field(default_factory=list)
    price_min: int | None = None
    price_max: int | None = None
    business: int | None = None
    sort: str = ""
    page: int = 1
    per_page: int = PAGE_SIZE

    @classmethod
    def from_querydict(cls, data, *, per_page: int = PAGE_SIZE) -> ListingParams:
        """Unknown or malformed values are dropped rather than failing: a listing URL should
        always show something."""
        raw_getlist = data.getlist if hasattr(data, "getlist") else (lambda k: [data[k]] if k in data else [])
        # NUL characters cannot be stored or compared in PostgreSQL text: drop them from input.
        data = {key: str(value).replace("\x00", "") for key, value in data.items()}

        def getlist(key):
            return [str(value).replace("\x00", "") for value in raw_getlist(key)]

        certs = [c for value in getlist("certification") for c in str(value).split(",") if c in CERTIFICATIONS]
        sort = data.get("sort", "")
        q = str(data.get("q", "")).strip()[:100]
        if sort not in SORTS:
            sort = "relevance" if q else "newest"
        if sort == "relevance" and not q:
            sort = "newest"
        price = str(data.get("price", ""))
        price_min, price_max = _int_or_none(data.get("price_min")), _int_or_none(data.get("price_max"))
        for key, low, high in PRICE_RANGES:
            if price == key:
                price_min, price_max = low or 0, (high - 1 if high else None)
        requested = _int_or_none(data.get("per_page")) or per_page
        return cls(
            q=q,
            category=str(data.get("category", ""))[:90],
            kecamatan=str(data.get("kecamatan", ""))[:13],
            certification=sorted(set(certs)),
            price_min=price_min,
            price_max=price_max,
            business=_int_or_none(data.get("business")),
            sort=sort,
            page=max(_int_or_none(data.get("page")) or 1, 1),
            per_page=max(1, min(requested, MAX_PAGE_SIZE)),
        )

    def as_dict(self) -> dict:
        return asdict(self)

    def query(self, **changes) -> str:
        """The listing's query string with `changes` applied (None or [] drops a filter), page reset."""
        values = {**self.as_dict(), "page": 1, **changes}
        pairs = [
            (key, values[key])
            for key in ("q", "category", "kecamatan", "business", "price_min", "price_max")
            if values[key] not in ("", None)
        ]
        pairs += [("certification", cert) for cert in values["certification"]]
        if values["sort"] and values["sort"] != ("relevance" if values["q"] else "newest"):
            pairs.append(("sort", values["sort"]))
        return urlencode(pairs)

    def search_request(self) -> SearchRequest:
        """The same listing as a request to the search interface; a page past the result window
        asks for the window's last page."""
        return SearchRequest(
            text=self.q,
            categories=(self.category,) if self.category else (),
            kecamatan=(self.kecamatan,) if self.kecamatan else (),
            certifications=tuple(self.certification),
            min_price=self.price_min or None,
            max_price=self.price_max,
            business=self.business,
            sort=self.sort,
            page=min(self.page, last_page(MAX_RESULT_WINDOW, self.per_page)),
            page_size=self.per_page,
            tokens=tuple(query_tokens(self.q)) if self.q else (),
        )


class _Hits:
    """The page's hit ids as a sequence the Paginator counts and slices without asking again."""

    def __init__(self, response: SearchResponse) -> None:
        self.ids, self.total = response.ids, min(response.total, MAX_RESULT_WINDOW)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, item: int) -> NoReturn: ...
    @overload
    def __getitem__(self, item: slice) -> list[int]: ...
    def __getitem__(self, item: int | slice) -> list[int]:
        if isinstance(item, slice):
            return self.ids
        raise TypeError("only the page's own slice of a listing is known")

    def __iter__(self) -> Iterator[int]:
        # Defined for the Paginator's protocol only: like an index, it is not known.
        raise TypeError("only the page's own slice of a listing is known")


class WindowPaginator(Paginator):
    """Pages over one answer of the search interface: its hits are the page, its total counts
    up to the result window (no query of its own)."""

    def __init__(self, response: SearchResponse):
        super().__init__(_Hits(response), response.request.page_size)
        self.total = response.total

    @property
    def count(self) -> int:
        return min(self.total, MAX_RESULT_WINDOW)

    @property
    def is_truncated(self) -> bool:
        return self.total > MAX_RESULT_WINDOW


def listing_facets(response: SearchResponse) -> dict[str, list[dict]]:
    """The answer's facets as the catalogue shows them: lists of {value, label, count,
    selected}, categories and kecamatan by name (the filter form's lists), price buckets with
    their `min` and `max` (exclusive; None for the open bucket)."""
    facets = response.facets_dict()
    for name in ("category", "kecamatan"):
        facets.get(name, []).sort(key=lambda value: str(value["label"]).casefold())
    bounds = {key: (low, high) for key, low, high in PRICE_RANGES}
    for value in facets.get("price", []):
        low, high = bounds[value["value"]]
        value.update({"min": low or 0, "max": high})
    return facets


@dataclass
class ListingResult:
    """One page of the catalogue as the search interface answered it."""

    params: ListingParams
    search: SearchResponse  # hits, total, facets; did_you_mean and relaxation for text

    @property
    def total(self) -> int:
        return self.search.total

    @cached_property
    def facets(self) -> dict[str, list[dict]]:
        return listing_facets(self.search)

    @cached_property
    def page(self) -> Page[int]:
        """A Page of hit ids, with a `paginator` for the links (and `is_truncated`)."""
        return WindowPaginator(self.search).page(self.search.request.page if self.search.total else 1)

    def products(self) -> list[Product]:
        """The page's products in result order, photos prefetched and matched words marked
        (`highlighted_name`); one query for the products plus the photos' two. A hit no longer
        published since it was indexed is left out."""
        return hydrate(self.search, published_products().prefetch_related(images_prefetch()))


def product_listing(params: ListingParams, *, relax: bool = False) -> ListingResult:
    """The catalogue's one listing call, with or without text. Text: the query as typed, or
    with `relax` (the page; the API answers as typed) relaxed step by step when it finds
    nothing (search.service). Without text: the counts kept with the catalogue (browse_counts)
    and the page of hits. A page past the end shows the last page."""
    request = params.search_request()
    backend = get_backend()
    if request.tokens:
        response = search(request, backend) if relax else search_products(request, backend)
    else:
        response = _browse(request, backend)
    if response.request.page > response.num_pages and response.total:
        # The counts are known now: ask for the last page's hits alone.
        again = backend.search_products(replace(response.request, page=response.num_pages, counts=False))
        response = replace(response, request=again.request, hits=again.hits)
    return ListingResult(params, response)


def browse_counts(
    request: SearchRequest, backend: SearchBackend, answered: list[SearchResponse] | None = None
) -> tuple[int, dict[str, list[FacetValue]]]:
    """(total, facets) of a request without text, kept with the catalogue per filter
    combination. When they are not kept, the backend is asked for the request (its page of hits
    too), and that answer is appended to `answered`."""

    def count() -> tuple[int, dict[str, list[FacetValue]]]:
        response = backend.search_products(request)
        if answered is not None:
            answered.append(response)
        return response.total, response.facets

    return kept_with_catalogue(_key("counts", request.counts_key), count, settings.CATALOG_SUMMARY_SECONDS)


def _key(kind: str, what: tuple) -> str:
    return f"search:{kind}:{hashlib.sha256(repr(what).encode()).hexdigest()}"


def _browse(request: SearchRequest, backend: SearchBackend) -> SearchResponse:
    """A request without text: its counts and then its page's hit ids, each kept with the
    catalogue; the backend is asked only for what is not kept (the hits alone when the counts
    are)."""
    answered: list[SearchResponse] = []
    total, facets = browse_counts(request, backend, answered)
    paged = replace(request, page=min(request.page, last_page(total, request.page_size)), counts=False)
    asked: list[SearchResponse] = answered if answered and paged.page == request.page else []

    def hit_ids() -> list[int]:
        if not asked:
            asked.append(backend.search_products(paged))
        return asked[0].ids

    # Asked with the counts, the page's hits are kept at once (the next view asks nothing).
    ids = kept_with_catalogue(
        _key("hits", (paged.counts_key, paged.sort, paged.page, paged.page_size)),
        hit_ids,
        settings.CATALOG_SUMMARY_SECONDS,
    )
    if answered and asked is answered:
        return answered[0]
    response = (
        asked[0] if asked else SearchResponse(paged, 0, [SearchHit(pk, None) for pk in ids], {}, backend=backend.name)
    )
    response.total, response.facets = total, facets
    return response


# --- filter chips and the page with nothing to show -------------------------------------------


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    remove_query: str  # the listing without this filter


def active_filters(params: ListingParams, facets: dict) -> list[ActiveFilter]:
    """The filters in force, each with the link that drops it, for the chips above the results."""

    def label(facet: str, value) -> str | None:
        return next((f["label"] for f in facets.get(facet, []) if f["value"] == value), None)

    chips = []
    if params.category:
        # A facet with no results left has no label: read the name (one query, only then).
        name = (
            label("category", params.category)
            or Category.objects.filter(slug=params.category).values_list("name", flat=True).first()
            or params.category
        )
        chips.append(ActiveFilter(name, params.query(category="")))
    if params.kecamatan:
        name = (
            label("kecamatan", params.kecamatan)
            or Region.objects.filter(code=params.kecamatan).values_list("name", flat=True).first()
            or params.kecamatan
        )
        chips.append(ActiveFilter(_("Kec. %(name)s") % {"name": name}, params.query(kecamatan="")))
    for cert in params.certification:
        chips.append(
            ActiveFilter(
                label("certification", cert) or str(CERTIFICATIONS[cert]),
                params.query(certification=[c for c in params.certification if c != cert]),
            )
        )
    if params.price_min is not None or params.price_max is not None:
        low, high = params.price_min or 0, params.price_max
        # A bucket reads as the filter shows it ("Rp 25.000 – Rp 100.000"), a typed range as typed.
        bucket = next((b for b in PRICE_RANGES if (b[1] or 0) == low and (b[2] - 1 if b[2] else None) == high), None)
        high = bucket[2] if bucket else high
        text = f"{format_rupiah(low)} – {format_rupiah(high)}" if high is not None else f"≥ {format_rupiah(low)}"
        chips.append(ActiveFilter(text, params.query(price_min=None, price_max=None)))
    return chips


@dataclass
class NoResultsHelp:
    """What a catalogue page shows instead of nothing: ways on."""

    categories: list[dict]  # {"label", "count", "url"}, most products first
    product_ids: list[int]  # popular products, shown as cards
    all_products_url: str
    without_filters_url: str  # the same words without filters; "" when no filter is set


def _has_filters(params: ListingParams) -> bool:
    return bool(
        params.category
        or params.kecamatan
        or params.certification
        or params.business
        or params.price_min is not None
        or params.price_max is not None
    )


def no_results_help(params: ListingParams) -> NoResultsHelp:
    """For a catalogue page with nothing to show, even after relaxation: the categories with
    their counts (the whole catalogue's, kept like every browse page's), a few popular products,
    all products, and with filters set the same words without them."""
    url = reverse("catalog:product-list")
    _total, facets = browse_counts(SearchRequest(page_size=1), get_backend())
    categories = sorted(facets["category"], key=lambda c: (-c.count, c.label))
    return NoResultsHelp(
        categories=[
            {"label": c.label, "count": c.count, "url": f"{url}?{urlencode({'category': c.value})}"}
            for c in categories[:HELP_CATEGORIES]
            if c.count
        ],
        product_ids=popular_product_ids(HELP_PRODUCTS),
        all_products_url=url,
        without_filters_url=(f"{url}?{urlencode({'q': params.q})}" if params.q else url)
        if _has_filters(params)
        else "",
    )
