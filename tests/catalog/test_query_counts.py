"""SQL queries per main page stay the same whether the page shows 12 or 48 items (no N+1), and
stay within the target of 10 (design.md, Targets). The page cache is off in tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.images import clean_upload, product_image_add
from catalog.models import ProductImage
from search.testing import index_now
from tests.catalog.factories import CategoryFactory, ProductFactory
from tests.catalog.images import png
from tests.portal.factories import BusinessFactory, CertificationFactory

pytestmark = pytest.mark.django_db


def _catalogue(n: int) -> dict:
    """n products spread over two businesses and two categories, each with two photos (the
    renditions made), a halal certificate on half of them."""
    businesses = [BusinessFactory(), BusinessFactory(kecamatan_id="33.24.01")]
    categories = [CategoryFactory(), CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)]
    clean = clean_upload(SimpleUploadedFile("a.png", png(), "image/png"))
    products = []
    for i in range(n):
        business = businesses[i % 2]
        halal = CertificationFactory(business=business) if i % 2 == 0 else None
        product = ProductFactory(
            business=business, category=categories[i % 2], is_featured=True, halal_certification=halal
        )
        for _photo in range(2):
            image = product_image_add(product=product, clean=clean)
            image.image.get_renditions("fill-480x480", "fill-160x160", "max-1200x1200")
        products.append(product)
    ProductImage.objects.update(renditions_ready=True)
    index_now()  # the catalogue lists through the search index, updated by Celery after commit
    return {"product": products[0], "business": businesses[0]}


def _queries(client, url: str) -> int:
    client.get(url)  # warm per-process caches (content types, the Wagtail site)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _counts(client, n: int) -> dict:
    made = _catalogue(n)
    return {
        "catalogue": _queries(client, f"/produk/?per_page={n}"),
        "catalogue_filtered": _queries(client, f"/produk/?per_page={n}&category=makanan-minuman&price_min=1000"),
        "catalogue_sorted": _queries(client, f"/produk/?per_page={n}&sort=price_asc&certification=halal"),
        "product": _queries(client, f"/produk/{made['product'].slug}/"),
        "business": _queries(client, f"/usaha/{made['business'].slug}/"),
        "home": _queries(client, "/"),
        "products_api": _queries(client, f"/api/v1/products/?per_page={n}"),
    }


def test_main_pages_make_the_same_queries_for_12_and_48_items(client):
    small = _counts(client, 12)
    from catalog.models import Product

    Product.objects.all().delete()
    large = _counts(client, 48)
    assert small == large
    for page, count in large.items():
        assert count <= 10, (page, count)
