"""Full rebuild: every searchable product (and verified business) into fresh Elasticsearch
indexes, then one atomic alias swap, so searches keep answering from the old index until the
new one is complete. The database backend's rows are rebuilt in place, in batches."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone

from catalog.models import Product
from search import indexing
from search.client import get_client
from search.documents import alias_name
from search.models import PendingIndex, ProductEntry
from search.text import clear_synonym_cache, synonym_map

logger = logging.getLogger(__name__)
CHUNK = 2000


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def rebuild_entries(progress: Callable[[str], None] = lambda _: None) -> int:
    mapping = synonym_map()
    done = 0
    for batch in _chunks(indexing.searchable_products().order_by("pk").iterator(chunk_size=CHUNK), CHUNK):
        indexing.refresh_entries(batch, mapping)
        done += len(batch)
        progress(f"database rows: {done}")
    ProductEntry.objects.exclude(product__in=indexing.searchable_products().values("pk")).delete()
    return done


def swap_alias(client, kind: str, new_index: str) -> list[str]:
    """Point the alias at new_index in one atomic request; returns the indexes it left."""
    alias = alias_name(kind)
    old = list(client.indices.get_alias(name=alias).keys()) if client.indices.exists_alias(name=alias) else []
    actions = [{"remove": {"index": index, "alias": alias}} for index in old]
    if not old and client.indices.exists(index=alias):
        actions.append({"remove_index": {"index": alias}})  # a stray concrete index in the way
    actions.append({"add": {"index": new_index, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    return old


def rebuild_index(kind: str, progress: Callable[[str], None] = lambda _: None) -> tuple[str, int]:
    client = get_client(for_indexing=True)
    mapping = synonym_map()
    new_index = indexing.create_index(kind, client)
    # No refreshes while bulk loading; one at the end.
    client.indices.put_settings(index=new_index, settings={"refresh_interval": "-1"})
    if kind == "products":
        documents = (
            indexing.product_document(p, mapping)
            for p in indexing.searchable_products().order_by("pk").iterator(chunk_size=CHUNK)
        )
    else:
        documents = (
            indexing.business_document(b, mapping)
            for b in indexing.searchable_businesses().order_by("pk").iterator(chunk_size=CHUNK)
        )
    count = indexing.bulk(client, indexing.bulk_actions(new_index, documents))
    client.indices.put_settings(index=new_index, settings={"refresh_interval": "1s"})
    client.indices.refresh(index=new_index)
    old = swap_alias(client, kind, new_index)
    for index in old:
        client.indices.delete(index=index, ignore_unavailable=True)
    progress(f"{kind}: {count} documents in {new_index}, alias {alias_name(kind)} swapped from {old or '-'}")
    return new_index, count


def reindex(*, es: bool | None = None, progress: Callable[[str], None] = lambda _: None) -> dict:
    started = timezone.now()
    clear_synonym_cache()
    result = {"database": rebuild_entries(progress)}
    if es if es is not None else indexing.es_enabled():
        for kind in ("products", "businesses"):
            result[kind] = rebuild_index(kind, progress)[1]
        # Writes that went to the old index during the rebuild are replayed on the new one.
        changed = list(Product.objects.filter(updated_at__gte=started).values_list("pk", flat=True))
        changed += list(PendingIndex.objects.values_list("product_id", flat=True))
        indexing.refresh_products(changed, es=True)
        result["replayed"] = len(set(changed))
    return result
