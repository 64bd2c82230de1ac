"""What a catalogue page shows, read from its HTML as a visitor would see it."""

import re

from catalog.models import Product


def shown_products(response) -> list[Product]:
    """The products whose cards the page shows, in page order (cards carry data-product=slug)."""
    slugs = re.findall(r'data-product="([^"]+)"', response.content.decode())
    by_slug = Product.objects.in_bulk(slugs, field_name="slug")
    return [by_slug[slug] for slug in slugs]
