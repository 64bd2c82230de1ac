"""Cache invalidation only: a change to what the public catalogue pages show bumps the page
cache version (portal.page_cache), at once and after the transaction commits."""
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from catalog.events import stock_changed
from catalog.models import Category, Product, ProductImage
from portal.models import Business, Certification
from portal.page_cache import page_cache_invalidate


def _invalidate(sender, **kwargs) -> None:
    # Now, and again after commit: a page rendered in between from the old rows is dropped too.
    page_cache_invalidate()
    transaction.on_commit(page_cache_invalidate)


def connect() -> None:
    for model in (Product, ProductImage, Category, Business, Certification):
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label}")
        post_delete.connect(_invalidate, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}")
    # Stock moved by a conditional UPDATE (owner's quick edit, checkout, release): pages show it.
    stock_changed.connect(_invalidate, sender=Product, dispatch_uid="pagecache-stock")
