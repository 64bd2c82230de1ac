"""A partner curator builds a GoFood batch, locks it, runs the XLSX export through the real
Celery worker, watches the progress bar and downloads the file."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from partners.models import CurationBatch, ExportJob
from tests.partners.factories import ChannelListingFactory, channel, delivery_ready_product
from tests.portal.factories import BusinessFactory, UserFactory

PASSWORD = "rahasia-123"


@pytest.mark.e2e
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_curator_builds_batch_exports_xlsx_and_downloads(live_server, page: Page, celery_worker_process):
    base = live_server.url
    UserFactory(username="kurator", roles=["partner_curator"])
    kendal = BusinessFactory(name="Warung Soto Bu Tini", kecamatan_id="33.24.12")
    weleri = BusinessFactory(name="Bandeng Pak Darto", kecamatan_id="33.24.01", desa_id="33.24.01.2001")
    soto = delivery_ready_product(business=kendal, name="Soto Ayam Kendal", price=18_000)
    bandeng = delivery_ready_product(business=weleri, name="Nasi Bandeng", price=22_000)
    for product in (soto, bandeng):
        ChannelListingFactory(product=product, channel=channel("gofood"))

    page.goto(f"{base}/admin/login/?next=/admin/mitra/")
    page.fill("input[name=username]", "kurator")
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").click()

    # Build the batch: filter by kecamatan, pick, review, lock.
    page.select_option("select[name=channel]", label="GoFood")
    page.fill("input[name=name]", "Menu Desember")
    page.get_by_test_id("create-batch").click()
    candidates = page.get_by_test_id("candidates")
    expect(candidates).to_contain_text("Soto Ayam Kendal")
    expect(candidates).to_contain_text("Nasi Bandeng")
    page.select_option("select[name=kecamatan]", value="33.24.12")
    page.get_by_test_id("filter").click()
    expect(candidates).not_to_contain_text("Nasi Bandeng")
    page.get_by_label("Soto Ayam Kendal").check()
    page.get_by_test_id("add-to-batch").click()
    expect(page.get_by_test_id("batch-items")).to_contain_text("Soto Ayam Kendal")
    page.get_by_test_id("lock-batch").click()
    expect(page.get_by_test_id("batch-status")).to_have_text("Dikunci")

    # Run the XLSX export and watch it finish.
    page.select_option("select[name=file_format]", value="xlsx")
    page.get_by_test_id("run-export").click()
    expect(page.get_by_test_id("export-progress")).to_be_visible()
    expect(page.get_by_test_id("export-status")).to_have_text("Selesai", timeout=60_000)
    expect(page.get_by_test_id("export-progress")).to_have_attribute("value", "100")
    expect(page.get_by_test_id("export-summary")).to_have_text(
        "1 baris, 0 produk dilewati, 0 produk dengan kolom dipotong."
    )

    with page.expect_download() as download_info:
        page.get_by_test_id("download-file").click()
    download = download_info.value
    assert download.suggested_filename.startswith("gofood-") and download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read()), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["menu_category", "name", "description", "price"]
    assert [row[1] for row in rows[1:]] == ["Soto Ayam Kendal"] and rows[1][3] == 18000

    batch = CurationBatch.objects.get()
    job = ExportJob.objects.get()
    assert job.batch == batch and job.created_by.username == "kurator" and job.checksum
