from django.db.models import QuerySet

from catalog.models import Product, ProductStatus
from portal.models import BusinessStatus


def published_products() -> QuerySet[Product]:
    return Product.objects.filter(
        status=ProductStatus.PUBLISHED, business__status=BusinessStatus.VERIFIED
    ).select_related("business", "business__kecamatan", "category")
