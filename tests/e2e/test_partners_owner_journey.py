"""An owner, on a phone, sees why a product is not ready for GoFood, fixes the operating hours
through the link the readiness page gives, and opts the product in."""

import pytest
from playwright.sync_api import expect

from partners.models import ChannelListing
from tests.e2e.helpers import login
from tests.partners.factories import delivery_ready_product
from tests.portal.factories import BusinessFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_fixes_hours_and_opts_a_product_in_to_gofood(live_server, browser, phone_context_args):
    business = BusinessFactory(name="Warung Sambal Bu Tini")
    product = delivery_ready_product(business=business, hours=False, name="Sambal Bawang Bu Tini")
    context = browser.new_context(**phone_context_args, locale="id-ID")
    page = context.new_page()
    login(page, live_server.url, business.owner.username, "/mitra/produk/")

    gofood = page.locator(f'section[data-product="{product.pk}"] li[data-channel="gofood"]')
    expect(gofood).to_contain_text("Belum siap")
    gofood.locator("summary").click()  # the problems are folded under "N hal perlu diperbaiki"
    problem = gofood.locator("li", has_text="Jam operasional outlet belum diisi.")
    problem.get_by_role("link", name="Perbaiki").click()

    # A wrong pair first: the error is shown and what was typed stays.
    page.locator('input[name="open_0"]').fill("17:00")
    page.locator('input[name="close_0"]').fill("08:00")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Senin: isi jam buka dan tutup (buka sebelum tutup).")).to_be_visible()
    expect(page.locator('input[name="open_0"]')).to_have_value("17:00")

    page.locator('input[name="open_0"]').fill("08:00")
    page.locator('input[name="close_0"]').fill("17:00")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Jam operasional disimpan.")).to_be_visible()

    gofood = page.locator(f'section[data-product="{product.pk}"] li[data-channel="gofood"]')
    expect(gofood.get_by_test_id("ready")).to_have_text("Siap")
    gofood.get_by_test_id("opt-in").click()
    gofood = page.locator(f'section[data-product="{product.pk}"] li[data-channel="gofood"]')
    expect(gofood.get_by_test_id("opt-out")).to_be_visible()
    # Back at the row acted on, not at the top of the page.
    assert page.url.endswith(f"/mitra/produk/#produk-{product.pk}-gofood")
    assert (
        page.evaluate("window.scrollY") > 0
        or page.evaluate(f"document.getElementById('produk-{product.pk}-gofood').getBoundingClientRect().top") < 844
    )
    listing = ChannelListing.objects.get(product=product, channel__code="gofood")
    assert listing.is_opted_in and listing.opted_in_by == business.owner
    context.close()
