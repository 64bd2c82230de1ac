"""An owner on a phone who does not know the KBLI code finds it by words in the registration
wizard ("keripik", then "warung makan"), taps the suggestions and saves the step; an owner on a
desktop does the same on the edit page with a typo ("bengkl motor"). No CSP violation on the way."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from registry.models import Business
from tests.e2e.helpers import login
from tests.e2e.test_csp import Watch
from tests.portal.factories import BusinessFactory
from tests.portal.signup import confirmation_path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def suggestion(page: Page, code: str):
    """The button "10794 · Industri …" (an added one reads "✓ 10794 · …")."""
    return page.get_by_test_id("kbli-results").get_by_role("button", name=re.compile(rf"\b{code} · "))


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_on_a_phone_finds_the_kbli_code_by_words(live_server, browser, phone_context_args):
    context = browser.new_context(**phone_context_args, locale="id-ID")
    watch = Watch(context)
    page = context.new_page()
    page.goto(live_server.url + "/daftar-usaha/")
    page.get_by_label("Nama lengkap sesuai KTP").fill("Wati Lestari")
    page.get_by_label("NIK").fill("3324015708900001")
    page.get_by_label("Nomor HP/WhatsApp").fill("0812 3456 7890")
    page.get_by_label("Alamat email").fill("wati@example.id")
    page.get_by_label("Kata sandi").fill("keripik-pisang-2026")
    page.get_by_test_id("next").click()
    expect(page.get_by_test_id("check-email")).to_be_visible()
    page.goto(live_server.url + confirmation_path("wati@example.id"))
    page.get_by_test_id("confirm-signup").click()

    expect(page.get_by_test_id("progress")).to_contain_text("Langkah 2 dari 5")
    page.get_by_label("Nama usaha").fill("Keripik Pisang Bu Wati")
    search = page.get_by_label("Cari kode KBLI dengan kata")
    search.tap()
    search.press_sequentially("keripik", delay=60)
    first = suggestion(page, "10794")
    expect(first).to_have_text("10794 · Industri kerupuk, keripik, peyek dan sejenisnya")
    # Finger-sized and as wide as the form on a 390 px screen.
    box, field = first.bounding_box(), search.bounding_box()
    assert box["height"] >= 40 and box["width"] >= field["width"] - 2
    # Enter searches; it does not submit the step half filled.
    search.press("Enter")
    expect(page.get_by_test_id("progress")).to_contain_text("Langkah 2 dari 5")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kbli-search-390.png"), full_page=True)

    first.tap()
    kbli = page.locator("#id_kbli_codes")
    expect(kbli).to_have_value("10794")
    expect(page.get_by_role("status").filter(has_text="10794")).to_have_text(
        "Kode 10794 ditambahkan sebagai KBLI utama."
    )

    # A second activity: the code is added after the main one.
    search.fill("")
    search.press_sequentially("warung makan", delay=40)
    suggestion(page, "56102").tap()
    expect(kbli).to_have_value("10794, 56102")
    suggestion(page, "56102").tap()
    expect(kbli).to_have_value("10794, 56102")
    expect(page.get_by_role("status").filter(has_text="56102")).to_have_text("Kode 56102 sudah ada di kolom Kode KBLI.")
    page.get_by_label("Cari kode KBLI dengan kata").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "kbli-search-390-added.png"))

    page.get_by_label("Tahun mulai usaha").fill("2020")
    page.get_by_label("Modal usaha (Rp, di luar tanah dan bangunan)").press_sequentially("15000000")
    page.get_by_label("Jumlah tenaga kerja").fill("2")
    page.get_by_test_id("next").click()
    expect(page.get_by_test_id("progress")).to_contain_text("Langkah 3 dari 5")
    business = Business.objects.get(name="Keripik Pisang Bu Wati")
    assert business.primary_kbli.code == "10794"
    assert sorted(business.kbli_codes.values_list("code", flat=True)) == ["10794", "56102"]
    assert watch.violations(page) == []
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_adds_a_code_found_with_a_typo_on_the_edit_page(live_server, browser):
    business = BusinessFactory(name="Bengkel Pak Darto", kbli="45201")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    watch = Watch(context)
    page = context.new_page()
    login(page, live_server.url, business.owner.username, f"/akun/usaha/{business.pk}/ubah/")
    expect(page.get_by_role("heading", name="Ubah data usaha")).to_be_visible()
    search = page.get_by_label("Cari kode KBLI dengan kata")
    expect(search).to_be_visible()  # registration.js has set it up
    search.press_sequentially("bengkl motor", delay=40)
    expect(page.get_by_test_id("kbli-results").get_by_role("button").first).to_have_text(
        "45407 · Reparasi dan perawatan sepeda motor"
    )
    # A single letter is refused with the endpoint's reason.
    search.fill("b")
    expect(page.get_by_role("status").filter(has_text="minimal")).to_have_text("Ketik minimal 2 huruf atau angka.")
    search.fill("bengkl motor")
    expect(suggestion(page, "45407")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kbli-search-1280.png"), full_page=True)
    suggestion(page, "45407").click()
    expect(page.locator("#id_kbli_codes")).to_have_value("45201, 45407")
    page.get_by_test_id("save").click()
    expect(page.get_by_text("Perubahan data usaha disimpan.")).to_be_visible()
    assert sorted(business.kbli_codes.values_list("code", flat=True)) == ["45201", "45407"]
    assert watch.violations(page) == []
    context.close()

    # Without JavaScript the search box is not offered and the codes are typed as before.
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    login(page, live_server.url, business.owner.username, f"/akun/usaha/{business.pk}/ubah/")
    expect(page.locator("#id_kbli_codes")).to_have_value("45201, 45407")
    expect(page.get_by_label("Cari kode KBLI dengan kata")).to_be_hidden()
    page.locator("#id_kbli_codes").fill("45407")
    page.get_by_test_id("save").click()
    expect(page.get_by_text("Perubahan data usaha disimpan.")).to_be_visible()
    business.refresh_from_db()
    assert business.primary_kbli.code == "45407"
    context.close()
