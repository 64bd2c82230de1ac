"""Product cards — the tile every product list shows (catalogue, home, business profile,
related products) — and the catalogue's filter form, rendered once and kept in the cache.

A list page fetches only its page's product ids; the cards come from one cache read
(`get_many`), and only the cards not yet cached are rendered, from one product query with its
photos prefetched. Cards are keyed on the page-cache version, which every change to a product,
its photos, a category or a business bumps (catalog.signals), and on the language, so a card is
never older than the data it shows. Search results are rendered without the cache: their names
carry the matched words of that query.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from catalog.models import Product
from catalog.selectors import active_filters, images_prefetch, published_products
from core.page_cache import CACHE_ERRORS, kept_with_catalogue, page_cache_version

logger = logging.getLogger(__name__)
CARD_TEMPLATE = "catalog/_product_card.html"
FILTERS_TEMPLATE = "catalog/_filters.html"
CARD_SECONDS = 24 * 3600  # a version bump orphans cards long before this


def render_card(product: Product) -> SafeString:
    """One card, for a product fetched with its business, kecamatan and photos."""
    return get_template(CARD_TEMPLATE).render({"product": product})


def render_cards(products: Iterable[Product]) -> list[SafeString]:
    return [render_card(product) for product in products]


def _card_key(version: int, language: str, pk: int) -> str:
    return f"catalog:card:{version}:{language}:{pk}"


def filters_form(params, facets: dict) -> SafeString:
    """The catalogue's filter form with its facet counts. It changes only with the filters, the
    catalogue (page-cache version) and the language, so it is kept like the counts it shows
    (CATALOG_SUMMARY_SECONDS; 0 renders it every time). Text searches are not kept: their
    counts come from the search backend per query."""

    def render() -> str:
        return str(get_template(FILTERS_TEMPLATE).render({
            "params": params, "facets": facets, "active": active_filters(params, facets),
            "clear_query": params.query(category="", kecamatan="", certification=[], price_min=None,
                                        price_max=None)}))

    if params.q:
        return SafeString(render())
    shown = sorted((k, v) for k, v in params.as_dict().items() if k not in ("page", "per_page"))
    key = f"catalog:filters:{get_language()}:{hashlib.sha256(repr(shown).encode()).hexdigest()}"
    return SafeString(kept_with_catalogue(key, render, settings.CATALOG_SUMMARY_SECONDS))


def product_cards(ids: Sequence[int]) -> list[SafeString]:
    """Cards for published products, in the order of `ids` (ids no longer published are left out)."""
    ids = list(ids)
    if not ids:
        return []
    try:
        version = page_cache_version()
        keys = {pk: _card_key(version, get_language(), pk) for pk in ids}
        found = cache.get_many(keys.values())
    except CACHE_ERRORS:
        logger.warning("cache unavailable; rendering %s product cards", len(ids))
        keys, found = None, {}
    cards = {pk: found[keys[pk]] for pk in ids if keys and keys[pk] in found}
    missing = [pk for pk in ids if pk not in cards]
    if missing:
        fresh = {
            product.pk: render_card(product)
            for product in published_products().filter(pk__in=missing).prefetch_related(images_prefetch())
        }
        cards.update(fresh)
        if keys and fresh:
            try:
                cache.set_many({keys[pk]: str(card) for pk, card in fresh.items()}, CARD_SECONDS)
            except CACHE_ERRORS:
                logger.warning("cache unavailable; product cards not kept")
    return [SafeString(cards[pk]) for pk in ids if pk in cards]
