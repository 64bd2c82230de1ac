"""Writes of the partners app: opt-ins, listing data, curation batches, export jobs, tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from core.audit import audit_record
from core.notifications import enqueue_on_commit
from partners.models import (
    BatchItem,
    BatchStatus,
    Channel,
    ChannelListing,
    CurationBatch,
    ExportFormat,
    ExportJob,
    PartnerProfile,
)
from partners.tasks import run_export_job


def _owned(product: Product, user) -> None:
    if product.business.owner_id != user.pk:
        raise PermissionDenied


def listing_get_or_create(*, product: Product, channel: Channel) -> ChannelListing:
    try:
        with transaction.atomic():
            listing, _created = ChannelListing.objects.get_or_create(product=product, channel=channel)
    except IntegrityError:  # a concurrent request created it first
        listing = ChannelListing.objects.get(product=product, channel=channel)
    return listing


def listing_set_opt_in(*, product: Product, channel: Channel, user, opted_in: bool) -> ChannelListing:
    """The owner joins or leaves a channel with one product."""
    _owned(product, user)
    if opted_in and not channel.is_active:
        raise ValidationError(_("Kanal ini sedang tidak aktif."))
    listing = listing_get_or_create(product=product, channel=channel)
    ChannelListing.objects.filter(pk=listing.pk).update(
        is_opted_in=opted_in,
        opted_in_at=timezone.now() if opted_in else None,
        opted_in_by=user if opted_in else None,
    )
    listing.refresh_from_db()
    return listing


def listing_update(
    *,
    product: Product,
    channel: Channel,
    user,
    final_price: int | None,
    availability: str,
    variant_groups: list,
) -> ChannelListing:
    _owned(product, user)
    listing = listing_get_or_create(product=product, channel=channel)
    listing.final_price = final_price
    listing.availability = availability
    listing.variant_groups = variant_groups
    listing.save(update_fields=["final_price", "availability", "variant_groups", "updated_at"])
    return listing


def operating_hours_set(*, business, user, hours: dict) -> PartnerProfile:
    if business.owner_id != user.pk:
        raise PermissionDenied
    profile, _created = PartnerProfile.objects.update_or_create(business=business, defaults={"operating_hours": hours})
    return profile


def batch_create(*, channel: Channel, name: str, user) -> CurationBatch:
    return CurationBatch.objects.create(channel=channel, name=name, created_by=user)


def _draft(batch: CurationBatch) -> CurationBatch:
    locked = CurationBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != BatchStatus.DRAFT:
        raise ValidationError(_("Batch sudah dikunci dan tidak dapat diubah."))
    return locked


@transaction.atomic
def batch_add(*, batch: CurationBatch, listing_ids: list[int]) -> int:
    """Add opted-in listings of the batch's channel; returns how many were new."""
    batch = _draft(batch)
    valid = list(
        ChannelListing.objects.filter(pk__in=listing_ids, channel=batch.channel, is_opted_in=True).values_list(
            "pk", flat=True
        )
    )
    created = BatchItem.objects.bulk_create(
        [BatchItem(batch=batch, listing_id=pk) for pk in valid], ignore_conflicts=True
    )
    return len(created)


@transaction.atomic
def batch_remove(*, batch: CurationBatch, listing_ids: list[int]) -> int:
    batch = _draft(batch)
    deleted, _details = BatchItem.objects.filter(batch=batch, listing_id__in=listing_ids).delete()
    return deleted


@transaction.atomic
def batch_lock(*, batch: CurationBatch, user) -> CurationBatch:
    batch = _draft(batch)
    if not batch.items.exists():
        raise ValidationError(_("Batch kosong tidak dapat dikunci."))
    batch.status, batch.locked_by, batch.locked_at = BatchStatus.LOCKED, user, timezone.now()
    batch.save(update_fields=["status", "locked_by", "locked_at"])
    audit_record(
        actor=user,
        action="partners.batch_lock",
        obj=batch,
        detail={"channel": batch.channel.code, "items": batch.items.count()},
    )
    return batch


def export_job_create(
    *,
    channel: Channel,
    file_format: str,
    user=None,
    batch: CurationBatch | None = None,
    include_images: bool = True,
    enqueue: bool = True,
) -> ExportJob:
    """Record an export and queue it for the worker (after commit)."""
    if file_format not in ExportFormat.values:
        raise ValidationError(_("Format ekspor tidak dikenal."))
    if batch is not None and batch.channel_id != channel.pk:
        raise ValidationError(_("Batch ini milik kanal lain."))
    job = ExportJob.objects.create(
        channel=channel,
        batch=batch,
        file_format=file_format,
        include_images=include_images,
        created_by=user,
    )
    if enqueue:
        enqueue_on_commit(run_export_job, job.pk)
    return job


def token_digest(token: str) -> str:
    # Tokens are 256-bit random values, so a plain SHA-256 is enough (no password stretching).
    return hashlib.sha256(token.encode()).hexdigest()


def channel_token_rotate(*, channel: Channel, user) -> str:
    """Issue a new feed token for the channel; only its hash is stored, the old one stops working."""
    token = f"{channel.code}_{secrets.token_urlsafe(32)}"
    Channel.objects.filter(pk=channel.pk).update(
        api_token_hash=token_digest(token), api_token_rotated_at=timezone.now(), api_token_rotated_by=user
    )
    audit_record(actor=user, action="partners.token_rotate", obj=channel)
    return token


def channel_token_matches(channel: Channel, token: str) -> bool:
    if not channel.api_token_hash or not token:
        return False
    return hmac.compare_digest(channel.api_token_hash, token_digest(token))
