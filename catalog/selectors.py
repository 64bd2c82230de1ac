"""Reads of the catalogue. `product_listing` is the one entry point for the public list page
and the API: it takes validated parameters and returns a page of products plus facets, so a
search backend can later answer the same call (see docs/catalog.md)."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from catalog.models import (
    RENDITION_SPECS,
    Category,
    Order,
    Product,
    ProductImage,
    ProductStatus,
)
from core.identifiers import whatsapp_url
from core.page_cache import kept_with_catalogue
from core.rupiah import format_rupiah
from registry.models import BusinessStatus, Certification, OwnerProfile, Region

SORTS = ("relevance", "newest", "price_asc", "price_desc")
CERTIFICATIONS = {
    "halal": "halal_certification",
    "pirt": "pirt_certification",
    "bpom": "bpom_certification",
}
# Price facet buckets in rupiah: (key, min inclusive, max exclusive or None).
PRICE_BUCKETS = (
    ("0-25000", 0, 25_000),
    ("25000-100000", 25_000, 100_000),
    ("100000-500000", 100_000, 500_000),
    ("500000-", 500_000, None),
)
MAX_PER_PAGE = 48
# Bounded pagination: the list goes at most this deep (as the search backends do); past it a
# visitor narrows the filters. Deep OFFSETs stay an index walk of at most this many rows.
MAX_LISTING_WINDOW = 2_400


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


# Query-string numbers are clamped: a page or price beyond PostgreSQL's integer range made the
# listing query fail ("bigint out of range") instead of answering with an empty page.
MAX_QUERY_INT = 2**31 - 1


def _int_or_none(value) -> int | None:
    try:
        number = int(str(value).replace(".", "").strip()[:20])
    except (TypeError, ValueError):
        return None
    return min(number, MAX_QUERY_INT) if number >= 0 else None


@dataclass
class ListingParams:
    q: str = ""
    category: str = ""
    kecamatan: str = ""
    certification: list[str] = field(default_factory=list)
    price_min: int | None = None
    price_max: int | None = None
    business: int | None = None
    sort: str = ""
    page: int = 1
    per_page: int = 24

    @classmethod
    def from_querydict(cls, data, *, per_page: int = 24) -> "ListingParams":
        """Unknown or malformed values are dropped rather than failing: a listing URL should
        always show something."""
        raw_getlist = data.getlist if hasattr(data, "getlist") else (lambda k: [data[k]] if k in data else [])
        # NUL characters cannot be stored or compared in PostgreSQL text: drop them from input.
        data = {key: str(value).replace("\x00", "") for key, value in data.items()}

        def getlist(key):
            return [str(value).replace("\x00", "") for value in raw_getlist(key)]

        certs = [c for value in getlist("certification") for c in str(value).split(",") if c in CERTIFICATIONS]
        sort = data.get("sort", "")
        q = str(data.get("q", "")).strip()[:100]
        if sort not in SORTS:
            sort = "relevance" if q else "newest"
        if sort == "relevance" and not q:
            sort = "newest"
        price = str(data.get("price", ""))
        price_min, price_max = _int_or_none(data.get("price_min")), _int_or_none(data.get("price_max"))
        for key, low, high in PRICE_BUCKETS:
            if price == key:
                price_min, price_max = low, (high - 1 if high else None)
        requested = _int_or_none(data.get("per_page")) or per_page
        return cls(
            q=q, category=str(data.get("category", ""))[:90], kecamatan=str(data.get("kecamatan", ""))[:13],
            certification=sorted(set(certs)), price_min=price_min, price_max=price_max,
            business=_int_or_none(data.get("business")), sort=sort,
            page=max(_int_or_none(data.get("page")) or 1, 1), per_page=max(1, min(requested, MAX_PER_PAGE)),
        )

    def as_dict(self) -> dict:
        return asdict(self)

    def query(self, **changes) -> str:
        """The listing's query string with `changes` applied (None or [] drops a filter), page reset."""
        values = {**self.as_dict(), "page": 1, **changes}
        pairs = [(key, values[key]) for key in ("q", "category", "kecamatan", "business", "price_min", "price_max")
                 if values[key] not in ("", None)]
        pairs += [("certification", cert) for cert in values["certification"]]
        if values["sort"] and values["sort"] != ("relevance" if values["q"] else "newest"):
            pairs.append(("sort", values["sort"]))
        return urlencode(pairs)


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    remove_query: str  # the listing without this filter


def active_filters(params: ListingParams, facets: dict) -> list[ActiveFilter]:
    """The filters in force, each with the link that drops it, for the chips above the results."""
    def label(facet: str, value) -> str | None:
        return next((f["label"] for f in facets.get(facet, []) if f["value"] == value), None)

    chips = []
    if params.category:
        # A facet with no results left has no label: read the name (one query, only then).
        name = label("category", params.category) or Category.objects.filter(
            slug=params.category).values_list("name", flat=True).first() or params.category
        chips.append(ActiveFilter(name, params.query(category="")))
    if params.kecamatan:
        name = label("kecamatan", params.kecamatan) or Region.objects.filter(
            code=params.kecamatan).values_list("name", flat=True).first() or params.kecamatan
        chips.append(ActiveFilter(_("Kec. %(name)s") % {"name": name}, params.query(kecamatan="")))
    for cert in params.certification:
        chips.append(ActiveFilter(label("certification", cert) or cert.upper(),
                                  params.query(certification=[c for c in params.certification if c != cert])))
    if params.price_min is not None or params.price_max is not None:
        low, high = params.price_min or 0, params.price_max
        # A bucket reads as the filter shows it ("Rp 25.000 – Rp 100.000"), a typed range as typed.
        bucket = next((b for b in PRICE_BUCKETS if b[1] == low and (b[2] - 1 if b[2] else None) == high), None)
        high = bucket[2] if bucket else high
        text = f"{format_rupiah(low)} – {format_rupiah(high)}" if high is not None else f"≥ {format_rupiah(low)}"
        chips.append(ActiveFilter(text, params.query(price_min=None, price_max=None)))
    return chips


@dataclass
class ListingResult:
    page: object  # django.core.paginator.Page of Product
    facets: dict
    params: ListingParams
    total: int


def _filters(params: ListingParams, *, skip: str = "") -> Q:
    q = Q()
    if params.q:
        for word in params.q.split()[:8]:
            q &= Q(name__icontains=word) | Q(description__icontains=word) | Q(business__name__icontains=word)
    if params.category and skip != "category":
        q &= Q(category__slug=params.category) | Q(category__parent__slug=params.category)
    if params.kecamatan and skip != "kecamatan":
        q &= Q(business__kecamatan_id=params.kecamatan)
    if skip != "certification":
        for cert in params.certification:
            q &= Q(**{f"{CERTIFICATIONS[cert]}__isnull": False})
    if skip != "price":
        if params.price_min is not None:
            q &= Q(price__gte=params.price_min)
        if params.price_max is not None:
            q &= Q(price__lte=params.price_max)
    if params.business:
        q &= Q(business_id=params.business)
    return q


def _facets(params: ListingParams, *, total: bool = False) -> dict:
    """Counts per facet value; each facet ignores its own filter so other choices stay visible.
    With total=True also "total" (the number of matching products); the total, certification
    and price counts share one query when neither a certification nor a price is chosen."""
    base = Product.objects.filter(status=ProductStatus.PUBLISHED, business__status=BusinessStatus.VERIFIED)
    categories = (
        base.filter(_filters(params, skip="category"))
        .values("category__slug", "category__name").annotate(count=Count("pk")).order_by("category__name")
    )
    kecamatan = (
        base.filter(_filters(params, skip="kecamatan"))
        .values("business__kecamatan_id", "business__kecamatan__name").annotate(count=Count("pk"))
        .order_by("business__kecamatan__name")
    )
    cert_aggregates = {
        key: Count("pk", filter=Q(**{f"{fieldname}__isnull": False})) for key, fieldname in CERTIFICATIONS.items()
    }
    price_aggregates = {}
    for key, low, high in PRICE_BUCKETS:
        condition = Q(price__gte=low) & (Q(price__lt=high) if high else Q())
        price_aggregates[f"p{len(price_aggregates)}"] = Count("pk", filter=condition)
    if not params.certification and params.price_min is None and params.price_max is None:
        # Skipping either filter changes nothing: one pass over the rows answers all three.
        extra = {"total": Count("pk")} if total else {}
        cert_counts = price_counts = base.filter(_filters(params)).aggregate(
            **cert_aggregates, **price_aggregates, **extra)
    else:
        cert_counts = base.filter(_filters(params, skip="certification")).aggregate(**cert_aggregates)
        price_counts = base.filter(_filters(params, skip="price")).aggregate(**price_aggregates)
        if total:
            price_counts["total"] = base.filter(_filters(params)).count()
    return {
        **({"total": price_counts["total"]} if total else {}),
        "category": [
            {"value": row["category__slug"], "label": row["category__name"], "count": row["count"],
             "selected": row["category__slug"] == params.category}
            for row in categories
        ],
        "kecamatan": [
            {"value": row["business__kecamatan_id"], "label": row["business__kecamatan__name"],
             "count": row["count"], "selected": row["business__kecamatan_id"] == params.kecamatan}
            for row in kecamatan if row["business__kecamatan_id"]
        ],
        "certification": [
            {"value": key, "label": key.upper() if key != "pirt" else "P-IRT", "count": cert_counts[key],
             "selected": key in params.certification}
            for key in CERTIFICATIONS
        ],
        "price": [
            {"value": key, "min": low, "max": high, "count": price_counts[f"p{i}"],
             "selected": params.price_min == low and params.price_max == (high - 1 if high else None)}
            for i, (key, low, high) in enumerate(PRICE_BUCKETS)
        ],
    }


# The search app sits a layer above the catalogue (docs/architecture.md), so the catalogue does
# not import it: search.apps registers its answer to text queries here at start-up.
_text_listing: Callable[..., ListingResult] | None = None


def register_text_listing(func: Callable[..., ListingResult]) -> None:
    global _text_listing
    _text_listing = func


def product_listing(params: ListingParams, *, with_facets: bool = True, ids_only: bool = False,
                    relax: bool = False) -> ListingResult:
    """The database implementation of the catalogue query (text, filters, facets, sort, page).
    With `ids_only` (and no text) the page holds product ids, for pages that show cards
    (catalog.fragments); text searches always give products, with the matched words marked.
    With `relax`, a text query that finds nothing is relaxed (search.service; the page)."""
    if params.q:
        # Text goes through the search interface (Elasticsearch or database backend, typo
        # tolerant, with highlights; docs/search.md), which registered itself at start-up.
        if _text_listing is None:
            raise ImproperlyConfigured("No text listing registered: is the search app installed?")
        return _text_listing(params, with_facets=with_facets, relax=relax)
    if ids_only:
        qs = _published_ids().filter(_filters(params))
    else:
        qs = published_products().filter(_filters(params)).prefetch_related(images_prefetch())
    # Text went to the search interface above, so "relevance" sorts newest first here.
    if params.sort == "price_asc":
        qs = qs.order_by("price", "pk")  # both directions walk the index product_pub_price
    elif params.sort == "price_desc":
        qs = qs.order_by("-price", "-pk")
    else:
        qs = qs.order_by("-published_at", "-pk")
    summary = listing_summary(params, with_facets=with_facets)
    total = summary.pop("total")
    paginator = BoundedPaginator(qs, params.per_page, count=total)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return ListingResult(page=page, facets=summary, params=params, total=total)


class BoundedPaginator(Paginator):
    """Pages over at most MAX_LISTING_WINDOW rows, with the row count given (from the cached
    listing summary) instead of a COUNT(*) per request."""

    def __init__(self, object_list, per_page, *, count: int, window: int = MAX_LISTING_WINDOW):
        super().__init__(object_list, per_page)
        self._total, self.window = count, window

    @property
    def count(self) -> int:
        return min(self._total, self.window)

    @property
    def is_truncated(self) -> bool:
        return self._total > self.window


def listing_summary(params: ListingParams, *, with_facets: bool = True) -> dict:
    """{"total": n, **facets} for the filters of params (not the page or the sort), from the
    cache when the catalogue has not changed since it was counted."""
    filters = {k: v for k, v in params.as_dict().items() if k not in ("page", "per_page", "sort")}
    key = "catalog:summary:%s" % hashlib.sha256(repr((with_facets, sorted(filters.items()))).encode()).hexdigest()

    def count() -> dict:
        if with_facets:
            return _facets(params, total=True)
        return {"total": published_products().filter(_filters(params)).count()}

    return dict(kept_with_catalogue(key, count, settings.CATALOG_SUMMARY_SECONDS))


def product_detail_queryset() -> QuerySet[Product]:
    # Certifications and the owner's contact are read separately (with_certifications,
    # owner_contact): joined in, the select had 11 tables and PostgreSQL spent ~4 ms planning it.
    return published_products().select_related("business__desa", "category__parent").prefetch_related(
        images_prefetch())


def with_certifications(product: Product) -> Product:
    """Loads the product's halal/PIRT/BPOM certifications in one query (none when it has none)."""
    ids = {name: getattr(product, f"{name}_id") for name in CERTIFICATIONS.values()}
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
    profiles = OwnerProfile.objects.filter(user_id__in=[b.owner_id for b in businesses.values()],
                                           allows_whatsapp_contact=True).exclude(phone="")
    phone_by_owner = {profile.user_id: profile.phone for profile in profiles}
    return {pk: whatsapp_url(phone_by_owner[b.owner_id], text) for pk, b in businesses.items()
            if b.owner_id in phone_by_owner}


# Lists shown as product cards return ids: the cards come from catalog.fragments (cached).

def related_product_ids(product: Product, limit: int = 4) -> list[int]:
    return list(
        _published_ids().filter(category_id=product.category_id).exclude(pk=product.pk)
        .order_by("-published_at", "-pk")[:limit]
    )


def business_product_ids(business_id: int, limit: int = 12) -> list[int]:
    return list(_published_ids().filter(business_id=business_id).order_by("-published_at", "-pk")[:limit])


def featured_product_ids(limit: int = 8) -> list[int]:
    return list(_published_ids().order_by("-is_featured", "-published_at", "-pk")[:limit])


def popular_product_ids(limit: int = 4, days: int = 30) -> list[int]:
    """The most viewed published products of the last `days`, topped up with featured and
    newest ones (a new catalogue has no views yet)."""
    from datetime import timedelta

    from django.db.models import Sum
    from django.utils import timezone

    since = timezone.localdate() - timedelta(days=days)
    ids = list(
        published_products().filter(view_days__day__gte=since).annotate(views=Sum("view_days__count"))
        .order_by("-views", "-pk").values_list("pk", flat=True)[:limit]
    )
    if len(ids) < limit:
        ids += [pk for pk in featured_product_ids(limit * 2) if pk not in ids][:limit - len(ids)]
    return ids


def _published_ids() -> QuerySet:
    return published_products().values_list("pk", flat=True)  # values_list drops the joins


def owner_products(user) -> QuerySet[Product]:
    return (
        Product.objects.filter(business__owner=user).select_related("business", "category")
        .prefetch_related(images_prefetch()).order_by("-updated_at", "-pk")
    )


def category_choices() -> QuerySet[Category]:
    return Category.objects.select_related("parent").order_by("position", "name")


def seller_orders(user) -> QuerySet[Order]:
    return (
        Order.objects.filter(business__owner=user).select_related("business", "checkout", "checkout__kecamatan", "checkout__desa")
        .prefetch_related("items").order_by("-created_at", "-pk")
    )


def buyer_orders(user) -> QuerySet[Order]:
    return (
        Order.objects.filter(checkout__buyer=user).select_related("business", "checkout")
        .prefetch_related("items").order_by("-created_at", "-pk")
    )


# --- Dashboard aggregates ---------------------------------------------------------------------

def has_published_product():
    """Condition on Business: it has a published product (EXISTS probes the business's few
    products by index; faster here than hashing every published product)."""
    from django.db.models import Exists, OuterRef

    return Exists(Product.objects.filter(business=OuterRef("pk"), status=ProductStatus.PUBLISHED))


def paid_orders(filters):
    """Orders paid in the filter's period (not cancelled or refunded since) of the filtered businesses."""
    from catalog.models import Order, OrderStatus, PaymentStatus

    return Order.objects.filter(
        filters.period_q("checkout__paid_at"), filters.business_q("business__"),
        checkout__payment_status=PaymentStatus.PAID,
    ).exclude(status=OrderStatus.CANCELLED)


def orders_by_month(filters) -> list[dict]:
    """[{month, n, sales, businesses}]: paid orders, their subtotal (Rp) and how many sellers."""
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    return list(
        paid_orders(filters).annotate(month=TruncMonth("checkout__paid_at")).values("month")
        .annotate(n=Count("pk"), sales=Sum("subtotal"), businesses=Count("business", distinct=True))
        .order_by("month")
    )


def owner_daily_activity(user, *, days: int = 30) -> list[dict]:
    """The owner's own products: page views and paid orders per day for the last `days` days."""
    from datetime import timedelta

    from django.db.models import Sum
    from django.db.models.functions import TruncDate
    from django.utils import timezone

    from catalog.models import Order, OrderStatus, PaymentStatus, ProductViewDay

    today = timezone.localdate()
    since = today - timedelta(days=days - 1)
    views = dict(
        ProductViewDay.objects.filter(product__business__owner=user, day__gte=since)
        .values("day").annotate(n=Sum("count")).values_list("day", "n")
    )
    orders = dict(
        Order.objects.filter(business__owner=user, checkout__payment_status=PaymentStatus.PAID,
                             checkout__paid_at__date__gte=since)
        .exclude(status=OrderStatus.CANCELLED)
        .annotate(day=TruncDate("checkout__paid_at")).values("day").annotate(n=Count("pk")).values_list("day", "n")
    )
    return [
        {"day": since + timedelta(days=i), "views": views.get(since + timedelta(days=i), 0) or 0,
         "orders": orders.get(since + timedelta(days=i), 0)}
        for i in range(days)
    ]


# --- A page with nothing to show --------------------------------------------------------------

HELP_CATEGORIES = 12
HELP_PRODUCTS = 4


@dataclass
class NoResultsHelp:
    """What a catalogue page shows instead of nothing: ways on."""

    categories: list[dict]  # {"label", "count", "url"}, most products first
    product_ids: list[int]  # popular products, shown as cards
    all_products_url: str
    without_filters_url: str  # the same words without filters; "" when no filter is set


def _has_filters(params: ListingParams) -> bool:
    return bool(params.category or params.kecamatan or params.certification or params.business
                or params.price_min is not None or params.price_max is not None)


def no_results_help(params: ListingParams) -> NoResultsHelp:
    """For a catalogue page with nothing to show, even after relaxation: the categories (with
    their counts, from the cached catalogue summary), a few popular products, all products, and
    with filters set the same words without them."""
    url = reverse("catalog:product-list")
    categories = sorted(listing_summary(ListingParams())["category"], key=lambda c: (-c["count"], c["label"]))
    return NoResultsHelp(
        categories=[
            {"label": c["label"], "count": c["count"], "url": f"{url}?{urlencode({'category': c['value']})}"}
            for c in categories[:HELP_CATEGORIES] if c["count"]
        ],
        product_ids=popular_product_ids(HELP_PRODUCTS),
        all_products_url=url,
        without_filters_url=(f"{url}?{urlencode({'q': params.q})}" if params.q else url) if _has_filters(params) else "",
    )
