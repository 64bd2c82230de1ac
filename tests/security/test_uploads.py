"""Upload fuzzing: hostile photos and import files are refused with a clear message (or made
harmless by re-encoding, which the Celery worker does), never a 5xx. The cost of photos to the
server (pixels per request and per hour, web workers kept answering) is test_upload_exhaustion."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Product, ProductImage
from tests.catalog import images as fixtures
from tests.catalog.factories import CategoryFactory, product_form_data
from tests.portal.factories import BusinessFactory

pytestmark = pytest.mark.django_db

JPEG = fixtures.jpeg_with_gps(size=(64, 48))
HTML = b"<html><script>alert(1)</script></html>"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
REFUSED = [
    ("truncated.jpg", JPEG[: len(JPEG) // 3], ""),
    ("header-only.jpg", JPEG[:20], "bukan foto JPEG, PNG, atau WebP"),
    ("script.svg", SVG, "bukan foto JPEG, PNG, atau WebP"),
    ("script.jpg", SVG, "bukan foto JPEG, PNG, atau WebP"),
    ("page.jpg", HTML, "bukan foto JPEG, PNG, atau WebP"),
    ("huge.png", fixtures.png_bomb(width=100_000, height=100_000), "bom dekompresi"),
    ("wide.png", fixtures.png_bomb(width=9_000, height=5_000), "piksel"),
    ("empty.jpg", b"", ""),
    ("zip.jpg", _zip({"a.txt": b"x"}), "bukan foto JPEG, PNG, atau WebP"),
]


@pytest.mark.parametrize("name, content, message", REFUSED, ids=[r[0] for r in REFUSED])
def test_hostile_photos_are_refused_with_a_message(client, name, content, message):
    business = BusinessFactory()
    client.force_login(business.owner)
    response = client.post(
        "/akun/produk/baru/",
        product_form_data(
            business, CategoryFactory(), photos=[SimpleUploadedFile(name, content, content_type="image/jpeg")]
        ),
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("photos", []))
    assert errors and message in errors, errors
    assert not Product.objects.filter(name="Kripik Pisang").exists()


@pytest.mark.parametrize(
    "payload",
    [HTML, _zip({"index.html": HTML}), b"<?php system($_GET['c']); ?>"],
    ids=["jpeg+html", "jpeg+zip", "jpeg+php"],
)
def test_polyglot_photo_is_re_encoded_without_its_payload(client, payload):
    """A real JPEG with a payload appended opens as a photo; what is stored is a fresh encode of
    the pixels only, so the payload is gone."""
    business = BusinessFactory()
    client.force_login(business.owner)
    response = client.post(
        "/akun/produk/baru/",
        {
            "business": business.pk,
            "category": CategoryFactory().pk,
            "name": "Kripik Pisang",
            "price": "12000",
            "unit": "bungkus",
            "weight_grams": "200",
            "stock": "5",
            "min_order": "1",
            "photos": [SimpleUploadedFile("foto.jpg", JPEG + payload, content_type="image/jpeg")],
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    fixtures.process_uploads()  # the worker's re-encode
    stored = ProductImage.objects.get(product__name="Kripik Pisang").image.file.read()
    assert payload not in stored and b"<script" not in stored and b"PK\x03\x04" not in stored
    assert stored.startswith(b"\xff\xd8")


def _import(client, name, content):
    business = BusinessFactory()
    client.force_login(business.owner)
    return client.post(
        "/akun/produk/impor/",
        {"business": business.pk, "file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
    )


def _xlsx_with_sheet(sheet_xml: bytes) -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["name", "category", "price"])
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            archive.writestr(item.filename, data)
    return out.getvalue()


def test_xlsx_zip_bomb_is_refused_before_it_is_inflated(client):
    """A 60 MB sheet compressed to well under the 5 MB upload limit."""
    cell = b"A" * (60 * 1024 * 1024)
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + cell + b"</t></is></c></row></sheetData></worksheet>"
    )
    bomb = _xlsx_with_sheet(sheet)
    assert len(bomb) < 1024 * 1024
    response = _import(client, "produk.xlsx", bomb)
    assert response.status_code == 200
    assert "terlalu besar setelah dibuka" in response.context["errors"][0][1]
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("produk.xlsx", b"PK\x03\x04" + b"\x00" * 100),
        ("produk.xlsx", _zip({"[Content_Types].xml": b"<nope"})),
        ("produk.xlsx", JPEG),
        ("produk.csv", b"\xff\xfe\x00garbage\x00"),
        ("produk.csv", b"name,category,price\n" + b"=cmd|' /C calc'!A0,makanan-minuman,1\n"),
    ],
    ids=["truncated-zip", "not-a-workbook", "jpeg-named-xlsx", "binary-csv", "formula-row"],
)
def test_broken_import_files_are_reported_not_500(client, name, content):
    response = _import(client, name, content)
    if name == "produk.csv" and content.startswith(b"name,"):
        # A formula-like name is just text: stored as typed, made inert in every export.
        assert response.status_code in (200, 302)
        return
    assert response.status_code == 200
    assert response.context["errors"][0][0] == 0 and response.context["errors"][0][1]
    assert not Product.objects.exists()
