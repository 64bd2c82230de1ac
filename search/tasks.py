"""Celery tasks: thin and idempotent. Signals mark products pending; `index_pending` drains
the queue in batches (also every minute from beat, so nothing is lost while the broker or
Elasticsearch is down)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from search import indexing
from search.client import ES_ERRORS
from search.models import PendingIndex
from search.reindex import reindex

logger = logging.getLogger(__name__)
BATCH = 500


@shared_task(name="search.tasks.index_pending")
def index_pending(max_batches: int = 200) -> int:
    """Refresh pending products. A row marked again while its batch runs survives (its
    marked_at is newer than the batch start) and is picked up next time."""
    done = 0
    for _ in range(max_batches):
        started = timezone.now()
        ids = list(PendingIndex.objects.order_by("marked_at").values_list("product_id", flat=True)[:BATCH])
        if not ids:
            break
        try:
            indexing.refresh_products(ids)
        except ES_ERRORS as exc:
            # The database rows are already fresh; Elasticsearch catches up on the next sweep.
            logger.warning("search: Elasticsearch indexing failed, %d products stay pending: %r", len(ids), exc)
            break
        PendingIndex.objects.filter(product_id__in=ids, marked_at__lte=started).delete()
        done += len(ids)
    return done


@shared_task(name="search.tasks.index_businesses")
def index_businesses(business_ids: list[int]) -> None:
    try:
        indexing.refresh_businesses(business_ids)
    except ES_ERRORS as exc:
        logger.warning("search: business indexing failed: %r", exc)


@shared_task(name="search.tasks.reindex_all")
def reindex_all() -> None:
    """A full rebuild (after editors change synonyms): new indexes, alias swap."""

    reindex()
