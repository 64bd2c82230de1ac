"""Decoupled side effects only: mark the products whose search documents are stale and
queue the indexing task after commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from kombu.exceptions import OperationalError as BrokerError

from catalog.events import stock_changed as catalog_stock_changed
from catalog.models import Category, Product
from core.notifications import enqueue_on_commit
from registry.models import Business, Certification
from search.backends import forget_category_tree
from search.models import PendingIndex, SearchSynonym
from search.tasks import index_businesses, index_pending, reindex_all
from search.text import clear_synonym_cache

logger = logging.getLogger(__name__)


def mark_products(product_ids: Iterable[int]) -> None:
    """Mark products for reindexing and queue the task after commit. Call this after
    bulk updates that bypass signals (e.g. `Product.objects.filter(...).update(stock=...)`)."""

    ids = [pk for pk in set(product_ids) if pk]
    if not ids:
        return
    # Re-marking refreshes marked_at so a batch already running does not drop the row.
    PendingIndex.objects.bulk_create(
        [PendingIndex(product_id=pk) for pk in ids],
        update_conflicts=True,
        unique_fields=["product_id"],
        update_fields=["marked_at"],
    )
    _queue_once(index_pending)


class _SendAfterCommit:
    """The on-commit callback that queues `task`; `search_key` lets _queue_once find it among
    the connection's pending callbacks."""

    def __init__(self, task, args: tuple) -> None:
        self.task = task
        self.args = args
        self.search_key = (task.name, args)

    def __call__(self) -> None:
        try:
            self.task.apply_async(args=self.args, retry=False)
        except (BrokerError, ConnectionError, OSError) as exc:
            # The PendingIndex rows stay; the periodic sweep indexes them later.
            logger.warning("search: broker unavailable, %s left for the sweeper: %s", self.task.name, exc)


def _queue_once(task, *args) -> None:
    """Queue the task after commit, once per transaction however many rows it touched."""
    connection = transaction.get_connection()
    key = (task.name, args)
    if connection.in_atomic_block and any(
        getattr(func, "search_key", None) == key for _, func, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(_SendAfterCommit(task, args))


def product_saved(sender, instance: Product, **kwargs) -> None:
    mark_products([instance.pk])


def stock_changed(sender, product_ids, **kwargs) -> None:
    mark_products(product_ids)


def business_saved(sender, instance: Business, **kwargs) -> None:
    mark_products(Product.objects.filter(business_id=instance.pk).values_list("pk", flat=True))
    enqueue_on_commit(index_businesses, [instance.pk])


def certification_saved(sender, instance: Certification, **kwargs) -> None:
    mark_products(
        Product.objects.filter(
            Q(halal_certification=instance) | Q(pirt_certification=instance) | Q(bpom_certification=instance)
        ).values_list("pk", flat=True)
    )


def category_saved(sender, instance: Category, **kwargs) -> None:
    # A new or moved subcategory must widen its parents' filters at once, not after the TTL.
    forget_category_tree()
    transaction.on_commit(forget_category_tree)
    mark_products(Product.objects.filter(category=instance).values_list("pk", flat=True))


def synonyms_changed(sender, instance: SearchSynonym, **kwargs) -> None:
    clear_synonym_cache()
    transaction.on_commit(clear_synonym_cache)
    _queue_once(reindex_all)


def connect() -> None:
    catalog_stock_changed.connect(stock_changed, sender=Product, dispatch_uid="search-stock-changed")
    post_save.connect(product_saved, sender=Product, dispatch_uid="search-product-saved")
    post_delete.connect(product_saved, sender=Product, dispatch_uid="search-product-deleted")
    post_save.connect(business_saved, sender=Business, dispatch_uid="search-business-saved")
    post_delete.connect(business_saved, sender=Business, dispatch_uid="search-business-deleted")
    post_save.connect(certification_saved, sender=Certification, dispatch_uid="search-cert-saved")
    post_save.connect(category_saved, sender=Category, dispatch_uid="search-category-saved")
    post_delete.connect(category_saved, sender=Category, dispatch_uid="search-category-deleted")
    post_save.connect(synonyms_changed, sender=SearchSynonym, dispatch_uid="search-synonym-saved")
    post_delete.connect(synonyms_changed, sender=SearchSynonym, dispatch_uid="search-synonym-deleted")
