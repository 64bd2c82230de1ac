"""Product cards — the tile every product list shows (catalogue, home, business profile,
related products) — rendered once and kept in the cache (the catalogue's filter form is kept
the same way by search.views.filters_form).

A list page fetches only its page's product ids; the cards come from one cache read
(`get_many`), and only the cards not yet cached are rendered, from one product query with its
photos prefetched. Cards are keyed on the page-cache version, which every change to a product,
its photos, a category or a business bumps (catalog.signals), and on the language, so a card is
never older than the data it shows. Search results are rendered without the cache: their names
carry the matched words of that query.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from catalog.models import Product
from catalog.selectors import images_prefetch, published_products
from core.page_cache import CACHE_ERRORS, page_cache_version

logger = logging.getLogger(__name__)
CARD_TEMPLATE = "catalog/_product_card.html"
CARD_SECONDS = 24 * 3600  # a version bump orphans cards long before this


def render_card(product: Product) -> SafeString:
    """One card, for a product fetched with its business, kecamatan and photos."""
    return get_template(CARD_TEMPLATE).render({"product": product})


def render_cards(products: Iterable[Product]) -> list[SafeString]:
    return [render_card(product) for product in products]


def _card_key(version: int, language: str, pk: int) -> str:
    return f"catalog:card:{version}:{language}:{pk}"


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
