"""Product photos. The web request reads each photo's header only (format, size, pixel count:
Pillow's Image.open, nothing loaded) against the limits of portal/settings/uploads.py, counts
the pixels of the whole request and of the owner's last hour, and keeps the file as sent in
private media (catalog.PhotoUpload). The Celery worker then decodes it, strips EXIF, fixes the
orientation, downscales and re-encodes it into a Wagtail image (catalog.tasks.
process_photo_upload), and renditions follow (catalog.tasks.make_renditions). Issue 17: eight
40-megapixel PNGs decoded in one request cost 57 s and 579 MB.

Phone photos carry GPS coordinates in EXIF: the stored original is re-encoded from pixels
only, so no metadata survives, and the file as sent is deleted once processed.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.images import get_image_model

from catalog.exceptions import ImageRejected
from catalog.models import PhotoUpload, PhotoUploadStatus, Product, ProductImage
from catalog.services import product_back_to_review
from core.images import ImageHeader, ImageRefused, Refusal, decode_image, inspect_image
from core.notifications import enqueue_on_commit

# MPO is how Pillow names the JPEGs many phones write (a JPEG with a multi-picture index for a
# depth map or a second frame): stored as a plain JPEG of the first frame.
ALLOWED_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_SIDE = 2000  # stored originals are downscaled to this; plenty for a product page
MAX_IMAGES_PER_PRODUCT = 8
BUDGET_WINDOW = timedelta(hours=1)


def _enqueue_on_commit(task_name: str, *args) -> None:
    """Queue a catalog task by its name: catalog.tasks calls into this module, so this module
    does not import it back (no import cycles inside an app, docs/architecture.md)."""
    enqueue_on_commit(current_app.signature(task_name), *args)


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".rstrip("0").rstrip(".")


@dataclass
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int


@dataclass(frozen=True)
class PhotoCandidate:
    """An uploaded file whose header passed the checks; nothing of it decoded yet."""

    upload: object  # a Django UploadedFile
    header: ImageHeader

    @property
    def name(self) -> str:
        return os.path.basename(getattr(self.upload, "name", "") or "") or "foto"


def _pixel_limits() -> dict[str, int]:
    photo = settings.CATALOG_IMAGE_MAX_PIXELS
    return {"JPEG": photo, "MPO": photo, "WEBP": photo, "PNG": settings.CATALOG_IMAGE_MAX_PNG_PIXELS}


def _refusal_message(refused: ImageRefused) -> str:
    header = refused.header
    if refused.reason == Refusal.BOMB:
        return _("Foto ditolak: jumlah piksel terlalu besar (kemungkinan bom dekompresi).")
    if refused.reason == Refusal.FORMAT and header is not None:
        return _("Format %(fmt)s tidak diterima; gunakan JPEG, PNG, atau WebP.") % {"fmt": header.format}
    if refused.reason == Refusal.TOO_MANY_PIXELS and header is not None:
        values = {
            "w": header.width,
            "h": header.height,
            "mp": _megapixels(header.pixels),
            "max": _megapixels(_pixel_limits()[header.format]),
        }
        if header.format == "PNG":
            return (
                _(
                    "Foto PNG ditolak: %(w)s×%(h)s piksel (%(mp)s megapiksel) melebihi batas %(max)s megapiksel "
                    "untuk PNG. Kamera ponsel menyimpan foto sebagai JPEG; unggah foto aslinya."
                )
                % values
            )
        return (
            _(
                "Foto ditolak: %(w)s×%(h)s piksel (%(mp)s megapiksel) melebihi batas %(max)s megapiksel, "
                "lebih besar dari foto kamera ponsel."
            )
            % values
        )
    if refused.reason == Refusal.TOO_LONG and header is not None:
        return _(
            "Foto ditolak: %(w)s×%(h)s piksel, sisi terpanjang melebihi batas %(max)s piksel (lebih panjang dari "
            "foto kamera ponsel)."
        ) % {"w": header.width, "h": header.height, "max": settings.CATALOG_IMAGE_MAX_SIDE}
    return _("File ini bukan foto JPEG, PNG, atau WebP.")


def photo_inspect(upload) -> PhotoCandidate:
    """The checks a web request makes on one uploaded file: its size in bytes and its header
    (format, pixels, longest side). Decodes no pixel; raises ImageRejected with a message."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    max_bytes = settings.CATALOG_IMAGE_MAX_BYTES
    if size > max_bytes:
        raise ImageRejected(
            _("Ukuran foto %(size)s MB, maksimal %(max)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "max": max_bytes // 1024 // 1024}
        )
    upload.seek(0)
    try:
        header = inspect_image(
            upload, formats=ALLOWED_FORMATS, max_pixels=_pixel_limits(), max_side=settings.CATALOG_IMAGE_MAX_SIDE
        )
    except ImageRefused as refused:
        raise ImageRejected(_refusal_message(refused)) from refused
    return PhotoCandidate(upload=upload, header=header)


def owner_upload_pixels(owner, *, now: datetime | None = None) -> int:
    """Pixels of every photo the owner sent within the last hour (refused ones included)."""
    since = (now or timezone.now()) - BUDGET_WINDOW
    total = PhotoUpload.objects.filter(owner=owner, created_at__gt=since).aggregate(total=Sum("pixels"))["total"]
    return total or 0


def _budget_frees_at(owner, *, needed: int, now: datetime) -> datetime:
    """When enough of the last hour's uploads have aged out of the window for `needed` pixels."""
    limit = settings.CATALOG_UPLOAD_MAX_PIXELS_PER_HOUR
    recent = list(
        PhotoUpload.objects.filter(owner=owner, created_at__gt=now - BUDGET_WINDOW)
        .order_by("created_at")
        .values_list("created_at", "pixels")
    )
    used = sum(pixels for _at, pixels in recent)
    for created_at, pixels in recent:
        used -= pixels
        if used + needed <= limit:
            return created_at + BUDGET_WINDOW
    return now + BUDGET_WINDOW


def photo_budget_check(*, owner, candidates: list[PhotoCandidate], now: datetime | None = None) -> None:
    """The pixels of one request's photos, alone and added to the owner's last hour, within the
    limits; raises ImageRejected saying which limit and when to try again."""
    if not candidates:
        return
    now = now or timezone.now()
    requested = sum(candidate.header.pixels for candidate in candidates)
    per_request = settings.CATALOG_UPLOAD_MAX_PIXELS_PER_REQUEST
    if requested > per_request:
        raise ImageRejected(
            _(
                "Foto-foto ini berjumlah %(mp)s megapiksel, melebihi batas %(max)s megapiksel sekali kirim. "
                "Kirim sebagian dulu, sisanya pada penyimpanan berikutnya."
            )
            % {"mp": _megapixels(requested), "max": _megapixels(per_request)}
        )
    per_hour = settings.CATALOG_UPLOAD_MAX_PIXELS_PER_HOUR
    used = owner_upload_pixels(owner, now=now)
    if used + requested > per_hour:
        frees_at = timezone.localtime(_budget_frees_at(owner, needed=requested, now=now))
        raise ImageRejected(
            _(
                "Batas unggah foto tercapai: %(used)s dari %(max)s megapiksel dalam satu jam terakhir, foto ini "
                "%(mp)s megapiksel. Coba lagi setelah pukul %(time)s."
            )
            % {
                "used": _megapixels(used),
                "max": _megapixels(per_hour),
                "mp": _megapixels(requested),
                "time": time_format(frees_at, "H.i"),
            }
        )


def photos_held(product: Product) -> int:
    """Photos a product has or will have: stored ones and those the worker is processing."""
    return product.images.count() + product.photo_uploads.filter(status=PhotoUploadStatus.PROCESSING).count()


def photo_uploads_accept(*, product: Product, candidates: list[PhotoCandidate], actor) -> list[PhotoUpload]:
    """Keeps the files as sent (private media) and queues their processing after commit. The
    owner's row is locked while the budget is checked again, so two requests at once cannot
    both spend the same hour's pixels. An owner's new photo on a published product sends it
    back to review at once: buyers see only photos staff have seen."""
    if not candidates:
        return []
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
        locked = Product.objects.select_for_update().get(pk=product.pk)
        photo_budget_check(owner=actor, candidates=candidates)
        if photos_held(locked) + len(candidates) > MAX_IMAGES_PER_PRODUCT:
            raise ImageRejected(_("Maksimal %(n)s foto per produk.") % {"n": MAX_IMAGES_PER_PRODUCT})
        uploads = []
        for candidate in candidates:
            header = candidate.header
            upload = PhotoUpload(
                owner=actor,
                product=locked,
                original_name=candidate.name[:255],
                image_format=header.format,
                width=header.width,
                height=header.height,
                pixels=header.pixels,
                alt_text=product.name[:200],
            )
            candidate.upload.seek(0)
            # A random name: the owner's file name stays in original_name, never in a path.
            upload.file.save(f"{os.urandom(12).hex()}.{ALLOWED_FORMATS[header.format]}", candidate.upload, save=False)
            upload.save()
            uploads.append(upload)
            _enqueue_on_commit("catalog.tasks.process_photo_upload", upload.pk)
        product_back_to_review(locked, actor=actor, reason=_("Foto baru, perlu moderasi ulang."))
    return uploads


def clean_image(data, image_format: str) -> CleanImage:
    """Decodes, strips and re-encodes one photo (the worker's part): upright by its EXIF
    orientation, at most MAX_SIDE a side, pixels only. Raises ImageRejected."""
    try:
        image = decode_image(data, fit=MAX_SIDE)
    except ImageRefused as refused:
        # The header was fine; the pixels behind it are not.
        raise ImageRejected(_("Foto rusak atau tidak dapat dibaca.")) from refused
    fmt = "JPEG" if image_format == "MPO" else image_format
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    # Rebuild from pixels only: no EXIF, XMP, text chunks or other metadata survive.
    if fmt == "JPEG" or (fmt == "WEBP" and image.mode not in ("RGB", "RGBA")):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    clean = PILImage.new(image.mode, image.size)
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    clean.paste(image)
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, "WEBP", quality=85)
    return CleanImage(content=out.getvalue(), extension=ALLOWED_FORMATS[fmt], width=clean.width, height=clean.height)


def clean_upload(upload) -> CleanImage:
    """Header checks and clean-up of one file at once, for callers that hold the file and are
    not a web request (seeding, benchmarks, tests); raises ImageRejected."""
    candidate = photo_inspect(upload)
    candidate.upload.seek(0)
    return clean_image(candidate.upload, candidate.header.format)


def photo_upload_refuse(*, upload_id: int, reason: str) -> PhotoUpload | None:
    """Marks a photo still being processed as refused, with the reason the owner sees."""
    with transaction.atomic():
        upload = PhotoUpload.objects.select_for_update().filter(pk=upload_id).first()
        if upload is None or upload.status != PhotoUploadStatus.PROCESSING:
            return upload
        upload.status, upload.refusal_reason = PhotoUploadStatus.REFUSED, str(reason)[:300]
        upload.processed_at = timezone.now()
        _drop_file_on_commit(upload)
        upload.save(update_fields=["status", "refusal_reason", "processed_at", "file"])
    return upload


def _drop_file_on_commit(upload: PhotoUpload) -> None:
    name, storage = upload.file.name, upload.file.storage
    upload.file = ""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def photo_upload_process(*, upload_id: int) -> PhotoUpload | None:
    """The worker's part of an upload: decoded and re-encoded into a ProductImage, or refused
    with the reason the owner sees. Idempotent: an upload already processed is left alone."""
    upload = PhotoUpload.objects.filter(pk=upload_id, status=PhotoUploadStatus.PROCESSING).first()
    if upload is None:
        return None
    if upload.product_id is None or not upload.file:
        return photo_upload_refuse(upload_id=upload_id, reason=_("Foto tidak dapat diproses; unggah lagi."))
    try:
        with upload.file.open("rb") as source:
            clean = clean_image(source, upload.image_format)
    except ImageRejected as exc:
        return photo_upload_refuse(upload_id=upload_id, reason=exc.message)
    try:
        with transaction.atomic():
            locked = PhotoUpload.objects.select_for_update().get(pk=upload_id)
            if locked.status != PhotoUploadStatus.PROCESSING:
                return locked  # another run of the task finished it meanwhile
            # With the owner as actor: a product staff approved while this photo was processing
            # goes back to review now that there is a photo to see.
            product_image = product_image_add(
                product=locked.product, clean=clean, alt_text=locked.alt_text, actor=locked.owner
            )
            locked.status, locked.product_image = PhotoUploadStatus.READY, product_image
            locked.processed_at = timezone.now()
            _drop_file_on_commit(locked)
            locked.save(update_fields=["status", "product_image", "processed_at", "file"])
    except ImageRejected as exc:
        return photo_upload_refuse(upload_id=upload_id, reason=exc.message)
    return locked


def product_image_add(*, product: Product, clean: CleanImage, alt_text: str = "", actor=None) -> ProductImage:
    """Stores a cleaned photo as a Wagtail image and queues its renditions after commit. An
    owner's new photo (`actor` given) on a published product sends it back to review: buyers
    see only photos staff have seen."""

    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        count = locked.images.count()
        if count >= MAX_IMAGES_PER_PRODUCT:
            raise ImageRejected(_("Maksimal %(n)s foto per produk.") % {"n": MAX_IMAGES_PER_PRODUCT})
        image = get_image_model()(title=product.name[:255], width=clean.width, height=clean.height)
        image.file.save(
            f"{slugify(product.name)[:60] or 'produk'}.{clean.extension}", ContentFile(clean.content), save=False
        )
        image.width, image.height = clean.width, clean.height  # file.save() resets them
        image._set_image_file_metadata()
        image.save()
        product_image = ProductImage.objects.create(
            product=product, image=image, position=count, alt_text=alt_text[:200] or product.name[:200]
        )
        if actor is not None:
            product_back_to_review(locked, actor=actor, reason=_("Foto baru, perlu moderasi ulang."))
        _enqueue_on_commit("catalog.tasks.make_renditions", product_image.pk)
    return product_image


def product_image_remove(*, product_image: ProductImage) -> None:
    image = product_image.image
    product_image.delete()
    # Duplicated products may share the Wagtail image; keep it while it is still used.
    if not ProductImage.objects.filter(image=image).exists():
        image.delete()
