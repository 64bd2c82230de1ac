"""Signals for changes that bypass `Model.save()` (atomic `QuerySet.update()` on stock), so
that other apps (search index, page caches) hear about them without catalog importing them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import ModelSignal

from catalog.models import Product

# Sent with product_ids=[...] after stock was changed by a conditional UPDATE.
stock_changed = ModelSignal(use_caching=True)


def send_stock_changed(product_ids: Iterable[int]) -> None:
    ids = sorted({pk for pk in product_ids if pk})
    if ids:
        stock_changed.send(sender=Product, product_ids=ids)
