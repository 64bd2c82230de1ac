"""Owner matches, consents and submits; a BRI officer moves the lead to approved; the owner
sees the new status."""

import pytest
from playwright.sync_api import Page, expect

from financing.models import Lead
from tests.e2e.helpers import PASSWORD, login
from tests.financing.factories import BankOfficerFactory
from tests.portal.factories import BusinessFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_applies_officer_approves_owner_sees_status(live_server, page: Page, browser, phone_context_args):
    business = BusinessFactory(name="Kripik Tempe Bu Sri", kecamatan_id="33.24.12")
    officer = BankOfficerFactory()

    # Owner, on a phone: match, choose KUR Mikro, consent to BRI, submit.
    owner_context = browser.new_context(**phone_context_args, locale="id-ID")
    owner = owner_context.new_page()
    login(owner, live_server.url, business.owner.username, "/pembiayaan/")
    owner.get_by_label("Plafon yang dibutuhkan (Rp)").press_sequentially("Rp 25.000.000")
    owner.get_by_label("Tujuan").select_option("modal_kerja")
    owner.get_by_label("Jangka waktu (bulan)").fill("24")
    owner.get_by_role("button", name="Cari produk yang cocok").click()

    expect(owner.get_by_test_id("kur-tier")).to_have_text("Skema KUR yang sesuai dengan plafon ini: KUR Mikro.")
    mikro = owner.locator('li.card[data-product="kur-mikro"]')
    expect(mikro).to_contain_text("bunga efektif 6% per tahun.")
    expect(owner.locator('li[data-product="kur-super-mikro"]')).to_contain_text(
        "plafon Rp25.000.000 di atas batas maksimal KUR Super Mikro (Rp10.000.000)."
    )
    mikro.get_by_role("checkbox").check()
    owner.get_by_role("button", name="Lanjut: persetujuan berbagi data").click()

    expect(owner.locator('fieldset[data-lender="bri"]')).to_contain_text("KUR Mikro")
    owner.get_by_test_id("consent-bri").check()
    owner.get_by_role("button", name="Kirim pengajuan").click()

    expect(owner).to_have_url(f"{live_server.url}/pembiayaan/pengajuan/")
    row = owner.get_by_test_id("owner-leads").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("KUR Mikro")
    expect(row).to_contain_text("Baru")
    lead = Lead.objects.get()

    # Officer: open the lead, reveal the consented data, move it to approved.
    officer_context = browser.new_context(locale="id-ID")
    bank = officer_context.new_page()
    # The officer signs in from the header like anyone else and lands on the bank's leads.
    bank.goto(live_server.url + "/")
    bank.get_by_role("link", name="Masuk").click()
    bank.get_by_label("Nama pengguna atau email").fill(officer.user.username)
    bank.get_by_label("Kata sandi").fill(PASSWORD)
    bank.get_by_role("button", name="Masuk").click()
    expect(bank).to_have_url(f"{live_server.url}/bank/")
    expect(bank.get_by_test_id("nav-bank")).to_have_attribute("aria-current", "page")
    bank.get_by_role("link", name=f"#{lead.pk}").click()
    expect(bank.get_by_test_id("nik")).to_have_text(business.owner.owner_profile.nik_masked)
    bank.get_by_test_id("reveal").click()
    expect(bank.get_by_test_id("nik")).to_have_text(business.owner.owner_profile.nik)
    for status, label in (("contacted", "Sudah dihubungi"), ("surveyed", "Sudah disurvei"), ("approved", "Disetujui")):
        bank.get_by_label("Status baru").select_option(status)
        bank.get_by_label("Catatan").fill(f"Langkah {label}")
        bank.get_by_role("button", name="Simpan").click()
        expect(bank.get_by_test_id("lead-status")).to_have_text(label)

    # Owner sees the new status.
    owner.reload()
    expect(owner.get_by_test_id("owner-leads").locator("tbody tr")).to_contain_text("Disetujui")
    owner_context.close()
    officer_context.close()
