"""elasticsearch-dsl Documents. Text arrives already normalised by search.text (folding,
old spellings, editor synonyms), so the mapping only needs core analysis: the `standard`
analyzer. The same mapping serves production and tests.

Each document type lives behind an alias `<ELASTICSEARCH_INDEX_PREFIX>-<name>`; the concrete
index is `<alias>-<timestamp>` so `search_reindex` can build a new one and swap the alias.
"""

from __future__ import annotations

from django.conf import settings
from elasticsearch_dsl import Boolean, Date, Document, Integer, Keyword, Long, Text

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}
# index_prefixes makes the last word of an autocomplete query a cheap prefix lookup.
PREFIXES = {"min_chars": 1, "max_chars": 10}


class ProductDocument(Document):
    """A published product of a verified business."""

    product_id = Long()
    title = Keyword(index=False)  # the seller's own spelling, shown in suggestions
    name = Text(analyzer="standard", index_prefixes=PREFIXES, fields={"exact": Keyword()})
    related = Text(analyzer="standard")  # category, kecamatan names
    body = Text(analyzer="standard")  # description, composition
    seller = Text(analyzer="standard")  # business name; see queries.es_text_query
    business_id = Integer()
    category = Keyword()  # category slug
    category_path = Keyword()  # the slug and its ancestors' slugs
    kecamatan = Keyword()  # Kemendagri code, e.g. 33.24.12
    certifications = Keyword()  # halal, pirt, bpom
    price = Long()
    stock = Integer()
    in_stock = Boolean()
    published_at = Date()

    class Index:
        name = "products"  # replaced by alias_name() at runtime
        settings = INDEX_SETTINGS


class BusinessDocument(Document):
    """A verified business (for the business directory and suggestions)."""

    name = Text(analyzer="standard", index_prefixes=PREFIXES)
    related = Text(analyzer="standard")  # kecamatan, desa, KBLI titles
    body = Text(analyzer="standard")
    kecamatan = Keyword()
    size_class = Keyword()

    class Index:
        name = "businesses"
        settings = INDEX_SETTINGS


DOCUMENTS: dict[str, type[Document]] = {"products": ProductDocument, "businesses": BusinessDocument}


def alias_name(kind: str) -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{kind}"
