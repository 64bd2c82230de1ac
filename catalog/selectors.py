"""Reads of the catalogue: the product page, product ids for lists of cards, owners' and
buyers' lists, dashboard aggregates. The public listing (/produk/, /api/v1/products/) is
answered by the search interface (search.listing), which sits above this app."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from wagtail.images import get_image_model

from catalog.models import (
    RENDITION_SPECS,
    Category,
    Order,
    OrderStatus,
    PaymentStatus,
    PhotoUpload,
    PhotoUploadStatus,
    Product,
    ProductImage,
    ProductStatus,
    ProductViewDay,
)
from core.identifiers import whatsapp_url
from registry.models import BusinessStatus, Certification, OwnerProfile

# Certification kind (the catalogue's `certification` parameter) → the Product field holding it.
CERTIFICATION_FIELDS = {
    "halal": "halal_certification",
    "pirt": "pirt_certification",
    "bpom": "bpom_certification",
}


def published_products() -> QuerySet[Product]:
    return Product.objects.filter(
        status=ProductStatus.PUBLISHED, business__status=BusinessStatus.VERIFIED
    ).select_related("business", "business__kecamatan", "category")


def images_prefetch(lookup: str = "images") -> Prefetch:
    """Images with only the renditions we make, so templates never trigger a query per item."""
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        lookup,
        queryset=ProductImage.objects.select_related("image").prefetch_related(
            Prefetch("image__renditions", queryset=rendition_model.objects.filter(filter_spec__in=RENDITION_SPECS))
        ),
    )


def product_detail_queryset() -> QuerySet[Product]:
    # Certifications and the owner's contact are read separately (with_certifications,
    # owner_contact): joined in, the select had 11 tables and PostgreSQL spent ~4 ms planning it.
    return published_products().select_related("business__desa", "category__parent").prefetch_related(images_prefetch())


def with_certifications(product: Product) -> Product:
    """Loads the product's halal/PIRT/BPOM certifications in one query (none when it has none)."""
    ids = {name: getattr(product, f"{name}_id") for name in CERTIFICATION_FIELDS.values()}
    found = Certification.objects.in_bulk([pk for pk in ids.values() if pk]) if any(ids.values()) else {}
    for name, pk in ids.items():
        setattr(product, name, found.get(pk))
    return product


def owner_contact(business) -> OwnerProfile | None:
    """The owner's profile for the WhatsApp button (one query, not joined through the user)."""
    return OwnerProfile.objects.filter(user_id=business.owner_id).first()


def seller_whatsapp_urls(orders, text: str) -> dict[int, str]:
    """business id → WhatsApp link for sellers who show one, in one query for all the orders."""
    businesses = {order.business_id: order.business for order in orders}
    profiles = OwnerProfile.objects.filter(
        user_id__in=[b.owner_id for b in businesses.values()], allows_whatsapp_contact=True
    ).exclude(phone="")
    phone_by_owner = {profile.user_id: profile.phone for profile in profiles}
    return {
        pk: whatsapp_url(phone_by_owner[b.owner_id], text)
        for pk, b in businesses.items()
        if b.owner_id in phone_by_owner
    }


# Lists shown as product cards return ids: the cards come from catalog.fragments (cached).


def related_product_ids(product: Product, limit: int = 4) -> list[int]:
    return list(
        _published_ids()
        .filter(category_id=product.category_id)
        .exclude(pk=product.pk)
        .order_by("-published_at", "-pk")[:limit]
    )


def business_product_ids(business_id: int, limit: int = 12) -> list[int]:
    return list(_published_ids().filter(business_id=business_id).order_by("-published_at", "-pk")[:limit])


def featured_product_ids(limit: int = 8) -> list[int]:
    return list(_published_ids().order_by("-is_featured", "-published_at", "-pk")[:limit])


def popular_product_ids(limit: int = 4, days: int = 30) -> list[int]:
    """The most viewed published products of the last `days`, topped up with featured and
    newest ones (a new catalogue has no views yet)."""
    since = timezone.localdate() - timedelta(days=days)
    ids = list(
        published_products()
        .filter(view_days__day__gte=since)
        .annotate(views=Sum("view_days__count"))
        .order_by("-views", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    if len(ids) < limit:
        ids += [pk for pk in featured_product_ids(limit * 2) if pk not in ids][: limit - len(ids)]
    return ids


def _published_ids() -> QuerySet:
    return published_products().values_list("pk", flat=True)  # values_list drops the joins


# How long an owner keeps seeing a photo the worker refused, with the reason, on the product.
REFUSED_UPLOAD_SHOWN = timedelta(days=7)


def owner_products(user) -> QuerySet[Product]:
    return (
        Product.objects.filter(business__owner=user)
        .select_related("business", "category")
        .prefetch_related(
            images_prefetch(),
            Prefetch(
                "photo_uploads",
                queryset=PhotoUpload.objects.filter(status=PhotoUploadStatus.PROCESSING),
                to_attr="photos_processing",
            ),
        )
        .order_by("-updated_at", "-pk")
    )


def product_photo_uploads(product: Product) -> list[PhotoUpload]:
    """What the owner sees of the photos not (yet) on the product: those being processed, and
    those the worker refused in the last days with the reason."""
    recent = timezone.now() - REFUSED_UPLOAD_SHOWN
    return list(
        product.photo_uploads.filter(
            Q(status=PhotoUploadStatus.PROCESSING) | Q(status=PhotoUploadStatus.REFUSED, processed_at__gt=recent)
        ).order_by("created_at", "pk")
    )


def category_choices() -> QuerySet[Category]:
    return Category.objects.select_related("parent").order_by("position", "name")


def seller_orders(user) -> QuerySet[Order]:
    return (
        Order.objects.filter(business__owner=user)
        .select_related("business", "checkout", "checkout__kecamatan", "checkout__desa")
        .prefetch_related("items")
        .order_by("-created_at", "-pk")
    )


def buyer_orders(user) -> QuerySet[Order]:
    return (
        Order.objects.filter(checkout__buyer=user)
        .select_related("business", "checkout")
        .prefetch_related("items")
        .order_by("-created_at", "-pk")
    )


# --- Dashboard aggregates ---------------------------------------------------------------------


def has_published_product():
    """Condition on Business: it has a published product (EXISTS probes the business's few
    products by index; faster here than hashing every published product)."""
    return Exists(Product.objects.filter(business=OuterRef("pk"), status=ProductStatus.PUBLISHED))


def paid_orders(filters):
    """Orders paid in the filter's period (not cancelled or refunded since) of the filtered businesses."""
    return Order.objects.filter(
        filters.period_q("checkout__paid_at"),
        filters.business_q("business__"),
        checkout__payment_status=PaymentStatus.PAID,
    ).exclude(status=OrderStatus.CANCELLED)


def orders_by_month(filters) -> list[dict]:
    """[{month, n, sales, businesses}]: paid orders, their subtotal (Rp) and how many sellers."""
    return list(
        paid_orders(filters)
        .annotate(month=TruncMonth("checkout__paid_at"))
        .values("month")
        .annotate(n=Count("pk"), sales=Sum("subtotal"), businesses=Count("business", distinct=True))
        .order_by("month")
    )


def owner_daily_activity(user, *, days: int = 30) -> list[dict]:
    """The owner's own products: page views and paid orders per day for the last `days` days."""
    today = timezone.localdate()
    since = today - timedelta(days=days - 1)
    views = dict(
        ProductViewDay.objects.filter(product__business__owner=user, day__gte=since)
        .values("day")
        .annotate(n=Sum("count"))
        .values_list("day", "n")
    )
    orders = dict(
        Order.objects.filter(
            business__owner=user, checkout__payment_status=PaymentStatus.PAID, checkout__paid_at__date__gte=since
        )
        .exclude(status=OrderStatus.CANCELLED)
        .annotate(day=TruncDate("checkout__paid_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    return [
        {
            "day": since + timedelta(days=i),
            "views": views.get(since + timedelta(days=i), 0) or 0,
            "orders": orders.get(since + timedelta(days=i), 0),
        }
        for i in range(days)
    ]
