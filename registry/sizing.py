"""UMKM size classes per PP 7/2021 art. 35 (capital excludes land and buildings).

Capital decides at registration; annual sales decide afterwards.
"""

from registry.models.business import Business, SizeClass

JUTA = 1_000_000
MILIAR = 1_000 * JUTA

CAPITAL_CEILINGS = ((1 * MILIAR, SizeClass.MIKRO), (5 * MILIAR, SizeClass.KECIL), (10 * MILIAR, SizeClass.MENENGAH))
SALES_CEILINGS = ((2 * MILIAR, SizeClass.MIKRO), (15 * MILIAR, SizeClass.KECIL), (50 * MILIAR, SizeClass.MENENGAH))


def _classify(amount: int, ceilings) -> str:
    for ceiling, size in ceilings:
        if amount <= ceiling:
            return size
    return SizeClass.BESAR


def size_class_for(*, capital: int, annual_sales: int, at_registration: bool = True) -> str:
    if at_registration or not annual_sales:
        return _classify(capital, CAPITAL_CEILINGS)
    return _classify(annual_sales, SALES_CEILINGS)


def business_size_class_refresh(*, business: Business) -> str:
    """After registration the size class follows annual sales (PP 7/2021 art. 35)."""
    size = size_class_for(capital=business.capital, annual_sales=business.annual_sales, at_registration=False)
    if size != business.size_class:
        Business.objects.filter(pk=business.pk).update(size_class=size)
        business.size_class = size
    return size
