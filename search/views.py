"""The catalogue's listing page, /produk/ (URL name `catalog:product-list`): browsing and text
search answered by the search interface (search.listing). It lives here, above catalog, because
it asks the search interface; the product pages stay in catalog.views. It reads and writes
nothing itself: the cards and the filter form come from the cache when they can."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from catalog.fragments import product_cards, render_cards
from core.page_cache import kept_with_catalogue
from search.listing import ListingParams, active_filters, no_results_help, product_listing
from search.queries import SORTS

FILTERS_TEMPLATE = "catalog/_filters.html"


def product_list(request):
    params = ListingParams.from_querydict(request.GET)
    # A text query that finds nothing is relaxed step by step (search.service).
    result = product_listing(params, relax=True)
    # Text searches show their products with the matched words marked; browsing shows the
    # cached cards of the page's ids. Either way a hit no longer published is left out: the
    # index may lag the catalogue until Celery reindexes, the product's save has already bumped
    # the version the cards are kept under, and cards are drawn from published products only.
    cards = render_cards(result.products()) if params.q else product_cards(list(result.page.object_list))
    # Never an empty page: categories, popular products and the way back.
    no_results = None if cards else no_results_help(params)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/product_list.html",
        {
            "result": result,
            "cards": cards,
            "page_obj": result.page,
            "filters_form": filters_form(params, result.facets),
            "is_paginated": result.page.paginator.num_pages > 1,
            "params": params,
            "facets": result.facets,
            "querystring": query.urlencode(),
            "no_results": no_results,
            "no_results_cards": product_cards(no_results.product_ids) if no_results else [],
        },
    )


def filters_form(params: ListingParams, facets: dict) -> SafeString:
    """The catalogue's filter form with its facet counts. It changes only with the filters, the
    catalogue (page-cache version) and the language, so it is kept like the counts it shows
    (CATALOG_SUMMARY_SECONDS; 0 renders it every time). Text searches are not kept: their
    counts come from the search backend per query."""

    def render_form() -> str:
        return str(
            get_template(FILTERS_TEMPLATE).render(
                {
                    "params": params,
                    "facets": facets,
                    "active": active_filters(params, facets),
                    "sorts": [(value, label) for value, label in SORTS.items() if params.q or value != "relevance"],
                    "clear_query": params.query(
                        category="", kecamatan="", certification=[], price_min=None, price_max=None
                    ),
                }
            )
        )

    if params.q:
        return SafeString(render_form())
    shown = sorted((k, v) for k, v in params.as_dict().items() if k not in ("page", "per_page"))
    key = f"catalog:filters:{get_language()}:{hashlib.sha256(repr(shown).encode()).hexdigest()}"
    return SafeString(kept_with_catalogue(key, render_form, settings.CATALOG_SUMMARY_SECONDS))
