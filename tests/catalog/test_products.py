import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import services
from catalog.exceptions import InvalidTransition
from catalog.models import Product, ProductStatus, ProductStatusChange
from portal import roles
from registry.models import BusinessStatus
from search.testing import index_now
from tests.catalog.factories import CategoryFactory, ProductFactory
from tests.catalog.shown import shown_products
from tests.portal.factories import BusinessFactory, CertificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_catalogue_lists_only_published_products_of_verified_businesses(client):
    shown = ProductFactory(name="Kripik Tempe Pedas")
    ProductFactory(name="Draf Rahasia", status=ProductStatus.DRAFT)
    ProductFactory(name="Toko Belum Verifikasi", business=BusinessFactory(status=BusinessStatus.SUBMITTED))
    index_now()  # the catalogue lists through the search index, updated by Celery after commit
    response = client.get("/produk/")
    assert response.status_code == 200
    assert [p.pk for p in shown_products(response)] == [shown.pk]
    body = response.content.decode()
    assert "Kripik Tempe Pedas" in body and "Rp 15.000" in body
    assert "Draf Rahasia" not in body and "Toko Belum Verifikasi" not in body
    assert client.get(f"/produk/{shown.slug}/").status_code == 200


def test_product_page_of_a_draft_is_404(client):
    product = ProductFactory(status=ProductStatus.DRAFT)
    assert client.get(f"/produk/{product.slug}/").status_code == 404


def test_catalogue_filters_sort_and_facets(client):
    kerajinan = CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)
    cheap = ProductFactory(name="Peyek", price=10_000)
    dear = ProductFactory(
        name="Tampah Bambu", price=150_000, category=kerajinan, business=BusinessFactory(kecamatan_id="33.24.01")
    )
    cert = CertificationFactory(business=cheap.business)
    cheap.halal_certification = cert
    cheap.save()
    index_now()  # the catalogue lists through the search index, updated by Celery after commit
    response = client.get("/produk/", {"sort": "price_desc"})
    names = [p.name for p in shown_products(response)]
    assert names == ["Tampah Bambu", "Peyek"]
    response = client.get("/produk/", {"category": "kerajinan"})
    assert [p.pk for p in shown_products(response)] == [dear.pk]
    facets = response.context["facets"]
    # The category facet ignores its own filter so the other category stays selectable.
    assert {f["value"]: f["count"] for f in facets["category"]} == {"kerajinan": 1, "makanan-minuman": 1}
    assert {f["value"]: f["count"] for f in facets["kecamatan"]} == {"33.24.01": 1}
    response = client.get("/produk/", {"certification": "halal"})
    assert [p.pk for p in shown_products(response)] == [cheap.pk]
    response = client.get("/produk/", {"price": "100000-500000"})
    assert [p.pk for p in shown_products(response)] == [dear.pk]
    response = client.get("/produk/", {"kecamatan": "33.24.01"})
    assert [p.pk for p in shown_products(response)] == [dear.pk]
    response = client.get("/produk/", {"q": "tampah"})
    assert [p.pk for p in shown_products(response)] == [dear.pk]
    assert response.context["params"].sort == "relevance"


def _list_queries(client, n):
    Product.objects.all().delete()
    businesses = [BusinessFactory(), BusinessFactory(kecamatan_id="33.24.01")]
    for i in range(n):
        ProductFactory(business=businesses[i % 2])
    index_now()
    client.get("/api/v1/products/", {"per_page": n})  # warm per-process lookups (category tree, regions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/products/", {"per_page": n})
        assert len(response.json()["results"]) == n
    with CaptureQueriesContext(connection) as page_ctx:
        response = client.get("/produk/")
        assert response.status_code == 200
        assert len(shown_products(response)) == min(n, 24)
    return len(ctx.captured_queries), len(page_ctx.captured_queries)


def test_catalogue_query_count_does_not_grow_with_products(client):
    api_12, page_12 = _list_queries(client, 12)
    api_48, page_48 = _list_queries(client, 48)
    assert api_12 == api_48
    assert page_12 == page_48
    assert page_48 <= 10


def test_owner_cannot_edit_another_owners_product(client):
    product = ProductFactory(name="Milik Orang Lain")
    intruder = BusinessFactory().owner
    client.force_login(intruder)
    assert client.get(f"/akun/produk/{product.pk}/").status_code == 404
    response = client.post(f"/akun/produk/{product.pk}/", {"name": "Dibajak"})
    assert response.status_code == 404
    assert client.post(f"/akun/produk/{product.pk}/archive/").status_code == 404
    assert client.post(f"/akun/produk/{product.pk}/stok/", {"stock": 0}).status_code == 404
    product.refresh_from_db()
    assert (product.name, product.status, product.stock) == ("Milik Orang Lain", ProductStatus.PUBLISHED, 50)


def test_owner_creates_product_and_submits_for_review(client):
    business = BusinessFactory()
    category = CategoryFactory()
    client.force_login(business.owner)
    response = client.post(
        "/akun/produk/baru/",
        {
            "business": business.pk,
            "category": category.pk,
            "name": "Bandeng Presto",
            "description": "Duri lunak",
            "price": "35000",
            "unit": "ekor",
            "weight_grams": "400",
            "stock": "10",
            "min_order": "1",
            "ean13": "8992761111113",
            "submit_review": "1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    product = Product.objects.get(name="Bandeng Presto")
    assert product.status == ProductStatus.IN_REVIEW and product.business == business
    assert product.submitted_at is not None


def test_bad_ean13_keeps_what_was_typed(client):
    business = BusinessFactory()
    client.force_login(business.owner)
    response = client.post(
        "/akun/produk/baru/",
        {
            "business": business.pk,
            "category": CategoryFactory().pk,
            "name": "Bandeng Presto",
            "price": "35000",
            "unit": "ekor",
            "weight_grams": "0",
            "stock": "1",
            "min_order": "1",
            "ean13": "8992761111114",
        },
    )
    assert response.status_code == 200
    assert "Digit pemeriksa barcode EAN-13 salah." in response.content.decode()
    assert 'value="Bandeng Presto"' in response.content.decode()
    assert not Product.objects.filter(name="Bandeng Presto").exists()


def test_unverified_business_cannot_add_products(client):
    business = BusinessFactory(status=BusinessStatus.SUBMITTED)
    with pytest.raises(InvalidTransition):
        services.product_create(
            business=business, actor=business.owner, data={"category": CategoryFactory(), "name": "X", "price": 1000}
        )


def test_moderation_workflow_by_staff_with_reason():
    product = ProductFactory(status=ProductStatus.DRAFT)
    owner = product.business.owner
    staff = UserFactory(roles=[roles.COUNTER_STAFF])
    with pytest.raises(InvalidTransition):  # owners cannot publish themselves
        services.product_transition(product=product, to=ProductStatus.PUBLISHED, actor=owner, by="owner")
    services.product_transition(product=product, to=ProductStatus.IN_REVIEW, actor=owner, by="owner")
    with pytest.raises(InvalidTransition):  # rejection needs a reason
        services.product_transition(product=product, to=ProductStatus.REJECTED, actor=staff, by="staff")
    services.product_transition(
        product=product, to=ProductStatus.REJECTED, actor=staff, by="staff", reason="Foto buram"
    )
    product.refresh_from_db()
    assert (product.status, product.status_reason, product.moderated_by) == (
        ProductStatus.REJECTED,
        "Foto buram",
        staff,
    )
    services.product_transition(product=product, to=ProductStatus.IN_REVIEW, actor=owner, by="owner")
    services.product_transition(product=product, to=ProductStatus.PUBLISHED, actor=staff, by="staff")
    services.product_transition(product=product, to=ProductStatus.ARCHIVED, actor=owner, by="owner")
    assert list(ProductStatusChange.objects.filter(product=product).values_list("to_status", flat=True)) == [
        "in_review",
        "rejected",
        "in_review",
        "published",
        "archived",
    ]


def test_editing_a_published_products_price_sends_it_back_to_review():
    product = ProductFactory()
    services.product_update(product=product, actor=product.business.owner, data={"price": 20_000})
    product.refresh_from_db()
    assert product.status == ProductStatus.IN_REVIEW
    services.product_set_stock(product=product, actor=product.business.owner, stock=3)
    product.refresh_from_db()
    assert product.stock == 3


@pytest.mark.parametrize(
    "role,status",
    [
        (roles.COUNTER_STAFF, 200),
        (roles.ADMINISTRATOR, 200),
        (roles.TRAINING_OFFICER, 302),
        (roles.PARTNER_CURATOR, 302),
    ],
)
def test_moderation_admin_per_role(client, role, status):
    product = ProductFactory(status=ProductStatus.IN_REVIEW)
    client.force_login(UserFactory(roles=[role]))
    response = client.get(reverse("catalog_admin:moderation"))
    # Wagtail answers PermissionDenied with a redirect to the admin home and a message.
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == "/admin/"
    response = client.post(reverse("catalog_admin:moderate", args=[product.pk]), {"action": "publish"})
    product.refresh_from_db()
    assert product.status == (ProductStatus.PUBLISHED if status == 200 else ProductStatus.IN_REVIEW)


def test_owner_duplicate_and_archive(client):
    product = ProductFactory()
    client.force_login(product.business.owner)
    client.post(f"/akun/produk/{product.pk}/duplicate/")
    copy = Product.objects.exclude(pk=product.pk).get()
    assert copy.status == ProductStatus.DRAFT and copy.stock == 0 and copy.slug != product.slug
    client.post(f"/akun/produk/{product.pk}/archive/")
    product.refresh_from_db()
    assert product.status == ProductStatus.ARCHIVED
    assert client.get(f"/produk/{product.slug}/").status_code == 404


def test_api_lists_published_products_with_facets(client):
    shown = ProductFactory(name="Kopi Robusta")
    hidden = ProductFactory(status=ProductStatus.IN_REVIEW)
    index_now()
    data = client.get("/api/v1/products/").json()
    assert data["count"] == 1 and data["results"][0]["id"] == shown.pk
    assert data["results"][0]["price"] == 15000
    assert {f["value"] for f in data["facets"]["category"]} == {"makanan-minuman"}
    assert client.get(f"/api/v1/products/{shown.pk}/").json()["name"] == "Kopi Robusta"
    assert client.get(f"/api/v1/products/{hidden.pk}/").status_code == 404
    assert client.get("/api/v1/products/", {"page": "abc", "per_page": "9999", "price_min": "x"}).status_code == 200


def test_business_profile_and_home_show_products(client):
    product = ProductFactory(name="Sirup Kawista", is_featured=True)
    assert "Sirup Kawista" in client.get(f"/usaha/{product.business.slug}/").content.decode()
    assert "Sirup Kawista" in client.get("/").content.decode()


def test_catalogue_in_english(client):
    ProductFactory(name="Kopi Robusta")
    index_now()
    body = client.get("/en/produk/").content.decode()
    assert "UMKM products" in body and "Lowest price" in body and "Rp 15.000" in body
    product = ProductFactory(stock=0)
    assert "Out of stock" in client.get(f"/en/produk/{product.slug}/").content.decode()


def _count(client, url):
    client.get(url)  # warm per-process caches (content types, site root)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _with_photos(product, n):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from catalog.images import clean_upload, product_image_add
    from tests.catalog.images import png

    clean = clean_upload(SimpleUploadedFile("a.png", png(), "image/png"))
    for _i in range(n):
        product_image_add(product=product, clean=clean)


def test_product_page_business_profile_and_home_queries_do_not_grow(client):
    business = BusinessFactory()
    small = ProductFactory(business=business, is_featured=True)
    _with_photos(small, 1)
    _with_photos(ProductFactory(business=business, is_featured=True), 1)  # one related product
    counts_small = [
        _count(client, f"/produk/{small.slug}/"),
        _count(client, f"/usaha/{business.slug}/"),
        _count(client, "/"),
    ]
    big = ProductFactory(business=business)
    _with_photos(big, 8)
    for _i in range(20):
        _with_photos(ProductFactory(business=business, is_featured=True), 2)
    counts_big = [
        _count(client, f"/produk/{big.slug}/"),
        _count(client, f"/usaha/{business.slug}/"),
        _count(client, "/"),
    ]
    assert counts_small == counts_big
    assert counts_big[0] <= 10
