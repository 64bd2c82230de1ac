"""Product photos: validated with Pillow, EXIF stripped, orientation fixed, stored as Wagtail
images; renditions are made later by Celery (catalog.tasks.make_renditions).

Phone photos carry GPS coordinates in EXIF: the stored original is re-encoded from pixels
only, so no metadata survives. Limits are checked on the header before any pixel is decoded,
so a decompression bomb is refused without being expanded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.images import get_image_model

from catalog.exceptions import ImageRejected
from catalog.models import Product, ProductImage
from catalog.services import product_back_to_review
from catalog.tasks import make_renditions
from core.images import ImageRefused, Refusal, decode_image, inspect_image
from core.notifications import enqueue_on_commit

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = getattr(settings, "CATALOG_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
MAX_PIXELS = getattr(settings, "CATALOG_IMAGE_MAX_PIXELS", 40_000_000)
MAX_SIDE = 2000  # stored originals are downscaled to this; plenty for a product page
MAX_IMAGES_PER_PRODUCT = 8


@dataclass
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int


def _refusal_message(refused: ImageRefused) -> str:
    header = refused.header
    if refused.reason == Refusal.BOMB:
        return _("Foto ditolak: jumlah piksel terlalu besar (kemungkinan bom dekompresi).")
    if refused.reason == Refusal.FORMAT and header is not None:
        return _("Format %(fmt)s tidak diterima; gunakan JPEG, PNG, atau WebP.") % {"fmt": header.format}
    if refused.reason == Refusal.TOO_MANY_PIXELS and header is not None:
        return _("Foto ditolak: %(w)s×%(h)s piksel melebihi batas %(max)s megapiksel (kemungkinan bom dekompresi).") % {
            "w": header.width,
            "h": header.height,
            "max": MAX_PIXELS // 1_000_000,
        }
    return _("File ini bukan foto JPEG, PNG, atau WebP.")


def clean_upload(upload) -> CleanImage:
    """Checks and re-encodes one uploaded file; raises ImageRejected with a message for the user."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > MAX_BYTES:
        raise ImageRejected(
            _("Ukuran foto %(size)s MB, maksimal %(max)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
        )
    upload.seek(0)
    data = upload.read()
    try:
        header = inspect_image(data, formats=ALLOWED_FORMATS, max_pixels=MAX_PIXELS)
    except ImageRefused as refused:
        raise ImageRejected(_refusal_message(refused)) from refused
    try:
        image = decode_image(data)
    except ImageRefused as refused:
        # The header was fine; the pixels behind it are not.
        raise ImageRejected(_("Foto rusak atau tidak dapat dibaca.")) from refused
    fmt = header.format
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
        enqueue_on_commit(make_renditions, product_image.pk)
    return product_image


def product_image_remove(*, product_image: ProductImage) -> None:
    image = product_image.image
    product_image.delete()
    # Duplicated products may share the Wagtail image; keep it while it is still used.
    if not ProductImage.objects.filter(image=image).exists():
        image.delete()
