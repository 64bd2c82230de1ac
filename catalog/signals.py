"""Cache invalidation only: a change to what the public catalogue pages show bumps the page
cache version (core.page_cache), at once and after the transaction commits."""

from catalog.events import stock_changed
from catalog.models import Category, Product, ProductImage
from core.page_cache import invalidate_now_and_after_commit, invalidate_on_change
from registry.models import Business, Certification


def connect() -> None:
    invalidate_on_change(Product, ProductImage, Category, Business, Certification)
    # Stock moved by a conditional UPDATE (owner's quick edit, checkout, release): pages show it.
    stock_changed.connect(invalidate_now_and_after_commit, sender=Product, dispatch_uid="pagecache-stock")
