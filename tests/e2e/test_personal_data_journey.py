"""An owner asks for a copy of their data (built by the real Celery worker, progress on the
page), downloads the ZIP, withdraws a consent and asks for deletion; DPMPTSP staff carry out the
deletion in the Wagtail admin, after which the owner can no longer log in."""

import json
import zipfile

import pytest
from playwright.sync_api import Page, expect

from portal.models import User
from privacy.models import DataRequest
from registry.models import Consent, OwnerProfile
from tests.e2e.helpers import PASSWORD, login
from tests.portal.factories import BusinessFactory, UserFactory


@pytest.mark.e2e
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_owner_downloads_their_data_and_asks_for_deletion_staff_process_it(
    live_server, page: Page, browser, celery_worker_process, tmp_path
):
    base = live_server.url
    business = BusinessFactory(name="Kripik Tempe Bu Ani", owner__username="ani")
    owner = business.owner
    profile = owner.owner_profile
    profile.nik = "3324015708900001"
    profile.save()
    consent = Consent.objects.create(
        user=owner,
        business=business,
        purpose="program_information",
        text_version="2026-01",
        text="Saya bersedia dihubungi tentang program UMKM.",
    )
    UserFactory(username="petugas", roles=["counter_staff"])

    # The owner finds the page from their account and asks for a copy.
    login(page, base, "ani", "/akun/")
    page.get_by_test_id("personal-data-link").click()
    expect(page.get_by_role("heading", name="Data pribadi saya")).to_be_visible()
    page.get_by_test_id("request-export").click()
    expect(page.locator(".message-success")).to_contain_text("sedang disiapkan")
    download_link = page.get_by_test_id("download-export")
    expect(download_link).to_be_visible(timeout=60_000)  # the page follows the worker, then reloads
    expect(page.locator('[data-kind="export"]')).to_have_attribute("data-status", "done")
    with page.expect_download() as download_info:
        download_link.click()
    path = tmp_path / "data.zip"
    download_info.value.save_as(path)
    data = json.loads(zipfile.ZipFile(path).read("data.json"))
    assert data["profile"]["owner_profile"]["nik"] == "3324015708900001"
    assert [b["name"] for b in data["businesses"]] == ["Kripik Tempe Bu Ani"]

    # Withdraws the optional consent.
    row = page.locator('[data-testid="consent"][data-purpose="program_information"]')
    row.get_by_test_id("withdraw-consent").click()
    expect(page.locator(".message-success")).to_contain_text("Persetujuan ditarik")
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None

    # Asks for deletion (the box must be ticked).
    page.get_by_label("Alasan (tidak wajib)").fill("Usaha sudah tutup.")
    page.get_by_test_id("confirm-deletion").check()
    page.get_by_test_id("request-deletion").click()
    expect(page.get_by_test_id("deletion-pending")).to_be_visible()
    request_pk = DataRequest.objects.get(user=owner, kind="deletion").pk

    # Staff open the request in the Wagtail admin and carry it out.
    staff = browser.new_page()
    staff.goto(f"{base}/admin/login/")
    staff.locator("input[name=username]").fill("petugas")
    staff.locator("input[name=password]").fill(PASSWORD)
    staff.locator("input[name=password]").press("Enter")
    staff.wait_for_url(f"{base}/admin/")
    staff.goto(f"{base}/admin/data-pribadi/")
    staff.get_by_role("link", name=str(request_pk), exact=True).click()
    expect(staff.get_by_test_id("data-request")).to_contain_text("Usaha sudah tutup.")
    staff.get_by_label("Catatan", exact=True).fill("KTP dicek di loket.")
    staff.get_by_test_id("confirm-process").check()
    staff.get_by_test_id("process-deletion").click()
    expect(staff.get_by_test_id("data-request")).to_have_attribute("data-status", "done")
    expect(staff.get_by_test_id("data-request")).to_contain_text("akun nonaktif")

    owner = User.objects.get(pk=owner.pk)
    assert not owner.is_active and OwnerProfile.objects.get(user=owner).nik == ""
    # The owner's open session is gone.
    page.goto(f"{base}/akun/data/")
    assert "/akun/login/" in page.url
