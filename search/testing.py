"""For tests of other apps: make both search backends reflect the current database now
(in production, Celery does this after commit)."""
from __future__ import annotations

from catalog.models import Product
from search.client import get_client
from search.indexing import ensure_index, es_enabled, refresh_products
from search.models import PendingIndex


def index_now() -> None:
    """Index every product into both backends and drop documents of products that no longer
    exist (test databases roll back; the Elasticsearch index does not)."""
    if es_enabled():
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
