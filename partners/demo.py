"""Demo data for the partner channels: opening hours for food sellers, GoFood/GrabFood opt-ins,
a dozen products completed for Indomaret/Alfamart (barcode, labels, permits), a locked GoFood
batch that the partner feed serves and a draft Indomaret batch for the curator to finish."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from catalog.models import Product, ProductStatus
from core.identifiers import ean13_check_digit
from partners.exports import export_job_run
from partners.models import Channel, ChannelListing, ExportFormat, PartnerProfile
from partners.selectors import curation_candidates
from partners.services import batch_add, batch_create, batch_lock, export_job_create
from registry.models import BusinessStatus

# Enough to show every screen; cheap at 100,000 products.
DELIVERY_LISTINGS = 60
RETAIL_LISTINGS = 12
HOURS = {str(day): ["08:00", "20:00"] for day in range(6)} | {"6": ["09:00", "15:00"]}


def _food_products():
    return (
        Product.objects.filter(
            status=ProductStatus.PUBLISHED,
            business__status=BusinessStatus.VERIFIED,
            category__is_food=True,
            images__isnull=False,
        )
        .select_related("business")
        .distinct()
        .order_by("pk")
    )


def _opt_in(products, channel: Channel, now) -> None:
    ChannelListing.objects.bulk_create(
        [
            ChannelListing(product=p, channel=channel, is_opted_in=True, opted_in_at=now, opted_in_by=p.business.owner)
            for p in products
        ],
        ignore_conflicts=True,
    )


def _complete_for_retail(products) -> list:
    ready = []
    for product in products:
        if not (product.pirt_certification_id and product.halal_certification_id and product.business.nib):
            continue
        first12 = f"899{product.pk:09d}"[-12:]
        product.ean13 = f"{first12}{ean13_check_digit(first12)}"
        product.composition = product.composition or "Lihat label kemasan."
        product.net_content = product.net_content or "250 g"
        product.shelf_life_days = product.shelf_life_days or 180
        product.has_expiry_date_label = product.has_production_code_label = True
        product.has_standard_packaging = True
        ready.append(product)
    Product.objects.bulk_update(
        ready,
        [
            "ean13",
            "composition",
            "net_content",
            "shelf_life_days",
            "has_expiry_date_label",
            "has_production_code_label",
            "has_standard_packaging",
        ],
    )
    return ready


@transaction.atomic
def seed(ctx) -> None:
    channels = {channel.code: channel for channel in Channel.objects.filter(is_active=True)}
    if not channels or ChannelListing.objects.exists():
        return
    now, curator = timezone.now(), ctx.staff.get("curator")
    food = list(_food_products()[:DELIVERY_LISTINGS])
    for business_id in {p.business_id for p in food}:
        PartnerProfile.objects.update_or_create(business_id=business_id, defaults={"operating_hours": HOURS})
    for code in ("gofood", "grabfood"):
        if code in channels:
            _opt_in(food, channels[code], now)
    retail = _complete_for_retail(food[: RETAIL_LISTINGS * 3])[:RETAIL_LISTINGS]
    for code in ("indomaret", "alfamart"):
        if code in channels:
            _opt_in(retail, channels[code], now)

    if "gofood" in channels:
        batch = batch_create(channel=channels["gofood"], name="Kuliner Kendal — demo", user=curator)
        picked = [listing.pk for listing, _facts in curation_candidates(channels["gofood"], limit=20)]
        if picked:
            batch_add(batch=batch, listing_ids=picked)
            batch_lock(batch=batch, user=curator)
            # One finished export, run here rather than queued, so the dashboard's exports chart
            # and the curator's export list show what a delivered batch looks like.
            job = export_job_create(
                channel=channels["gofood"],
                file_format=ExportFormat.CSV,
                user=curator,
                batch=batch,
                include_images=False,
                enqueue=False,
            )
            export_job_run(job_id=job.pk)
    if "indomaret" in channels:
        draft = batch_create(channel=channels["indomaret"], name="Produk lokal Indomaret — draf", user=curator)
        picked = [listing.pk for listing, _facts in curation_candidates(channels["indomaret"], limit=10)]
        if picked:
            batch_add(batch=draft, listing_ids=picked)
