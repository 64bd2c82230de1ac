"""Writes on products: owner edits, moderation, stock. Views and admin hooks call these."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from catalog.events import send_stock_changed
from catalog.exceptions import InvalidTransition
from catalog.models import Product, ProductImage, ProductStatus, ProductStatusChange, ProductViewDay
from core.audit import audit_record
from core.notifications import notify_email
from registry.models import Business, BusinessStatus

S = ProductStatus
# The product workflow: (from, to) -> who may make the move and the name of the action.
TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (S.DRAFT, S.IN_REVIEW): ("owner", "submit"),
    (S.REJECTED, S.IN_REVIEW): ("owner", "submit"),
    (S.IN_REVIEW, S.DRAFT): ("owner", "withdraw"),  # to keep editing
    (S.IN_REVIEW, S.PUBLISHED): ("staff", "publish"),
    (S.IN_REVIEW, S.REJECTED): ("staff", "reject"),
    (S.PUBLISHED, S.REJECTED): ("staff", "reject"),  # taken down after publication
    (S.DRAFT, S.ARCHIVED): ("owner", "archive"),
    (S.IN_REVIEW, S.ARCHIVED): ("owner", "archive"),
    (S.PUBLISHED, S.ARCHIVED): ("owner", "archive"),
    (S.REJECTED, S.ARCHIVED): ("owner", "archive"),
    (S.ARCHIVED, S.DRAFT): ("owner", "restore"),
}
# Each action's button, in the order they are shown.
ACTION_LABELS = {
    "submit": _lazy("Ajukan"),
    "withdraw": _lazy("Tarik dari moderasi"),
    "publish": _lazy("Tayangkan"),
    "reject": _lazy("Tolak"),
    "archive": _lazy("Arsipkan"),
    "restore": _lazy("Pulihkan"),
}


@dataclass(frozen=True)
class ProductAction:
    name: str
    to: str
    label: str
    needs_reason: bool = False
    primary: bool = False


def product_actions(product: Product, *, by: str) -> list[ProductAction]:
    """The moves `by` ("owner" or "staff") may make with `product` now: what its pages offer,
    and the only ones product_action_take accepts."""
    moves = {name: to for (frm, to), (who, name) in TRANSITIONS.items() if frm == product.status and who == by}
    return [
        ProductAction(
            name,
            moves[name],
            str(ACTION_LABELS[name]),
            needs_reason=name == "reject",
            primary=name in ("submit", "publish"),
        )
        for name in ACTION_LABELS
        if name in moves
    ]


def product_action_take(*, product: Product, action: str, actor, by: str, reason: str = "") -> Product:
    """Makes the move named `action` if it is offered now (a hand-made POST for another one is
    refused with the same error as a move the status no longer allows)."""
    offered = {a.name: a for a in product_actions(product, by=by)}
    if action not in offered:
        raise InvalidTransition()
    return product_transition(product=product, to=offered[action].to, actor=actor, by=by, reason=reason)


# Fields whose change sends a published product back to moderation.
# Every field a buyer sees except stock: free text ("GRATIS ONGKIR! WA 0812…" in the unit) and
# claims (a halal certificate, a shelf life) alike. A new photo does the same (catalog.images).
MODERATED_FIELDS = {
    "name", "description", "category", "price", "unit", "weight_grams", "net_content", "min_order",
    "composition", "ean13", "shelf_life_days", "halal_certification", "pirt_certification", "bpom_certification",
}  # fmt: skip


def unique_product_slug(name: str) -> str:
    base = slugify(name)[:150] or "produk"
    slug = base
    while Product.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


def _check_certifications(product: Product) -> None:
    # Certification references must belong to the product's own business.
    for field in ("halal_certification", "pirt_certification", "bpom_certification"):
        cert = getattr(product, field)
        if cert is not None and cert.business_id != product.business_id:
            setattr(product, field, None)


def product_create(*, business: Business, actor, data: dict) -> Product:
    """A new product starts as a draft; only a verified business may sell."""
    if business.status != BusinessStatus.VERIFIED:
        raise InvalidTransition(_("Hanya usaha terverifikasi yang dapat menambah produk."))
    product = Product(business=business, **data)
    product.slug = unique_product_slug(product.name)
    product.status = S.DRAFT
    _check_certifications(product)
    product.save()
    audit_record(actor=actor, action="product.create", obj=product)
    return product


def product_update(*, product: Product, actor, data: dict) -> Product:
    """Edits by the owner. A published product whose moderated content changes goes back to
    review so that staff see what buyers will see. What changed is read against the stored row:
    a bound ModelForm has already copied the typed values onto `product`."""
    with transaction.atomic():
        stored = Product.objects.select_for_update().get(pk=product.pk)
        changed = {field for field, value in data.items() if getattr(stored, field) != value}
        for field, value in data.items():
            setattr(product, field, value)
        product.status = stored.status
        _check_certifications(product)
        product.save()
        if changed & MODERATED_FIELDS:
            product_back_to_review(product, actor=actor, reason=_("Diubah pemilik, perlu moderasi ulang."))
    audit_record(actor=actor, action="product.update", obj=product, detail={"fields": sorted(changed)})
    return product


def product_back_to_review(product: Product, *, actor, reason: str) -> None:
    """A published product whose content the owner changed waits for moderation again."""
    if product.status == S.PUBLISHED:
        _set_status(product, S.IN_REVIEW, actor=actor, reason=reason)


@transaction.atomic
def product_duplicate(*, product: Product, actor) -> Product:
    """A copy as a new draft (same photos, no stock), for variants of one product."""
    images = list(product.images.all())
    copy = Product.objects.get(pk=product.pk)
    copy.pk = None
    copy.name = _("%(name)s (salinan)") % {"name": product.name}
    copy.name = copy.name[:150]
    copy.slug = unique_product_slug(copy.name)
    copy.status, copy.status_reason = S.DRAFT, ""
    copy.stock, copy.ean13, copy.sku = 0, "", ""
    copy.published_at = copy.submitted_at = copy.moderated_at = None
    copy.moderated_by = None
    copy.is_featured = False
    copy.save()
    ProductImage.objects.bulk_create(
        [
            ProductImage(
                product=copy,
                image_id=i.image_id,
                position=i.position,
                alt_text=i.alt_text,
                renditions_ready=i.renditions_ready,
            )
            for i in images
        ]
    )
    audit_record(actor=actor, action="product.duplicate", obj=copy, detail={"from": product.pk})
    return copy


def _set_status(product: Product, to: str, *, actor, reason: str = "") -> None:
    from_status = product.status
    now = timezone.now()
    product.status = to
    product.status_reason = reason
    fields = ["status", "status_reason", "updated_at"]
    if to == S.IN_REVIEW:
        product.submitted_at = now
        fields.append("submitted_at")
    if to == S.PUBLISHED:
        product.published_at = now
        fields.append("published_at")
    if to in (S.PUBLISHED, S.REJECTED):
        product.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
        product.moderated_at = now
        fields += ["moderated_by", "moderated_at"]
    product.save(update_fields=fields)
    ProductStatusChange.objects.create(
        product=product,
        from_status=from_status,
        to_status=to,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def product_transition(*, product: Product, to: str, actor, by: str, reason: str = "") -> Product:
    """Moves a product along its workflow. `by` is "owner" or "staff"; rejecting needs a
    reason, which the owner sees. The row is locked so two moderators cannot both act."""
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        allowed = TRANSITIONS.get((product.status, to))
        if allowed is None or allowed[0] != by:
            raise InvalidTransition()
        if to == S.REJECTED and not reason.strip():
            raise InvalidTransition(_("Alasan penolakan wajib diisi."))
        if to == S.IN_REVIEW and not product.business.is_verified:
            raise InvalidTransition(_("Usaha belum terverifikasi."))
        _set_status(product, to, actor=actor, reason=reason.strip())
        audit_record(actor=actor, action=f"product.{to}", obj=product, detail={"reason": reason})
    if by == "staff":
        _notify_owner(product)
    return product


def _notify_owner(product: Product) -> None:
    owner = product.business.owner
    notify_email(
        to=owner.email,
        topic="product-moderation",
        subject=_("Produk %(name)s: %(status)s") % {"name": product.name, "status": product.get_status_display()},
        template="core/email/message.txt",
        context={
            "name": owner.display_name,
            "message": _('Status produk "%(name)s" sekarang: %(status)s. %(reason)s')
            % {"name": product.name, "status": product.get_status_display(), "reason": product.status_reason},
        },
    )


def product_set_stock(*, product: Product, actor, stock: int) -> Product:
    Product.objects.filter(pk=product.pk).update(stock=stock, updated_at=timezone.now())
    send_stock_changed([product.pk])
    product.stock = stock
    audit_record(actor=actor, action="product.stock", obj=product, detail={"stock": stock})
    return product


def product_adjust_stock(*, product_id: int, delta: int) -> bool:
    """Atomic conditional change: never below zero. Returns False if there was not enough."""
    qs = Product.objects.filter(pk=product_id)
    if delta < 0:
        qs = qs.filter(stock__gte=-delta)
    changed = qs.update(stock=F("stock") + delta) == 1
    if changed:
        send_stock_changed([product_id])
    return changed


def product_view_record(*, product_id: int, day=None) -> None:
    """Count one view of a published product on `day` (today): an F() increment of the day's
    row, created on the first view (a concurrent first view retries as an update)."""

    day = day or timezone.localdate()
    if ProductViewDay.objects.filter(product_id=product_id, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ProductViewDay.objects.create(product_id=product_id, day=day, count=1)
    except IntegrityError:
        ProductViewDay.objects.filter(product_id=product_id, day=day).update(count=F("count") + 1)
