"""Reads of portal data used by pages, the admin queue and the API."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from portal.models import (
    Business, BusinessStatus, HomeFeaturedBusiness, KbliCode, Region, RegionLevel, RegistrationChannel,
)


def portal_region() -> Region | None:
    return Region.objects.filter(code=settings.PORTAL_REGION_CODE).first()


def region_kecamatan() -> QuerySet[Region]:
    return Region.objects.filter(
        level=RegionLevel.KECAMATAN, code__startswith=settings.PORTAL_REGION_CODE + "."
    ).order_by("name")


def desa_of(kecamatan_code: str) -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.DESA, parent_id=kecamatan_code).order_by("name")


def region_desa() -> QuerySet[Region]:
    return Region.objects.filter(
        level=RegionLevel.DESA, code__startswith=settings.PORTAL_REGION_CODE + "."
    ).order_by("parent_id", "name")


def kbli_sections() -> QuerySet[KbliCode]:
    """The 21 KBLI 2020 sections (A–U): the "sector" filter of the directory and the queue."""
    return KbliCode.objects.filter(version="2020", code__regex=r"^[A-Z]$").order_by("code")


def kbli_lookup(codes: list[str], version: str = "2020") -> dict[str, KbliCode]:
    return {k.code: k for k in KbliCode.objects.filter(version=version, code__in=codes)}


def verified_businesses() -> QuerySet[Business]:
    return Business.objects.filter(status=BusinessStatus.VERIFIED).select_related(
        "kecamatan", "desa", "primary_kbli"
    )


def business_directory(*, kecamatan: str = "", sector: str = "", q: str = "") -> QuerySet[Business]:
    """The public directory: verified only, filtered by kecamatan code and KBLI section."""
    businesses = verified_businesses()
    if kecamatan:
        businesses = businesses.filter(kecamatan_id=kecamatan)
    if sector:
        businesses = businesses.filter(primary_kbli__section=sector)
    if q:
        businesses = businesses.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return businesses.order_by("name", "pk")


def businesses_of_owner(user) -> QuerySet[Business]:
    return user.businesses.select_related("kecamatan", "primary_kbli").order_by("-updated_at", "pk")


def business_for_editor(user, pk: int) -> Business | None:
    """The registration a user may fill in: their own, or one they registered at the counter."""
    from portal import roles

    if not user.is_authenticated:
        return None
    scope = Q(owner=user)
    if roles.has_any_role(user, roles.COUNTER_STAFF, roles.ADMINISTRATOR):
        scope |= Q(registered_by=user)
        if roles.has_role(user, roles.ADMINISTRATOR):
            scope = Q()
    return (
        Business.objects.select_related("owner", "owner__owner_profile", "kecamatan", "desa", "primary_kbli")
        .filter(scope, pk=pk)
        .first()
    )


def business_of_owner(user, pk: int) -> Business | None:
    """A business the user owns (the owner's edit and certification pages): anyone else's is
    None, which the views answer with 404."""
    if not user.is_authenticated:
        return None
    return (
        Business.objects.select_related("owner__owner_profile", "kecamatan", "desa", "primary_kbli")
        .filter(owner=user, pk=pk)
        .first()
    )


def counter_drafts(user) -> QuerySet[Business]:
    """Counter registrations not yet submitted (drafts and those sent back for changes) that the
    user may resume: their own as counter staff, every counter draft for an administrator."""
    from portal import roles

    drafts = Business.objects.filter(
        channel=RegistrationChannel.COUNTER,
        status__in=(BusinessStatus.DRAFT, BusinessStatus.NEEDS_CHANGES),
    ).select_related("owner__owner_profile", "registered_by")
    if not roles.has_role(user, roles.ADMINISTRATOR):
        drafts = drafts.filter(registered_by=user)
    return drafts.order_by("-updated_at", "pk")


AGE_FILTERS = {"1": 1, "3": 3, "7": 7, "14": 14}
CERTIFICATES_PENDING = "certificates"


def verification_queue(
    *, status: str = "", kecamatan: str = "", sector: str = "", older_than_days: str = "", q: str = ""
) -> QuerySet[Business]:
    """The DPMPTSP queue: submitted registrations first, oldest first."""
    businesses = Business.objects.exclude(status=BusinessStatus.DRAFT).select_related(
        "owner", "kecamatan", "desa", "primary_kbli", "registered_by"
    )
    if status == CERTIFICATES_PENDING:
        # Verified businesses whose owner added or replaced a certificate scan since.
        businesses = businesses.filter(
            status=BusinessStatus.VERIFIED, certifications__is_verified=False, certifications__scan__gt=""
        ).distinct()
    elif status != "all":
        businesses = businesses.filter(status=status or BusinessStatus.SUBMITTED)
    if kecamatan:
        businesses = businesses.filter(kecamatan_id=kecamatan)
    if sector:
        businesses = businesses.filter(primary_kbli__section=sector)
    if older_than_days in AGE_FILTERS:
        businesses = businesses.filter(
            submitted_at__lte=timezone.now() - timedelta(days=AGE_FILTERS[older_than_days])
        )
    if q:
        businesses = businesses.filter(
            Q(name__icontains=q) | Q(registration_number__icontains=q) | Q(nib__startswith=q)
        )
    return businesses.order_by("submitted_at", "pk")


def next_in_queue(after: Business) -> Business | None:
    """The registration to review after `after`: the oldest still waiting, other than it."""
    return verification_queue().exclude(pk=after.pk).first()


def featured_businesses(page=None, limit: int = 6, picks: list[int] | None = None) -> list[Business]:
    """Editors' picks on the home page (in their order), topped up with the most recently
    verified businesses — one query. The picks are the page's saved ones, or `picks` (business
    ids in order) for a draft being previewed."""
    businesses = verified_businesses()
    if page is None and picks is None:
        return list(businesses.order_by("-verified_at", "pk")[:limit])

    recent = businesses.order_by("-verified_at", "pk").values("pk")[:limit]
    if picks is None:
        picked = HomeFeaturedBusiness.objects.filter(page=page)
        picked_ids = picked.values("business_id")
        pick_order = Subquery(picked.filter(business=OuterRef("pk")).values("sort_order")[:1])
    else:
        picked_ids = picks
        pick_order = Case(*[When(pk=pk, then=Value(order)) for order, pk in enumerate(picks)],
                          default=None, output_field=IntegerField())
    return list(
        businesses.filter(Q(pk__in=Subquery(recent)) | Q(pk__in=picked_ids))
        .annotate(pick_order=pick_order)
        .order_by(F("pick_order").asc(nulls_last=True), "-verified_at", "pk")[:limit]
    )


# --- Dashboard aggregates (portal/dashboard assembles them; counts only, nothing personal) ----

def registered_businesses(filters) -> QuerySet[Business]:
    """Businesses registered (submitted, whatever their status now) in the filter's period; the
    registration date is when the registration was submitted (created, for older rows)."""
    from django.db.models.functions import Coalesce

    return (
        Business.objects.exclude(status=BusinessStatus.DRAFT)
        .alias(registered_at=Coalesce("submitted_at", "created_at"))
        .filter(filters.period_q("registered_at"), filters.business_q())
    )


def registrations_by_month(filters) -> list[dict]:
    """[{month, status, n}] for the registrations of the period, by their current status."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    return list(
        registered_businesses(filters).annotate(month=TruncMonth("registered_at"))
        .values("month", "status").annotate(n=Count("pk")).order_by()
    )


def businesses_by(filters, field: str) -> list[dict]:
    """[{<field>, total, verified}] of the period's registrations grouped by one field."""
    from django.db.models import Count

    return list(
        registered_businesses(filters).values(field)
        .annotate(total=Count("pk"), verified=Count("pk", filter=Q(status=BusinessStatus.VERIFIED)))
        .order_by(field)
    )


def business_funnel(filters, steps: list[tuple[str, object]]) -> dict[str, int]:
    """How many of the period's registrations reached each step: one query, one COUNT per step,
    each step a condition on the business (a Q or an Exists from the app that owns the step)."""
    from django.db.models import Count

    aggregates = {key: Count("pk", filter=condition) if condition is not None else Count("pk")
                  for key, condition in steps}
    return registered_businesses(filters).aggregate(**aggregates)
