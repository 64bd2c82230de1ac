"""An owner, on a phone, follows the readiness page's "Perbaiki" links: adds a P-IRT certificate
(one wrong number first), updates the business data, then adds the NIB, which sends the business
back to DPMPTSP verification after the owner confirms."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from core.models import AuditLog
from registry.models import Business, BusinessStatus, Certification
from tests.e2e.test_partners_owner_journey import login
from tests.partners.factories import retail_ready_product
from tests.portal.factories import BusinessFactory


def png_file(tmp_path):
    path = tmp_path / "pirt.png"
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_fixes_certificate_and_nib_from_the_readiness_links(live_server, browser, phone_context_args, tmp_path):
    business = BusinessFactory(name="Keripik Singkong Bu Wati", nib="")
    product = retail_ready_product(business=business, name="Keripik Singkong Balado", pirt_certification=None)
    context = browser.new_context(**phone_context_args, locale="id-ID")
    page = context.new_page()
    login(page, live_server.url, business.owner.username, "/mitra/produk/")

    indomaret = page.locator(f'section[data-product="{product.pk}"] li[data-channel="indomaret"]')
    expect(indomaret).to_contain_text("Belum siap")
    indomaret.locator("li", has_text="Belum ada izin edar P-IRT atau BPOM MD.").get_by_role(
        "link", name="Perbaiki"
    ).click()

    # Certificates page: a wrong P-IRT number is refused and kept; the right one is saved.
    expect(page.get_by_role("heading", name="Sertifikat usaha")).to_be_visible()
    page.get_by_label("Nomor P-IRT").fill("2063324")
    page.get_by_test_id("save").click()
    expect(page.locator("[data-field=pirt_number] .errorlist")).to_have_text("Nomor P-IRT harus 15 digit angka.")
    expect(page.get_by_label("Nomor P-IRT")).to_have_value("2063324")
    page.get_by_label("Nomor P-IRT").fill("206332401234526")
    page.locator("fieldset[data-kind=pirt] input[type=file]").set_input_files(png_file(tmp_path))
    page.get_by_test_id("save").click()
    expect(page.get_by_text("Sertifikat disimpan.")).to_be_visible()
    expect(page.get_by_test_id("certifications").locator("li[data-kind=pirt]")).to_contain_text(
        "menunggu pemeriksaan petugas"
    )
    assert Certification.objects.get(business=business, kind="pirt").is_verified is False

    # Business data: free fields save at once and the business stays verified.
    page.get_by_role("link", name="Data usaha", exact=True).click()
    expect(page.get_by_role("heading", name="Ubah data usaha")).to_be_visible()
    page.get_by_label("Deskripsi singkat").fill("Keripik singkong pedas manis, digoreng setiap pagi.")
    page.get_by_label("Jumlah tenaga kerja").fill("4")
    page.get_by_test_id("save").click()
    expect(page.get_by_text("Perubahan data usaha disimpan.")).to_be_visible()
    expect(page.get_by_test_id("business-status")).to_contain_text("Terverifikasi")

    # The NIB is an identity field: saving it needs the owner's confirmation.
    page.get_by_label("NIB", exact=True).fill("9120007654321")
    page.get_by_test_id("save").click()
    expect(page.locator("[data-field=confirm_reverification] .errorlist")).to_contain_text("Centang pernyataan ini")
    expect(page.get_by_label("NIB", exact=True)).to_have_value("9120007654321")
    page.locator("#id_confirm_reverification").check()
    page.get_by_test_id("save").click()
    expect(page.get_by_text("Usaha Anda diverifikasi ulang oleh DPMPTSP")).to_be_visible()
    expect(page.get_by_test_id("business-status")).to_contain_text("Menunggu verifikasi")

    business.refresh_from_db()
    assert business.nib == "9120007654321" and business.employees == 4
    assert business.status == BusinessStatus.SUBMITTED
    assert business.status_changes.get().reason == "Data identitas diubah pemilik: NIB"
    assert AuditLog.objects.filter(action="business.owner_update", object_id=str(business.pk)).count() == 2
    assert Business.objects.get(pk=business.pk).description.startswith("Keripik singkong pedas")
    context.close()
