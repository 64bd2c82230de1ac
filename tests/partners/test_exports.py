"""For each channel a fixture catalogue exports to a file asserted exactly: header, rows,
values, limits; not-ready products are excluded and reported with their reasons."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook
from PIL import Image as PILImage

from catalog.models import ProductStatus
from partners.exports import export_job_run
from partners.models import ExportStatus
from partners.services import export_job_create
from registry.models import BusinessStatus
from tests.partners.factories import (
    ChannelListingFactory,
    add_photo,
    channel,
    delivery_ready_product,
    retail_ready_product,
)
from tests.portal.factories import BusinessFactory

pytestmark = pytest.mark.django_db


def run(code: str, file_format: str = "csv", **kwargs):
    job = export_job_create(channel=channel(code), file_format=file_format, enqueue=False, **kwargs)
    job = export_job_run(job_id=job.pk)
    assert job.status == ExportStatus.DONE, job.error
    return job


def csv_rows(field) -> list[list[str]]:
    with field.open("rb") as handle:
        return list(csv.reader(io.StringIO(handle.read().decode("utf-8"))))


def xlsx_rows(field) -> list[list]:
    with field.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).active
        return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def report(job) -> set[tuple]:
    return {(int(r[0]), r[3], r[4]) for r in csv_rows(job.report)[1:]}


def opt_in(product, code):
    return ChannelListingFactory(product=product, channel=channel(code))


INDOMARET_HEADER = [
    "Barcode EAN-13",
    "Nama Produk",
    "Merek/Produsen",
    "Kategori",
    "Isi Bersih",
    "Berat (gram)",
    "Satuan",
    "Harga Jual Konsumen (Rp)",
    "Masa Simpan (hari)",
    "Komposisi",
    "Tanggal Kedaluwarsa Tercetak",
    "Kode Produksi Tercetak",
    "NIB",
    "No. P-IRT",
    "No. BPOM MD",
    "No. Sertifikat Halal",
    "Halal Berlaku s.d.",
    "Kecamatan Produsen",
    "File Foto",
]
ALFAMART_HEADER = [
    "Kode Barang Pemasok",
    "PLU/Barcode",
    "Deskripsi Barang",
    "Nama Pemasok",
    "Ukuran",
    "UOM",
    "HET (Rp)",
    "Berat Bersih (g)",
    "Umur Simpan (hari)",
    "Izin Edar",
    "Sertifikat Halal",
    "Halal Berlaku s.d.",
    "Label Kemasan",
    "Komposisi",
    "NIB",
    "Foto",
]


def retail_catalogue(code):
    """Two ready products (one with a 70-character name and a formula-like composition) and
    five that are not ready for different reasons, plus one not opted in."""
    ready = retail_ready_product(name="Kripik Tempe Sagu Original", price=15_000)
    long_name = "Bandeng Presto Duri Lunak Khas Kaliwungu Kendal Kemasan Vakum Isi Dua Ekor"
    trimmed = retail_ready_product(
        name=long_name, price=42_500, composition='=HYPERLINK("http://x")', food=False, halal_certification=None
    )
    no_ean = retail_ready_product(ean13="")
    bad_ean = retail_ready_product(ean13="8991234567890")
    no_halal = retail_ready_product(halal_certification=None)
    no_labels = retail_ready_product(
        has_expiry_date_label=False, has_production_code_label=False, shelf_life_days=None, net_content=""
    )
    unpublished = retail_ready_product(status=ProductStatus.IN_REVIEW)
    unverified = retail_ready_product(business=BusinessFactory(status=BusinessStatus.SUBMITTED, nib=""))
    not_opted = retail_ready_product()
    for product in (ready, trimmed, no_ean, bad_ean, no_halal, no_labels, unpublished, unverified):
        opt_in(product, code)
    return locals()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_indomaret_export_exact(file_format):
    c = retail_catalogue("indomaret")
    job = run("indomaret", file_format)
    rows = csv_rows(job.file) if file_format == "csv" else xlsx_rows(job.file)

    assert rows[0] == INDOMARET_HEADER
    assert len(rows) == 3 and job.row_count == 2 and job.skipped_count == 6 and job.warning_count == 1
    ready, trimmed = c["ready"], c["trimmed"]
    business = ready.business
    as_int = int if file_format == "xlsx" else str
    assert rows[1] == [
        ready.ean13,
        "Kripik Tempe Sagu Original",
        business.name,
        "Makanan & Minuman",
        "250 g",
        as_int(250),
        "bungkus",
        as_int(15000),
        as_int(180),
        "Tempe, tepung beras, garam.",
        "YA",
        "YA",
        business.nib,
        "206332401234526",
        "",
        ready.halal_certification.number,
        ready.halal_certification.expires_on.isoformat(),
        business.kecamatan.name,
        f"{ready.pk}.jpg",
    ]
    assert rows[2][1] == trimmed.name[:60].rstrip() and len(rows[2][1]) <= 60
    assert rows[2][7] == as_int(42500)
    assert rows[2][9] == '\'=HYPERLINK("http://x")'  # formula neutralised
    assert rows[2][15] == ""  # non-food: no halal needed
    assert report(job) == {
        (trimmed.pk, "peringatan", "trimmed"),
        (c["no_ean"].pk, "dilewati", "ean13_missing"),
        (c["bad_ean"].pk, "dilewati", "ean13_invalid"),
        (c["no_halal"].pk, "dilewati", "halal_missing"),
        (c["no_labels"].pk, "dilewati", "net_content_missing"),
        (c["no_labels"].pk, "dilewati", "shelf_life_missing"),
        (c["no_labels"].pk, "dilewati", "expiry_label_missing"),
        (c["no_labels"].pk, "dilewati", "production_code_missing"),
        (c["unpublished"].pk, "dilewati", "product_unpublished"),
        (c["unverified"].pk, "dilewati", "business_unverified"),
        (c["unverified"].pk, "dilewati", "nib_missing"),
    }
    warning = [r for r in csv_rows(job.report) if r[3] == "peringatan"][0]
    assert warning[5] == f"Kolom Nama Produk dipotong dari {len(trimmed.name)} menjadi 60 karakter."
    assert c["not_opted"].pk not in {r[0] for r in report(job)}


def test_alfamart_export_exact():
    c = retail_catalogue("alfamart")
    job = run("alfamart", "csv")
    rows = csv_rows(job.file)

    assert rows[0] == ALFAMART_HEADER
    assert len(rows) == 3
    ready = c["ready"]
    assert rows[1] == [
        f"EMPP-{ready.pk}",
        ready.ean13,
        "Kripik Tempe Sagu Original",
        ready.business.name,
        "250 g",
        "bungkus",
        "15000",
        "250",
        "180",
        "P-IRT 206332401234526",
        ready.halal_certification.number,
        ready.halal_certification.expires_on.isoformat(),
        "Tanggal kedaluwarsa, Kode produksi",
        "Tempe, tepung beras, garam.",
        ready.business.nib,
        f"{ready.pk}.jpg",
    ]
    assert rows[2][2] == c["trimmed"].name[:60].rstrip()
    assert {code for _pk, kind, code in report(job) if kind == "dilewati"} == {
        "ean13_missing",
        "ean13_invalid",
        "halal_missing",
        "net_content_missing",
        "shelf_life_missing",
        "expiry_label_missing",
        "production_code_missing",
        "product_unpublished",
        "business_unverified",
        "nib_missing",
    }


def delivery_catalogue(code):
    variants = [
        {
            "name": "Level pedas",
            "min": 1,
            "max": 1,
            "options": [{"name": "Sedang", "price": 0}, {"name": "Pedas", "price": 2000}],
        }
    ]
    ready = delivery_ready_product(name="Soto Ayam Kendal", description="Soto ayam kuah bening.", price=18_000)
    at_limits = delivery_ready_product(name="N" * 150, description="D" * 200, price=25_000)
    long_description = delivery_ready_product(description="D" * 201)
    small_photo = delivery_ready_product()
    small_photo.images.all().delete()
    add_photo(small_photo, 300, 300)
    wide_photo = delivery_ready_product()
    wide_photo.images.all().delete()
    add_photo(wide_photo, 1600, 900)
    no_photo = delivery_ready_product()
    no_photo.images.all().delete()
    no_hours = delivery_ready_product(hours=False)
    sold_out = delivery_ready_product(stock=0)
    unpublished = delivery_ready_product(status=ProductStatus.DRAFT)
    listings = {}
    for name, product in list(locals().items()):
        if hasattr(product, "pk") and name != "variants":
            listings[name] = opt_in(product, code)
    listings["ready"].variant_groups = variants
    listings["ready"].final_price = 19_500
    listings["ready"].save()
    return {k: v for k, v in locals().items() if k not in ("listings", "name", "product")}, listings


DELIVERY_SKIPS = {
    "long_description": "description_too_long",
    "small_photo": "photo_too_small",
    "wide_photo": "photo_not_square",
    "no_photo": "photo_missing",
    "no_hours": "hours_missing",
    "sold_out": "out_of_stock",
    "unpublished": "product_unpublished",
}


def test_gofood_export_exact():
    c, _listings = delivery_catalogue("gofood")
    job = run("gofood", "csv")
    rows = csv_rows(job.file)

    assert rows[0] == [
        "menu_category",
        "name",
        "description",
        "price",
        "in_stock",
        "image",
        "outlet",
        "operational_hours",
        "variant_categories",
    ]
    assert len(rows) == 3 and job.skipped_count == 7 and job.warning_count == 0
    hours = (
        "Senin 08:00-20:00; Selasa 08:00-20:00; Rabu 08:00-20:00; Kamis 08:00-20:00; "
        "Jumat 08:00-20:00; Sabtu 08:00-20:00"
    )
    assert rows[1] == [
        "Makanan & Minuman",
        "Soto Ayam Kendal",
        "Soto ayam kuah bening.",
        "19500",
        "true",
        f"{c['ready'].pk}.jpg",
        c["ready"].business.name,
        hours,
        '[{"name":"Level pedas","min":1,"max":1,"variants":[{"name":"Sedang","price":0},'
        '{"name":"Pedas","price":2000}]}]',
    ]
    assert rows[2][1] == "N" * 150 and rows[2][2] == "D" * 200 and rows[2][3] == "25000"
    assert report(job) == {(c[name].pk, "dilewati", code) for name, code in DELIVERY_SKIPS.items()}


def test_grabfood_export_exact_price_unit_and_category_limit():
    c, _listings = delivery_catalogue("grabfood")
    grab = channel("grabfood")
    job = run("grabfood", "xlsx")
    rows = xlsx_rows(job.file)

    assert rows[0] == [
        "categoryName",
        "name",
        "description",
        "price",
        "availableStatus",
        "barcode",
        "maxStock",
        "sequence",
        "photo",
        "serviceHours",
        "modifierGroups",
    ]
    assert len(rows) == 3
    assert rows[1][:9] == [
        "Makanan & Minuman",
        "Soto Ayam Kendal",
        "Soto ayam kuah bening.",
        19500,
        "AVAILABLE",
        "",
        50,
        1,
        f"{c['ready'].pk}.jpg",
    ]
    assert rows[1][10] == (
        '[{"name":"Level pedas","selectionRangeMin":1,"selectionRangeMax":1,"modifiers":'
        '[{"name":"Sedang","price":0},{"name":"Pedas","price":2000}]}]'
    )
    assert rows[2][7] == 2
    assert report(job) == {(c[name].pk, "dilewati", code) for name, code in DELIVERY_SKIPS.items()}

    # Staff may change limits as data: one item per category, prices with two decimals.
    grab.limits = {"category_item_max": 1, "price_exponent": 2}
    grab.save()
    job = run("grabfood", "csv")
    rows = csv_rows(job.file)
    assert len(rows) == 2 and rows[1][3] == "1950000"
    assert (c["at_limits"].pk, "dilewati", "category_full") in report(job)


def test_image_pack_is_square_jpeg_within_limit_without_exif():
    big = delivery_ready_product()
    big.images.all().delete()
    add_photo(big, 1200, 1000)  # 6:5 is within the aspect tolerance; cropped to a square
    rgba = delivery_ready_product()
    rgba.images.all().delete()
    add_photo(rgba, 700, 700, mode="RGBA")
    plain = delivery_ready_product()
    for product in (big, rgba, plain):
        opt_in(product, "gofood")

    job = run("gofood", "csv", include_images=True)

    with job.image_pack.open("rb") as handle:
        pack = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert sorted(pack.namelist()) == sorted(f"{p.pk}.jpg" for p in (big, rgba, plain))
    sizes = {}
    for name in pack.namelist():
        data = pack.read(name)
        assert len(data) <= 1024 * 1024
        with PILImage.open(io.BytesIO(data)) as image:
            image.load()
            assert image.format == "JPEG" and image.mode == "RGB"
            assert image.width == image.height
            assert not image.getexif() and "exif" not in image.info
            sizes[name] = image.width
    assert sizes == {f"{big.pk}.jpg": 1000, f"{rgba.pk}.jpg": 700, f"{plain.pk}.jpg": 800}
    assert len(job.image_pack_checksum) == 64 and len(job.checksum) == 64


def test_batch_export_contains_only_the_batch(django_user_model):
    from partners.services import batch_add, batch_create

    products = [delivery_ready_product() for _ in range(3)]
    listings = [opt_in(p, "gofood") for p in products]
    batch = batch_create(channel=channel("gofood"), name="November", user=None)
    batch_add(batch=batch, listing_ids=[listings[0].pk, listings[2].pk])

    job = run("gofood", "csv", batch=batch)

    assert [r[5] for r in csv_rows(job.file)[1:]] == [f"{products[0].pk}.jpg", f"{products[2].pk}.jpg"]


def test_export_listings_command_writes_files(tmp_path):
    ready = retail_ready_product()
    opt_in(ready, "indomaret")
    not_ready = retail_ready_product(ean13="")
    opt_in(not_ready, "indomaret")
    out = tmp_path / "indomaret.xlsx"
    from django.core.management import call_command

    stdout = io.StringIO()
    call_command(
        "export_listings",
        "indomaret",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--images",
        str(tmp_path / "foto.zip"),
        stdout=stdout,
    )

    sheet = load_workbook(out, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == INDOMARET_HEADER and len(rows) == 2
    assert zipfile.ZipFile(tmp_path / "foto.zip").namelist() == [f"{ready.pk}.jpg"]
    report_rows = list(csv.reader(open(f"{out}.report.csv", encoding="utf-8")))
    assert report_rows[1][:5] == [
        str(not_ready.pk),
        not_ready.name,
        not_ready.business.name,
        "dilewati",
        "ean13_missing",
    ]
    assert "1 rows, 1 skipped" in stdout.getvalue()


def test_export_listings_command_refuses_an_unlocked_batch(tmp_path):
    from django.core.management import CommandError, call_command

    from partners.services import batch_add, batch_create, batch_lock

    listing = opt_in(delivery_ready_product(), "gofood")
    batch = batch_create(channel=channel("gofood"), name="Desember", user=None)
    batch_add(batch=batch, listing_ids=[listing.pk])
    out = tmp_path / "gofood.csv"

    with pytest.raises(CommandError, match="not locked"):
        call_command("export_listings", "gofood", "--format", "csv", "--out", str(out), "--batch", str(batch.pk))
    assert not out.exists()

    batch_lock(batch=batch, user=None)
    call_command(
        "export_listings",
        "gofood",
        "--format",
        "csv",
        "--out",
        str(out),
        "--batch",
        str(batch.pk),
        stdout=io.StringIO(),
    )
    assert len(csv_rows_from_path(out)) == 2


def csv_rows_from_path(path):
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def test_hours_are_in_indonesian_whatever_the_callers_language():
    from django.utils import translation

    from partners.formats.base import hours_text

    with translation.override("en"):
        assert hours_text({"0": ["08:00", "17:00"], "5": ["09:00", "12:00"]}) == "Senin 08:00-17:00; Sabtu 09:00-12:00"


# --- The engine's reads: the same facts as the ORM path, and a query count that does not grow
# with the number of listings (bench/export.py measures 100,000).


def test_listing_facts_read_as_columns_equal_facts_for():
    """iter_listing_facts (the export's plain-column read) builds exactly the facts that
    facts_for builds from model instances (the owner page, curation and the feed)."""
    from partners.models import ChannelListing
    from partners.selectors import facts_for, first_photos, iter_listing_facts
    from registry.models import CertificationKind
    from tests.portal.factories import CertificationFactory

    retail_catalogue("indomaret")
    c, _listings = delivery_catalogue("indomaret")
    other_business = BusinessFactory()
    foreign = CertificationFactory(business=other_business, kind=CertificationKind.HALAL)
    borrowed = retail_ready_product(halal_certification=foreign)  # another business's certificate
    bpom = CertificationFactory(
        business=borrowed.business, kind=CertificationKind.BPOM, number="MD123456789012", is_verified=False
    )
    with_bpom = retail_ready_product(business=borrowed.business, bpom_certification=bpom, pirt_certification=None)
    no_kecamatan = retail_ready_product()
    type(no_kecamatan.business).objects.filter(pk=no_kecamatan.business_id).update(kecamatan=None)
    for product in (borrowed, with_bpom, no_kecamatan):
        opt_in(product, "indomaret")
    ChannelListing.objects.filter(product=with_bpom).update(is_opted_in=False, final_price=7_777)

    listings = ChannelListing.objects.filter(channel=channel("indomaret"))
    fast = [row for chunk in iter_listing_facts(listings, chunk_size=4) for row in chunk]
    slow = []
    for listing in listings.select_related("product").order_by("pk"):
        facts = facts_for(listing.product, listing, first_photos([listing.product_id]).get(listing.product_id))
        slow.append((listing.pk, listing.is_opted_in, facts))

    assert len(fast) == listings.count() > 15
    assert fast == slow
    by_product = {facts.product_id: facts for _pk, _opted_in, facts in fast}
    assert by_product[borrowed.pk].halal is None and by_product[with_bpom.pk].bpom.number == "MD123456789012"
    assert by_product[with_bpom.pk].price == 7_777 and by_product[no_kecamatan.pk].kecamatan == ""
    assert by_product[c["ready"].pk].variant_groups and by_product[c["ready"].pk].operating_hours


@pytest.mark.parametrize("code", ["indomaret", "grabfood"])
def test_export_queries_do_not_grow_with_the_number_of_listings(code, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.models import ChannelListing

    def export_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            run(code, "csv")
        return len(captured)

    make = retail_ready_product if code == "indomaret" else delivery_ready_product
    business = BusinessFactory()
    products = [make(business=business) for _ in range(40)]
    listings = [opt_in(product, code) for product in products]
    ChannelListing.objects.filter(pk__in=[l.pk for l in listings[10:]]).update(is_opted_in=False)
    with_10 = export_queries()
    ChannelListing.objects.filter(pk__in=[l.pk for l in listings]).update(is_opted_in=True)
    with_40 = export_queries()

    assert with_40 == with_10
    with django_assert_max_num_queries(with_10):
        job = run(code, "csv")
    assert job.row_count + job.skipped_count == 40


def test_report_rows_are_the_bytes_csv_writer_writes():
    """The report joins a product's cells and a problem's cells encoded separately; the file
    must be exactly what csv.writer writes for the whole rows (quotes, commas, line breaks)."""
    business = BusinessFactory(name='Usaha "Maju", Jaya')
    names = ['Kripik, "pedas"\nbaru', "=HYPERLINK(1)", " spasi", "Kue\r\nlapis", "-"]
    for name in names:
        opt_in(retail_ready_product(business=business, name=name, ean13="", shelf_life_days=None), "alfamart")

    job = run("alfamart", "csv")

    with job.report.open("rb") as handle:
        written = handle.read()
    rows = list(csv.reader(io.StringIO(written.decode("utf-8"), newline="")))
    expected = io.StringIO(newline="")
    csv.writer(expected).writerows(rows)
    assert written == expected.getvalue().encode("utf-8")
    skipped = [r for r in rows[1:] if r[3] == "dilewati"]
    assert len(skipped) == 10 and {r[4] for r in skipped} == {"ean13_missing", "shelf_life_missing"}
    assert {r[1] for r in skipped} == {'Kripik, "pedas"\nbaru', "'=HYPERLINK(1)", " spasi", "Kue\r\nlapis", "'-"}
    assert {r[2] for r in skipped} == {'Usaha "Maju", Jaya'}
