"""Model → search documents: the database backend's ProductEntry rows and the Elasticsearch
documents, both built from the same normalised text."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from elasticsearch import BadRequestError, helpers

from catalog.models import Category, Product, ProductStatus
from core.page_cache import invalidate_now_and_after_commit
from registry.models import Business, BusinessStatus
from search.client import get_client
from search.documents import DOCUMENTS, BusinessDocument, ProductDocument, alias_name
from search.models import ProductEntry, SearchTerm
from search.text import synonym_map, tokens

logger = logging.getLogger(__name__)


def searchable_products() -> QuerySet[Product]:
    return Product.objects.filter(
        status=ProductStatus.PUBLISHED, business__status=BusinessStatus.VERIFIED
    ).select_related(
        "business",
        "business__kecamatan",
        "business__kecamatan__parent",
        "category",
        "category__parent",
        "category__parent__parent",
    )


def searchable_businesses() -> QuerySet[Business]:
    return Business.objects.filter(status=BusinessStatus.VERIFIED).select_related(
        "kecamatan", "kecamatan__parent", "desa", "primary_kbli"
    )


def _padded(words: list[str]) -> str:
    # Space-padded so a whole word is LIKE '% word %' on any database.
    return f" {' '.join(words)} " if words else " "


def category_path(category: Category | None) -> list[Category]:
    path: list[Category] = []
    node = category
    while node is not None and len(path) < 5:
        path.append(node)
        node = node.parent
    return path


def product_certifications(product: Product) -> list[str]:
    return [
        kind
        for kind, cert_id in (
            ("halal", product.halal_certification_id),
            ("pirt", product.pirt_certification_id),
            ("bpom", product.bpom_certification_id),
        )
        if cert_id
    ]


def product_texts(product: Product, mapping: dict[str, str]) -> dict[str, list[str]]:
    business = product.business
    kecamatan = business.kecamatan
    related = [c.name for c in category_path(product.category)]
    if kecamatan is not None:
        # The kabupaten too, so "keripik tempe kendal" matches every Kendal seller.
        related += [kecamatan.name, kecamatan.parent.name if kecamatan.parent else ""]
    return {
        "name": tokens(product.name, mapping),
        "related": tokens(" ".join(related), mapping),
        "body": tokens(f"{product.description} {product.composition}", mapping),
        "seller": tokens(business.name, mapping),
    }


def product_document(product: Product, mapping: dict[str, str]) -> ProductDocument:
    texts = product_texts(product, mapping)
    return ProductDocument(
        meta={"id": product.pk},
        product_id=product.pk,
        title=product.name,
        name=" ".join(texts["name"]),
        related=" ".join(texts["related"]),
        body=" ".join(texts["body"]),
        seller=" ".join(texts["seller"]),
        business_id=product.business_id,
        category=product.category.slug,
        category_path=[c.slug for c in category_path(product.category)],
        kecamatan=product.business.kecamatan_id or "",
        certifications=product_certifications(product),
        price=product.price,
        stock=product.stock,
        in_stock=product.stock > 0,
        published_at=product.published_at,
    )


def business_document(business: Business, mapping: dict[str, str]) -> BusinessDocument:
    related = [
        business.kecamatan.name if business.kecamatan else "",
        business.desa.name if business.desa else "",
        business.primary_kbli.title if business.primary_kbli else "",
    ]
    return BusinessDocument(
        meta={"id": business.pk},
        name=" ".join(tokens(business.name, mapping)),
        related=" ".join(tokens(" ".join(related), mapping)),
        body=" ".join(tokens(business.description, mapping)),
        kecamatan=business.kecamatan_id or "",
        size_class=business.size_class,
    )


# --- database backend rows -----------------------------------------------------------------


def _vocabulary(texts: Iterable[dict[str, list[str]]], fields: tuple[str, ...] | None = None) -> set[str]:
    return {
        word
        for text in texts
        for name, words in text.items()
        if fields is None or name in fields
        for word in words
        if 3 <= len(word) <= 60 and not word.isdigit()
    }


ENTRY_COLUMNS = (
    "product_id",
    "name",
    "related",
    "body",
    "seller",
    "category",
    "kecamatan",
    "price",
    "stock",
    "halal",
    "pirt",
    "bpom",
    "business_id",
    "published_at",
)
# PostgreSQL array types for unnest(), in ENTRY_COLUMNS order.
_ENTRY_TYPES = (
    "bigint",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "bigint",
    "integer",
    "boolean",
    "boolean",
    "boolean",
    "bigint",
    "timestamptz",
)
# One statement per batch: each row is written once, its tsvector with it (an upsert followed
# by an UPDATE of the vector left two dead row versions per product on every reindex).
_UPSERT_SQL = (
    f"INSERT INTO search_productentry ({', '.join(ENTRY_COLUMNS)}, vector) "
    f"SELECT v.*, setweight(to_tsvector('simple', v.name), 'A') || "
    f"setweight(to_tsvector('simple', v.related), 'B') || "
    f"setweight(to_tsvector('simple', v.body), 'C') || "
    f"setweight(to_tsvector('simple', v.seller), 'D') "
    f"FROM unnest({', '.join(f'%s::{t}[]' for t in _ENTRY_TYPES)}) AS v({', '.join(ENTRY_COLUMNS)}) "
    f"ON CONFLICT (product_id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in (*ENTRY_COLUMNS[1:], "vector"))
)


def product_entry(product: Product, text: dict[str, list[str]]) -> ProductEntry:
    """The database backend's row: the normalised text and the same filter values as the
    Elasticsearch document."""
    return ProductEntry(
        product_id=product.pk,
        name=_padded(text["name"]),
        related=_padded(text["related"]),
        body=_padded(text["body"]),
        seller=_padded(text["seller"]),
        category=product.category.slug,
        kecamatan=product.business.kecamatan_id or "",
        price=product.price,
        stock=product.stock,
        halal=bool(product.halal_certification_id),
        pirt=bool(product.pirt_certification_id),
        bpom=bool(product.bpom_certification_id),
        business_id=product.business_id,
        published_at=product.published_at,
    )


def refresh_entries(products: list[Product], mapping: dict[str, str]) -> None:
    """Upsert ProductEntry rows (with their tsvector on PostgreSQL) and extend the vocabulary."""
    texts = {product.pk: product_texts(product, mapping) for product in products}
    entries = [product_entry(product, texts[product.pk]) for product in products]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            if entries:
                with connection.cursor() as cursor:
                    for start in range(0, len(entries), 2000):
                        batch = entries[start : start + 2000]
                        cursor.execute(
                            _UPSERT_SQL, [[getattr(entry, column) for entry in batch] for column in ENTRY_COLUMNS]
                        )
        else:
            ProductEntry.objects.bulk_create(
                entries,
                batch_size=2000,
                update_conflicts=True,
                unique_fields=["product"],
                update_fields=list(ENTRY_COLUMNS[1:]),
            )
        name_words = _vocabulary(texts.values(), ("name",))
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=word, in_name=True) for word in sorted(name_words)],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["term"],
            update_fields=["in_name"],
        )
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=word) for word in sorted(_vocabulary(texts.values()) - name_words)],
            batch_size=2000,
            ignore_conflicts=True,
        )


# --- Elasticsearch ---------------------------------------------------------------------------


def es_enabled() -> bool:
    return settings.SEARCH_BACKEND == "elasticsearch"


def create_index(kind: str, client=None) -> str:
    """A new concrete index for `kind` with the shipped mapping; returns its name."""
    client = client or get_client(for_indexing=True)
    name = f"{alias_name(kind)}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    DOCUMENTS[kind].init(index=name, using=client)
    return name


def ensure_index(kind: str, client=None) -> str:
    """The alias, creating a first index behind it when there is none.

    Several workers may get here at once (first deploy, after a restore): the first index has a
    fixed name and is created together with its alias in one request, so the losers of the race
    get "already exists" and use it — never two indexes behind one alias (writes would fail)."""
    client = client or get_client(for_indexing=True)
    alias = alias_name(kind)
    if client.indices.exists_alias(name=alias):
        return alias
    first = DOCUMENTS[kind]._index.clone(name=f"{alias}-initial")
    first.aliases(**{alias: {"is_write_index": True}})
    try:
        first.create(using=client)
    except BadRequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
        # An orphan from an interrupted run: put the alias back on it (idempotent).
        client.indices.update_aliases(actions=[{"add": {"index": first._name, "alias": alias}}])
    return alias


def bulk_actions(index: str, documents: Iterable, deletions: Iterable[int] = ()) -> Iterator[dict]:
    for document in documents:
        yield {**document.to_dict(include_meta=True, skip_empty=False), "_index": index}
    for pk in deletions:
        yield {"_op_type": "delete", "_index": index, "_id": pk}


def bulk(client, actions: Iterable[dict], **options) -> int:
    """Streams actions in chunks; a delete of a missing document is not an error. `options` go
    to each bulk request (e.g. refresh)."""
    done = 0
    for ok, item in helpers.streaming_bulk(
        client,
        actions,
        chunk_size=1000,
        raise_on_error=False,
        raise_on_exception=True,
        max_retries=2,
        **options,
    ):
        result = next(iter(item.values()))
        if not ok and not (result.get("status") == 404 and "delete" in item):
            logger.error("search: bulk item failed: %s", item)
        done += 1
    return done


def refresh_products(product_ids: Iterable[int], *, es: bool | None = None) -> None:
    """Bring the search rows of these products up to date: index the searchable ones, remove
    the others (deleted, unpublished, business no longer verified). The catalogue page lists
    from these rows, so once they are written (and searchable in Elasticsearch: refreshed) the
    page-cache version is bumped: a page or count kept between the product's save and now
    showed the old rows."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    mapping = synonym_map()
    products = list(searchable_products().filter(pk__in=ids))
    present = {product.pk for product in products}
    gone = [pk for pk in ids if pk not in present]
    refresh_entries(products, mapping)
    ProductEntry.objects.filter(product_id__in=gone).delete()
    if es if es is not None else es_enabled():
        client = get_client(for_indexing=True)
        alias = ensure_index("products", client)
        bulk(client, bulk_actions(alias, (product_document(p, mapping) for p in products), gone), refresh=True)
    invalidate_now_and_after_commit()


def refresh_businesses(business_ids: Iterable[int], *, es: bool | None = None) -> None:
    ids = sorted(set(business_ids))
    if not ids or not (es if es is not None else es_enabled()):
        return
    mapping = synonym_map()
    businesses = list(searchable_businesses().filter(pk__in=ids))
    present = {business.pk for business in businesses}
    client = get_client(for_indexing=True)
    alias = ensure_index("businesses", client)
    bulk(
        client,
        bulk_actions(
            alias,
            (business_document(b, mapping) for b in businesses),
            [pk for pk in ids if pk not in present],
        ),
    )
