"""Reads for the partners app: facts for the readiness rules, the owner's readiness table,
curation candidates and the partner feed. Query counts do not grow with the number of rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from catalog.models import Product, ProductImage, ProductStatus
from partners.formats import get_format
from partners.models import (
    BatchItem,
    BatchStatus,
    Channel,
    ChannelListing,
    CurationBatch,
    ExportJob,
    ExportStatus,
)
from partners.readiness import CertFacts, ListingFacts, PhotoFacts, Problem, problems
from partners.rows import cell_values
from registry.models import BusinessStatus

PRODUCT_RELATED = (
    "business__kecamatan",
    "business__partner_profile",
    "category",
    "halal_certification",
    "pirt_certification",
    "bpom_certification",
)
LISTING_RELATED = tuple(f"product__{name}" for name in PRODUCT_RELATED)


def active_channels() -> list[Channel]:
    return list(Channel.objects.filter(is_active=True))


def _product_in(product_ids: list[int]):
    """`product_id IN (...)` for ProductImage. On PostgreSQL the ids travel as one array
    parameter: a thousand placeholders cost more to prepare and bind on the client (about
    25 ms per export chunk) than the query costs the server."""
    if connection.vendor == "postgresql":
        column = f"{connection.ops.quote_name(ProductImage._meta.db_table)}.{connection.ops.quote_name('product_id')}"
        return RawSQL(f"{column} = ANY(%s)", (list(product_ids),), output_field=BooleanField())
    return Q(product_id__in=product_ids)


def first_photos(product_ids: list[int]) -> dict[int, PhotoFacts]:
    """The first photo of each product (one query for the whole chunk)."""
    photos: dict[int, PhotoFacts] = {}
    rows = (
        ProductImage.objects.filter(_product_in(product_ids))
        .order_by("product_id", "position", "pk")
        .values_list("product_id", "image_id", "image__width", "image__height", "image__file_size", "image__file")
    )
    for product_id, image_id, width, height, size, name in rows:
        photos.setdefault(product_id, PhotoFacts(image_id, width, height, size, name))
    return photos


def _cert(cert, business_id: int) -> CertFacts | None:
    # A product may only lean on a certificate of its own business.
    if cert is None or cert.business_id != business_id:
        return None
    return CertFacts(cert.number, cert.expires_on, cert.is_verified)


def _hours(business) -> dict:
    try:
        return business.partner_profile.operating_hours or {}
    except ObjectDoesNotExist:
        return {}


def facts_for(product: Product, listing: ChannelListing | None, photo: PhotoFacts | None) -> ListingFacts:
    business = product.business
    return ListingFacts(
        product_id=product.pk,
        slug=product.slug,
        business_id=business.pk,
        name=product.name,
        description=product.description,
        price=listing.price if listing else product.price,
        category_name=product.category.name,
        is_food=product.category.is_food,
        is_published=product.status == ProductStatus.PUBLISHED,
        business_name=business.name,
        is_business_verified=business.status == BusinessStatus.VERIFIED,
        nib=business.nib,
        kecamatan=business.kecamatan.name if business.kecamatan_id else "",
        unit=product.unit,
        ean13=product.ean13,
        sku=product.sku,
        net_content=product.net_content,
        weight_grams=product.weight_grams,
        shelf_life_days=product.shelf_life_days,
        composition=product.composition,
        has_expiry_date_label=product.has_expiry_date_label,
        has_production_code_label=product.has_production_code_label,
        halal=_cert(product.halal_certification, business.pk),
        pirt=_cert(product.pirt_certification, business.pk),
        bpom=_cert(product.bpom_certification, business.pk),
        photo=photo,
        stock=product.stock,
        availability=listing.availability if listing else "available",
        operating_hours=_hours(business),
        variant_groups=(listing.variant_groups if listing else []) or [],
    )


# What an export reads per listing, as plain columns (values_list): no model instances, and
# only the columns the facts need (a Product or Business instance would also parse every
# timestamp and run its signals). The order is the one `_facts_from_row` unpacks.
_CERT_COLUMNS = ("id", "business_id", "number", "expires_on", "is_verified")
FACT_COLUMNS = (
    "pk",
    "is_opted_in",
    "final_price",
    "availability",
    "variant_groups",
    "product_id",
    "product__slug",
    "product__name",
    "product__description",
    "product__price",
    "product__status",
    "product__unit",
    "product__ean13",
    "product__sku",
    "product__net_content",
    "product__weight_grams",
    "product__shelf_life_days",
    "product__composition",
    "product__has_expiry_date_label",
    "product__has_production_code_label",
    "product__stock",
    "product__category__name",
    "product__category__is_food",
    "product__business_id",
    "product__business__name",
    "product__business__status",
    "product__business__nib",
    "product__business__kecamatan_id",
    "product__business__kecamatan__name",
    "product__business__partner_profile__operating_hours",
    *(f"product__{kind}_certification__{column}" for kind in ("halal", "pirt", "bpom") for column in _CERT_COLUMNS),
)


def _cert_from_columns(
    cert_id, cert_business_id, number, expires_on, is_verified, business_id: int
) -> CertFacts | None:
    # The same rule as _cert: only a certificate of the product's own business counts.
    if cert_id is None or cert_business_id != business_id:
        return None
    return CertFacts(number, expires_on, is_verified)


def _facts_from_row(row: tuple, photos: dict[int, PhotoFacts]) -> tuple[int, bool, ListingFacts]:
    """The facts `facts_for` would build, from one FACT_COLUMNS row."""
    (
        listing_id,
        is_opted_in,
        final_price,
        availability,
        variant_groups,
        product_id,
        slug,
        name,
        description,
        price,
        status,
        unit,
        ean13,
        sku,
        net_content,
        weight_grams,
        shelf_life_days,
        composition,
        has_expiry_date_label,
        has_production_code_label,
        stock,
        category_name,
        is_food,
        business_id,
        business_name,
        business_status,
        nib,
        kecamatan_id,
        kecamatan_name,
        operating_hours,
        *certs,
    ) = row
    return (
        listing_id,
        is_opted_in,
        ListingFacts(
            product_id=product_id,
            slug=slug,
            business_id=business_id,
            name=name,
            description=description,
            price=final_price if final_price is not None else price,
            category_name=category_name,
            is_food=is_food,
            is_published=status == ProductStatus.PUBLISHED,
            business_name=business_name,
            is_business_verified=business_status == BusinessStatus.VERIFIED,
            nib=nib,
            kecamatan=kecamatan_name if kecamatan_id else "",
            unit=unit,
            ean13=ean13,
            sku=sku,
            net_content=net_content,
            weight_grams=weight_grams,
            shelf_life_days=shelf_life_days,
            composition=composition,
            has_expiry_date_label=has_expiry_date_label,
            has_production_code_label=has_production_code_label,
            halal=_cert_from_columns(*certs[0:5], business_id),
            pirt=_cert_from_columns(*certs[5:10], business_id),
            bpom=_cert_from_columns(*certs[10:15], business_id),
            photo=photos.get(product_id),
            stock=stock,
            availability=availability,
            operating_hours=operating_hours or {},
            variant_groups=variant_groups or [],
        ),
    )


def iter_listing_facts(
    qs: QuerySet[ChannelListing], chunk_size: int = 1000
) -> Iterator[list[tuple[int, bool, ListingFacts]]]:
    """(listing id, is opted in, facts) for every listing of qs in pk order, chunk by chunk:
    the same facts as `facts_for`, read as plain columns, so that an export of 100,000
    listings builds no model instance.

    One query reads every row, through a server-side cursor on PostgreSQL (`iterator`), so
    the joins and the ordering are done once and memory stays bounded by the chunk size; each
    chunk adds one query for its first photos. (Keyset pages of `pk > last ORDER BY pk LIMIT n`
    looked cheaper but, when the planner's statistics are stale after a mass opt-in, each page
    joined and sorted every remaining listing: quadratic in the number of rows.)"""
    rows = qs.order_by("pk").values_list(*FACT_COLUMNS).iterator(chunk_size=chunk_size)
    while chunk := list(islice(rows, chunk_size)):
        photos = first_photos([row[5] for row in chunk])
        yield [_facts_from_row(row, photos) for row in chunk]


def check(facts: ListingFacts, channel: Channel) -> list[Problem]:
    fmt = get_format(channel.code)
    return problems(facts, fmt, fmt.limits(channel.limits), timezone.localdate())


# Where an owner fixes each kind of problem. Catalogue/portal edit pages are tried by name
# (they are built by other teams); the partners pages always exist.
FIX_URL_NAMES = {
    "product": ["catalog_account:product-edit"],
    "photo": ["catalog_account:product-edit"],
    "business": ["registry:business-edit", "registry:registration-edit"],
    "certification": ["registry:business-certifications", "registry:business-edit"],
}


def fix_url(problem: Problem, facts: ListingFacts, channel: Channel) -> str:
    if problem.fix in ("listing", "hours"):
        if problem.fix == "hours":
            return reverse("partners:hours", args=[facts.business_id])
        return reverse("partners:listing", args=[facts.product_id, channel.code])
    arg = facts.business_id if problem.fix in ("business", "certification") else facts.product_id
    for name in FIX_URL_NAMES.get(problem.fix, []):
        try:
            return reverse(name, args=[arg])
        except NoReverseMatch:
            continue
    return reverse("registry:account")


@dataclass
class ChannelReadiness:
    channel: Channel
    listing: ChannelListing | None
    problems: list[dict]  # {"message", "url"}

    @property
    def is_ready(self) -> bool:
        return not self.problems

    @property
    def is_opted_in(self) -> bool:
        return bool(self.listing and self.listing.is_opted_in)


@dataclass
class ProductReadiness:
    product: Product
    channels: list[ChannelReadiness]


def owner_readiness(user, *, channels: list[Channel] | None = None) -> list[ProductReadiness]:
    """Every product of the owner's businesses with its readiness per active channel
    (four queries whatever the number of products)."""
    channels = channels if channels is not None else active_channels()
    products = list(
        Product.objects.filter(business__owner=user)
        .exclude(status=ProductStatus.ARCHIVED)
        .select_related(*PRODUCT_RELATED)
        .order_by("business__name", "name", "pk")
    )
    ids = [p.pk for p in products]
    listings = {
        (l.product_id, l.channel_id): l for l in ChannelListing.objects.filter(product_id__in=ids, channel__in=channels)
    }
    photos = first_photos(ids)
    table = []
    for product in products:
        row = []
        for channel in channels:
            listing = listings.get((product.pk, channel.pk))
            facts = facts_for(product, listing, photos.get(product.pk))
            found = check(facts, channel)
            row.append(
                ChannelReadiness(
                    channel,
                    listing,
                    [{"message": str(p.message), "url": fix_url(p, facts, channel), "code": p.code} for p in found],
                )
            )
        table.append(ProductReadiness(product, row))
    return table


def opted_in_listings(channel: Channel) -> QuerySet[ChannelListing]:
    return ChannelListing.objects.filter(channel=channel, is_opted_in=True)


def curation_candidates(
    channel: Channel,
    *,
    kecamatan: str = "",
    category: int | None = None,
    certification: str = "",
    exclude_batch: CurationBatch | None = None,
    limit: int = 300,
) -> list[tuple[ChannelListing, ListingFacts]]:
    """Opted-in, published, verified, *ready* listings of a channel matching the filters."""
    qs = opted_in_listings(channel).filter(
        product__status=ProductStatus.PUBLISHED, product__business__status=BusinessStatus.VERIFIED
    )
    if kecamatan:
        qs = qs.filter(product__business__kecamatan_id=kecamatan)
    if category:
        qs = qs.filter(product__category_id=category)
    if certification in ("halal", "pirt", "bpom"):
        qs = qs.filter(**{f"product__{certification}_certification__isnull": False})
    if exclude_batch is not None:
        qs = qs.exclude(batch_items__batch=exclude_batch)
    ready = []
    for chunk, photos in iter_listing_chunks(qs):
        for listing in chunk:
            facts = facts_for(listing.product, listing, photos.get(listing.product_id))
            if not check(facts, channel):
                ready.append((listing, facts))
                if len(ready) >= limit:
                    return ready
    return ready


def iter_listing_chunks(qs: QuerySet[ChannelListing], chunk_size: int = 1000) -> Iterator[tuple[list, dict]]:
    """Keyset pagination over listings, each chunk with its products' first photos: memory
    stays bounded by the chunk size, and queries are two per chunk."""
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last).select_related(*LISTING_RELATED).order_by("pk")[:chunk_size])
        if not chunk:
            return
        yield chunk, first_photos([listing.product_id for listing in chunk])
        last = chunk[-1].pk


def batch_listings(batch: CurationBatch) -> QuerySet[ChannelListing]:
    return ChannelListing.objects.filter(batch_items__batch=batch)


def batch_review(batch: CurationBatch) -> list[tuple[ChannelListing, ListingFacts, list[Problem]]]:
    rows = []
    for chunk, photos in iter_listing_chunks(batch_listings(batch)):
        for listing in chunk:
            facts = facts_for(listing.product, listing, photos.get(listing.product_id))
            rows.append((listing, facts, check(facts, batch.channel)))
    return rows


def current_locked_batch(channel: Channel) -> CurationBatch | None:
    return (
        CurationBatch.objects.filter(channel=channel, status=BatchStatus.LOCKED).order_by("-locked_at", "-pk").first()
    )


def feed(channel: Channel) -> dict:
    """The partner feed: the channel's current locked batch, re-checked at read time so that
    nothing unpublished, unverified, opted-out or no-longer-ready ever leaves the portal."""
    batch = current_locked_batch(channel)
    if batch is None:
        return {"channel": channel.code, "batch": None, "count": 0, "items": []}
    fmt = get_format(channel.code)
    limits = fmt.limits(channel.limits)
    qs = batch_listings(batch).filter(
        is_opted_in=True,
        product__status=ProductStatus.PUBLISHED,
        product__business__status=BusinessStatus.VERIFIED,
    )
    items, per_category = [], {}
    for chunk, photos in iter_listing_chunks(qs):
        for listing in chunk:
            facts = facts_for(listing.product, listing, photos.get(listing.product_id))
            if check(facts, channel):
                continue
            per_category[facts.category_name] = per_category.get(facts.category_name, 0) + 1
            if limits.get("category_item_max") and per_category[facts.category_name] > limits["category_item_max"]:
                continue
            row, _warnings = cell_values(
                fmt, facts, limits, position=per_category[facts.category_name], spreadsheet=False
            )
            items.append(
                {"product_id": facts.product_id, **{column.key: value for column, value in zip(fmt.columns, row)}}
            )
    return {
        "channel": channel.code,
        "batch": {"id": batch.pk, "name": batch.name, "locked_at": batch.locked_at.isoformat()},
        "count": len(items),
        "items": items,
    }


# --- Dashboard aggregates ---------------------------------------------------------------------
# "Ready for a channel" is what a curator decided: the product was put in a curation batch
# (curation only offers listings that pass the readiness check). Computing the readiness rules
# for every product would not be an aggregate query. "Exported" means a finished export job
# carried the listing: the job of its batch, or a whole-channel job after the owner opted in.


def exported_listing_q(start=None, end=None):
    """Q on ChannelListing: a finished export (optionally finished in [start, end)) included it.
    Batch exports as an uncorrelated `pk IN (…)` (hashed once); whole-channel exports correlate
    on the channel and opt-in time, over the handful of export jobs."""
    window = {"finished_at__gte": start, "finished_at__lt": end} if start is not None else {}
    done = ExportJob.objects.filter(status=ExportStatus.DONE, **window)
    in_batch = BatchItem.objects.filter(batch__in=done.filter(batch__isnull=False).values("batch_id"))
    whole_channel = done.filter(
        channel=OuterRef("channel"), batch__isnull=True, created_at__gte=OuterRef("opted_in_at")
    )
    return Q(pk__in=in_batch.values("listing_id")) | (
        Q(is_opted_in=True, opted_in_at__isnull=False) & Q(Exists(whole_channel))
    )


def business_ready_for_channel():
    """Q on Business: a curator put one of its products in a curation batch."""
    return Q(pk__in=BatchItem.objects.values("listing__product__business_id"))


def business_exported():
    """Q on Business: a finished export carried one of its listings."""
    return Q(pk__in=ChannelListing.objects.filter(exported_listing_q()).values("product__business_id"))


def exports_by_channel(filters) -> dict[int, dict]:
    """Per active channel: finished export files in the period, and the products and distinct
    businesses of the filtered businesses those exports carried."""
    channels = {c.pk: {"name": c.name, "files": 0, "products": 0, "businesses": 0} for c in active_channels()}
    files = ExportJob.objects.filter(
        status=ExportStatus.DONE, **{"finished_at__gte": filters.start, "finished_at__lt": filters.end}
    )
    for channel_id, n in files.values("channel").annotate(n=Count("pk")).values_list("channel", "n"):
        if channel_id in channels:
            channels[channel_id]["files"] = n
    listings = (
        ChannelListing.objects.filter(exported_listing_q(filters.start, filters.end))
        .filter(filters.business_q("product__business__"))
        .values("channel")
        .annotate(products=Count("product", distinct=True), businesses=Count("product__business", distinct=True))
        .order_by()
    )
    for row in listings:
        if row["channel"] in channels:
            channels[row["channel"]].update(products=row["products"], businesses=row["businesses"])
    return channels
