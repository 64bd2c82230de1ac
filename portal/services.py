"""Writes of portal data (registration and verification services grow here)."""
from __future__ import annotations

from portal.models import Business
from portal.sizing import size_class_for


def business_size_class_refresh(*, business: Business) -> str:
    """After registration the size class follows annual sales (PP 7/2021 art. 35)."""
    size = size_class_for(
        capital=business.capital, annual_sales=business.annual_sales, at_registration=False
    )
    if size != business.size_class:
        Business.objects.filter(pk=business.pk).update(size_class=size)
        business.size_class = size
    return size
