import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from catalog.models import Product, ProductStatus
from tests.catalog.factories import CategoryFactory
from tests.portal.factories import BusinessFactory

pytestmark = pytest.mark.django_db

HEADER = "name,category,price,unit,stock,ean13\n"


def _csv(body: str, name="produk.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + body).encode("utf-8"), content_type="text/csv")


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "category", "price", "unit", "stock", "ean13"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(
        "produk.xlsx", out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture
def owner_client(client):
    business = BusinessFactory()
    CategoryFactory()
    CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)
    client.force_login(business.owner)
    client.business = business
    return client


def test_csv_import_creates_drafts(owner_client):
    response = owner_client.post(
        "/akun/produk/impor/",
        {
            "business": owner_client.business.pk,
            "file": _csv(
                "Kripik Tempe,makanan-minuman,15000,bungkus,40,8992761111113\nTampah Bambu,Kerajinan,45.000,buah,3,\n"
            ),
        },
    )
    assert response.status_code == 302
    products = {p.name: p for p in Product.objects.all()}
    assert set(products) == {"Kripik Tempe", "Tampah Bambu"}
    assert products["Tampah Bambu"].price == 45_000 and products["Tampah Bambu"].category.slug == "kerajinan"
    assert {p.status for p in products.values()} == {ProductStatus.DRAFT}
    assert {p.business for p in products.values()} == {owner_client.business}


def test_one_bad_row_imports_nothing_and_reports_each_row(owner_client):
    response = owner_client.post(
        "/akun/produk/impor/",
        {
            "business": owner_client.business.pk,
            "file": _csv(
                "Kripik Tempe,makanan-minuman,15000,bungkus,40,8992761111113\n"
                "Tanpa Harga,makanan-minuman,,bungkus,1,\n"
                "Barcode Salah,makanan-minuman,1000,pcs,1,8992761111114\n"
                "Kategori Aneh,elektronik,1000,pcs,1,\n"
                "Stok Minus,makanan-minuman,1000,pcs,-3,\n"
            ),
        },
    )
    assert response.status_code == 200
    assert not Product.objects.exists()
    errors = dict(response.context["errors"])
    assert set(errors) == {3, 4, 5, 6}
    assert "price wajib diisi" in errors[3]
    assert "Digit pemeriksa barcode EAN-13 salah." in errors[4]
    assert 'kategori "elektronik" tidak dikenal' in errors[5]
    assert "stock harus bilangan bulat" in errors[6]
    body = response.content.decode()
    assert 'data-row="4"' in body


def test_xlsx_import(owner_client):
    response = owner_client.post(
        "/akun/produk/impor/",
        {
            "business": owner_client.business.pk,
            "file": _xlsx(
                [
                    ["Batik Tulis", "kerajinan", 350000, "lembar", 2, None],
                    ["Kopi Robusta", "makanan-minuman", 45000.0, "bungkus", 10, "8992761111113"],
                ]
            ),
        },
    )
    assert response.status_code == 302
    assert sorted(Product.objects.values_list("name", "price")) == [("Batik Tulis", 350000), ("Kopi Robusta", 45000)]


def test_xlsx_with_bad_row_imports_nothing(owner_client):
    response = owner_client.post(
        "/akun/produk/impor/",
        {
            "business": owner_client.business.pk,
            "file": _xlsx(
                [
                    ["Batik Tulis", "kerajinan", 350000, "lembar", 2, None],
                    [None, "kerajinan", 1000, "buah", 1, None],
                ]
            ),
        },
    )
    assert response.status_code == 200
    assert dict(response.context["errors"]) == {3: "kolom name wajib diisi"}
    assert not Product.objects.exists()


def test_cannot_import_into_another_owners_business(owner_client):
    other = BusinessFactory()
    response = owner_client.post(
        "/akun/produk/impor/", {"business": other.pk, "file": _csv("Kripik Tempe,makanan-minuman,15000,bungkus,40,\n")}
    )
    assert response.status_code == 200
    assert "business" in response.context["form"].errors
    assert not Product.objects.exists()


def test_garbage_file_is_reported_not_500(owner_client):
    upload = SimpleUploadedFile("produk.xlsx", b"not a zip", content_type="application/octet-stream")
    response = owner_client.post("/akun/produk/impor/", {"business": owner_client.business.pk, "file": upload})
    assert response.status_code == 200
    assert response.context["errors"][0][0] == 0
