"""Search data kept in this app: editor-managed synonyms, the database backend's normalised
index rows, the vocabulary used for typo tolerance, and the queue of products to reindex."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import raw_tokens


class SearchSynonym(models.Model):
    """A canonical word and the variant spellings buyers type for it (kripik → keripik).
    Applied by both backends, at index time and query time; saving one queues a reindex."""

    term = models.CharField(_("kata baku"), max_length=60, unique=True)
    variants = models.CharField(
        _("variasi/sinonim"),
        max_length=400,
        help_text=_("Pisahkan dengan koma, misalnya: kripik, kripick"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("sinonim pencarian")
        verbose_name_plural = _("sinonim pencarian")

    def __str__(self) -> str:
        return f"{self.term} ← {self.variants}"

    def variant_list(self) -> list[str]:
        return [part.strip() for part in self.variants.split(",") if part.strip()]

    def clean(self):
        if not raw_tokens(self.term):
            raise ValidationError({"term": _("Kata baku harus berisi huruf atau angka.")})
        for variant in self.variant_list():
            if len(raw_tokens(variant)) != 1:
                raise ValidationError({"variants": _("Setiap variasi harus satu kata: %(v)s") % {"v": variant}})


class ProductEntry(models.Model):
    """One searchable product for the database backend, the counterpart of its Elasticsearch
    document: the normalised text plus the filter, facet and sort values, so a search reads this
    table alone (no joins). A row exists only while the product is searchable (published, business
    verified); indexing keeps it up to date exactly as it does the Elasticsearch document. Words
    are space-padded (" keripik tempe ") so a whole-word match is a plain LIKE on SQLite."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    name = models.TextField()
    related = models.TextField(help_text="category and kecamatan names")
    body = models.TextField(help_text="description, composition")
    # Apart from the product's own words: a query word matching only here does not make a
    # product match (see search.queries.db_text_sql).
    seller = models.TextField(default=" ", help_text="business name")
    # PostgreSQL only (written with the row when the database is PostgreSQL): name = A,
    # related = B, body = C, seller = D.
    vector = SearchVectorField(null=True)
    # Filters, facets and sorting (as in the Elasticsearch document).
    category = models.CharField(max_length=90, default="", help_text="category slug")
    kecamatan = models.CharField(max_length=13, default="", help_text="Kemendagri code, or empty")
    price = models.PositiveBigIntegerField(default=0)
    stock = models.PositiveIntegerField(default=0)
    halal = models.BooleanField(default=False)
    pirt = models.BooleanField(default=False)
    bpom = models.BooleanField(default=False)
    business_id = models.BigIntegerField(null=True)
    published_at = models.DateTimeField(null=True)

    class Meta:
        # The catalogue lists from this table too (search.listing): the price sorts walk this
        # index (both directions); newest first walks search_productentry_newest (migration 0002).
        indexes = [models.Index(fields=["price", "product"], name="search_entry_price")]


class SearchTerm(models.Model):
    """The vocabulary of indexed words; typo tolerance and "did you mean" on the database
    backend look candidates up here (trigram index on PostgreSQL)."""

    term = models.CharField(max_length=60, primary_key=True)
    # A word of some product's name: "did you mean" prefers these (product names first).
    in_name = models.BooleanField(default=False)


class PendingIndex(models.Model):
    """A product whose search documents must be refreshed (marked by signals, drained in
    batches by the `search.tasks.index_pending` Celery task)."""

    product_id = models.BigIntegerField(primary_key=True)
    marked_at = models.DateTimeField(auto_now=True)
