"""Reads of portal data used by pages and the API."""
from django.conf import settings
from django.db.models import QuerySet

from portal.models import Business, BusinessStatus, Region, RegionLevel


def portal_region() -> Region | None:
    return Region.objects.filter(code=settings.PORTAL_REGION_CODE).first()


def region_kecamatan() -> QuerySet[Region]:
    return Region.objects.filter(
        level=RegionLevel.KECAMATAN, code__startswith=settings.PORTAL_REGION_CODE + "."
    ).order_by("name")


def desa_of(kecamatan_code: str) -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.DESA, parent_id=kecamatan_code).order_by("name")


def verified_businesses() -> QuerySet[Business]:
    return Business.objects.filter(status=BusinessStatus.VERIFIED).select_related(
        "kecamatan", "desa", "primary_kbli"
    )


def home_sections() -> dict:
    return {"featured_businesses": list(verified_businesses().order_by("-verified_at")[:6])}
