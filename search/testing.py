"""For tests of other apps: make both search backends reflect the current database now
(in production, Celery does this after commit)."""

from __future__ import annotations

from django.conf import settings

from catalog.models import Product
from search.client import get_client
from search.indexing import ensure_index, es_enabled, refresh_products
from search.models import PendingIndex

_used_prefixes: set[str] = set()


def drop_indexes(prefix: str | None = None) -> None:
    """Delete every concrete index (and so its alias) under the test prefix. Wildcard deletes
    are refused by default (action.destructive_requires_name), so names are listed first."""
    if not es_enabled():
        return
    client = get_client(for_indexing=True)
    names = list(
        client.indices.get(
            index=f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}-*", allow_no_indices=True, ignore_unavailable=True
        )
    )
    for name in names:
        client.indices.delete(index=name, ignore_unavailable=True)


def drop_used_indexes() -> None:
    """Tests that indexed documents leave none behind for later tests (ES is not rolled back)."""
    while _used_prefixes:
        drop_indexes(_used_prefixes.pop())


def index_now() -> None:
    """Index every product into both backends and drop documents of products that no longer
    exist (test databases roll back; the Elasticsearch index does not)."""
    if es_enabled():
        _used_prefixes.add(settings.ELASTICSEARCH_INDEX_PREFIX)
        client = get_client(for_indexing=True)
        alias = ensure_index("products", client)
        # No _delete_by_query in the core-only test distribution: delete by id.
        client.indices.refresh(index=alias)
        stale = client.search(index=alias, size=10_000, source=False)["hits"]["hits"]
        if stale:
            client.bulk(operations=[{"delete": {"_index": alias, "_id": hit["_id"]}} for hit in stale])
    refresh_products(Product.objects.values_list("pk", flat=True))
    PendingIndex.objects.all().delete()
    if es_enabled():
        client.indices.refresh(index=alias)
