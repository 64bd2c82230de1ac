"""Browser journeys of registration: an owner on a phone (with one failed submit), DPMPTSP
staff verifying in the Wagtail admin, the profile in the public directory, and a walk-in owner
registered at the counter."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import Notification
from portal import roles
from registry.models import Business, BusinessStatus, Consent
from tests.portal.factories import BusinessFactory, OwnerProfileFactory, UserFactory
from tests.portal.signup import confirmation_path

GOOD_NIK = "3324015708900001"
BAD_NIK = "3324013208900001"  # day 32


def fill_business_steps(page: Page, name: str, nib: str, masked_nik: str):
    expect(page.get_by_test_id("progress")).to_contain_text("Langkah 2 dari 5")
    page.get_by_label("Nama usaha").fill(name)
    page.get_by_label("NIB").fill(nib)
    page.get_by_role("textbox", name="Kode KBLI", exact=True).fill("10794")
    page.get_by_label("Tahun mulai usaha").fill("2019")
    # Typed on the keypad as people do: digits only (grouped as typed) and with their own dots.
    capital = page.get_by_label("Modal usaha (Rp, di luar tanah dan bangunan)")
    capital.press_sequentially("40000000")
    expect(capital).to_have_value("40.000.000")
    page.get_by_label("Omzet per tahun (Rp)").press_sequentially("150.000.000")
    expect(page.get_by_label("Omzet per tahun (Rp)")).to_have_value("150.000.000")
    page.get_by_label("Jumlah tenaga kerja").fill("3")
    page.get_by_test_id("next").click()

    expect(page.get_by_test_id("progress")).to_contain_text("Langkah 3 dari 5")
    page.get_by_label("Kecamatan").select_option("33.24.12")
    page.locator("[data-desa-select]").select_option("33.24.12.2001")
    page.get_by_label("Alamat (jalan, RT/RW)").fill("Jl. Pemuda No. 5, RT 02/RW 01")
    page.get_by_test_id("next").click()

    expect(page.get_by_test_id("progress")).to_contain_text("Langkah 4 dari 5")
    page.get_by_label("Nomor Sertifikat Halal").fill("ID33240000123456")
    page.get_by_test_id("next").click()

    expect(page.get_by_test_id("progress")).to_contain_text("Langkah 5 dari 5")
    expect(page.get_by_test_id("summary")).to_contain_text(name)
    expect(page.get_by_test_id("summary")).to_contain_text(masked_nik)
    page.locator("#id_registration_processing").check()
    page.locator("#id_public_profile").check()


@pytest.mark.django_db(transaction=True)
def test_owner_registers_on_a_phone_staff_verify_and_profile_appears(live_server, browser, phone_context_args):
    staff = UserFactory(username="petugas", roles=[roles.COUNTER_STAFF])
    context = browser.new_context(**phone_context_args, locale="id-ID")
    page = context.new_page()
    page.goto(live_server.url + "/daftar-usaha/")
    expect(page.get_by_test_id("progress")).to_contain_text("Langkah 1 dari 5")
    page.get_by_label("Nama lengkap sesuai KTP").fill("Siti Rahayu")
    page.get_by_label("NIK").fill(BAD_NIK)
    page.get_by_label("Nomor HP/WhatsApp").fill("0812 3456 7890")
    page.get_by_label("Alamat email").fill("siti@example.id")
    page.get_by_label("Tampilkan tombol WhatsApp di profil usaha saya").check()
    page.get_by_label("Kata sandi").fill("kripik-tempe-2026")
    page.get_by_test_id("next").click()

    # The failed submit says why and keeps every value typed.
    expect(page.get_by_test_id("form-error-summary")).to_be_visible()
    expect(page.locator("[data-field=nik] .errorlist")).to_have_text("Tanggal lahir dalam NIK tidak valid.")
    expect(page.get_by_label("NIK")).to_have_value(BAD_NIK)
    expect(page.get_by_label("Nama lengkap sesuai KTP")).to_have_value("Siti Rahayu")
    expect(page.get_by_label("Nomor HP/WhatsApp")).to_have_value("0812 3456 7890")
    expect(page.get_by_label("Alamat email")).to_have_value("siti@example.id")
    expect(page.get_by_label("Tampilkan tombol WhatsApp di profil usaha saya")).to_be_checked()
    expect(page.get_by_label("Kata sandi")).to_have_value("kripik-tempe-2026")
    assert Business.objects.count() == 0

    page.get_by_label("NIK").fill(GOOD_NIK)
    page.get_by_test_id("next").click()
    # No account until the link e-mailed to the address is opened (issue 17, finding 5).
    expect(page.get_by_test_id("check-email")).to_contain_text("siti@example.id")
    assert Business.objects.count() == 0
    page.goto(live_server.url + confirmation_path("siti@example.id"))
    page.get_by_test_id("confirm-signup").click()
    fill_business_steps(page, "Kripik Tempe Bu Siti", "9120001234567", "3324••••••••0001")
    page.get_by_test_id("submit").click()

    expect(page.get_by_test_id("status")).to_have_text("Menunggu verifikasi")
    number = page.get_by_test_id("registration-number").inner_text()
    business = Business.objects.get(registration_number=number)
    assert business.status == BusinessStatus.SUBMITTED and business.owner.email == "siti@example.id"
    assert (business.capital, business.annual_sales) == (40_000_000, 150_000_000)
    context.close()

    # DPMPTSP staff verify in the Wagtail admin, confirm, and go on to the next registration waiting.
    waiting_next = BusinessFactory(
        name="Batik Tulis Bu Wati", status=BusinessStatus.SUBMITTED, verified_at=None, submitted_at=timezone.now()
    )
    admin = browser.new_page(viewport={"width": 1280, "height": 900})
    admin.goto(live_server.url + "/admin/login/")
    admin.locator("input[name=username]").fill("petugas")
    admin.locator("input[name=password]").fill("rahasia-123")
    admin.locator("input[name=password]").press("Enter")
    admin.wait_for_url(live_server.url + "/admin/")
    # The admin home shows the waiting registrations, count first, each with a link to review.
    expect(admin.get_by_test_id("queue-count")).to_contain_text("2 pendaftaran menunggu verifikasi")
    admin.get_by_role("link", name="Periksa Kripik Tempe Bu Siti").click()
    expect(admin.get_by_test_id("review-status")).to_contain_text("Menunggu verifikasi")
    admin.get_by_test_id("action-verify").click()
    # Verifying asks first; nothing is published until the second press.
    expect(admin.get_by_test_id("verify-confirm")).to_contain_text("tampil di direktori publik")
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED
    admin.get_by_role("button", name="Ya, verifikasi").click()
    expect(admin.get_by_test_id("review-status")).to_contain_text("Terverifikasi")
    expect(admin.get_by_test_id("next-in-queue")).to_contain_text("Batik Tulis Bu Wati")
    assert admin.get_by_test_id("wa-link").get_attribute("href").startswith("https://wa.me/6281234567890?text=")
    expect(admin.get_by_test_id("history")).to_contain_text("Terverifikasi")
    business.refresh_from_db()
    assert business.status == BusinessStatus.VERIFIED
    assert Notification.objects.filter(topic="business.verified", recipient="siti@example.id").count() == 1
    assert business.status_changes.last().actor == staff
    admin.get_by_role("link", name="Periksa berikutnya").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Batik Tulis Bu Wati")
    expect(admin.get_by_test_id("review-status")).to_contain_text("Menunggu verifikasi")
    assert admin.url.endswith(f"/admin/verifikasi/{waiting_next.pk}/")

    # The profile appears in the public directory, without NIK, with the WhatsApp button.
    visitor = browser.new_page()
    visitor.goto(live_server.url + "/usaha/?kecamatan=33.24.12")
    visitor.get_by_role("link", name="Kripik Tempe Bu Siti").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Kripik Tempe Bu Siti")
    expect(visitor.get_by_test_id("whatsapp")).to_be_visible()
    assert GOOD_NIK not in visitor.content()


@pytest.mark.django_db(transaction=True)
def test_counter_staff_register_a_walk_in_owner(live_server, page: Page):
    staff = UserFactory(username="loket1", roles=[roles.COUNTER_STAFF])
    page.goto(live_server.url + "/akun/login/?next=/daftar-usaha/loket/")
    page.get_by_label("Nama pengguna atau email").fill("loket1")
    page.get_by_label("Kata sandi").fill("rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("assisted-notice")).to_be_visible()

    page.get_by_label("Nama lengkap sesuai KTP").fill("Budi Santoso")
    page.get_by_label("NIK").fill("3324011708850002")
    page.get_by_label("Nomor HP/WhatsApp").fill("+62 857-1234-5678")
    page.get_by_label("Alamat email").fill("budi@example.id")
    page.get_by_test_id("next").click()
    fill_business_steps(page, "Bandeng Presto Pak Budi", "9120007654321", "3324••••••••0002")
    page.get_by_test_id("submit").click()
    expect(page.locator("[data-field=read_to_owner] .errorlist")).to_have_text("Konfirmasi bahwa pemilik menyetujui.")
    expect(page.locator("#id_registration_processing")).to_be_checked()
    page.locator("#id_read_to_owner").check()
    page.get_by_test_id("submit").click()

    expect(page.get_by_test_id("status")).to_have_text("Menunggu verifikasi")
    business = Business.objects.get(name="Bandeng Presto Pak Budi")
    assert business.registered_by == staff and business.owner.email == "budi@example.id"
    assert not business.owner.has_usable_password()
    assert Notification.objects.filter(topic="owner.invitation", recipient="budi@example.id").count() == 1
    assert set(Consent.objects.filter(business=business).values_list("user_id", "collected_by_id")) == {
        (business.owner_id, staff.pk)
    }
    receipt = page.request.get(live_server.url + f"/daftar-usaha/{business.pk}/tanda-terima.pdf")
    assert receipt.status == 200 and receipt.body().startswith(b"%PDF-")


@pytest.mark.django_db(transaction=True)
def test_counter_staff_meet_a_squatted_nik_choose_a_new_account_and_release_the_claim(live_server, page: Page):
    """Issue 17, finding 1: someone typed Budi's NIK online first. At the counter staff see that
    account, choose a new one for the person holding the e-KTP, and release the squatter's claim."""
    squatter = OwnerProfileFactory(nik="3324011708850002", full_name="Peniru", email="peniru@example.id")
    UserFactory(username="loket1", roles=[roles.COUNTER_STAFF])
    page.goto(live_server.url + "/akun/login/?next=/daftar-usaha/loket/")
    page.get_by_label("Nama pengguna atau email").fill("loket1")
    page.get_by_label("Kata sandi").fill("rahasia-123")
    page.get_by_role("button", name="Masuk").click()

    page.get_by_label("Nama lengkap sesuai KTP").fill("Budi Santoso")
    page.get_by_label("NIK").fill("3324 0117 0885 0002")
    page.get_by_label("Nomor HP/WhatsApp").fill("0857-1234-5678")
    page.get_by_label("Alamat email").fill("budi@example.id")
    page.get_by_test_id("next").click()
    holders = page.get_by_test_id("nik-holders")
    expect(holders).to_contain_text("Peniru")
    expect(holders).to_contain_text("NIK belum dikonfirmasi")
    expect(page.get_by_label("Nama lengkap sesuai KTP")).to_have_value("Budi Santoso")
    page.get_by_label("Bukan akun pemilik ini: buat akun baru untuk pemilik e-KTP").check()
    page.get_by_test_id("next").click()
    expect(page.get_by_label("Nama usaha")).to_be_visible()
    budi = Business.objects.get().owner.owner_profile
    assert budi.full_name == "Budi Santoso" and budi.nik_confirmed_via == "counter"

    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Sengketa NIK").click()
    row = page.locator(f"[data-profile='{squatter.pk}']")
    expect(row).to_contain_text("Budi Santoso")
    row.get_by_role("button", name="Lepaskan NIK dari akun ini").click()
    expect(page.get_by_test_id("nik-disputes")).to_contain_text("Tidak ada sengketa NIK.")
    squatter.refresh_from_db()
    assert squatter.nik == ""
