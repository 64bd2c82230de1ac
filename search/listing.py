"""The catalogue's listing contract (catalog.selectors.ListingParams → ListingResult)
answered by the search interface, so /produk/?q= and /api/v1/products/?q= get typo
tolerance, synonyms, relevance and highlights from whichever backend is configured."""
from __future__ import annotations


from django.core.paginator import Paginator

from catalog.selectors import (
    ListingParams,
    ListingResult,
    images_prefetch,
    published_products,
)
from search.backends import SearchResponse, hydrate, search_products
from search.queries import MAX_RESULT_WINDOW, PRICE_RANGES, SearchRequest
from search.service import search
from search.text import query_tokens

def request_from_params(params: ListingParams, page: int | None = None) -> SearchRequest:
    return SearchRequest(
        text=params.q,
        categories=(params.category,) if params.category else (),
        kecamatan=(params.kecamatan,) if params.kecamatan else (),
        certifications=tuple(params.certification),
        min_price=params.price_min or None,
        max_price=params.price_max,
        business=params.business,
        sort=params.sort if params.sort in {"relevance", "newest", "price_asc", "price_desc"} else "relevance",
        page=page or params.page,
        page_size=params.per_page,
        tokens=tuple(query_tokens(params.q)),
    )


class _Hits:
    """A sequence the Paginator can count and slice without running the search again."""

    def __init__(self, total: int, products: list, offset: int):
        self.total, self.products, self.offset = min(total, MAX_RESULT_WINDOW), products, offset

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        if isinstance(item, slice):
            return self.products
        return self.products[item - self.offset]


def _catalog_facets(response: SearchResponse) -> dict:
    facets = response.facets_dict()
    prices = {key: (low, high) for key, low, high in PRICE_RANGES}
    for value in facets["price"]:
        low, high = prices[value["value"]]
        value.update({"min": low or 0, "max": high})
    return facets


def search_listing(params: ListingParams, *, with_facets: bool = True, relax: bool = False) -> ListingResult:
    """The page relaxes a query that finds nothing (search.service); the API answers the
    query as typed."""
    answer = search if relax else search_products
    request = request_from_params(params)
    response = answer(request)
    last_page = response.num_pages
    if request.page > last_page and response.total:
        # Past the end: show the last page, as the catalogue's paginator does.
        request = request_from_params(params, page=last_page)
        response = answer(request)
    products = hydrate(response, published_products().prefetch_related(images_prefetch()))
    page = Paginator(_Hits(response.total, products, request.offset), request.page_size).page(
        request.page if response.total else 1)
    result = ListingResult(
        page=page, facets=_catalog_facets(response) if with_facets else {}, params=params,
        total=response.total,
    )
    result.search = response
    return result
