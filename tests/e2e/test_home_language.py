import pytest
from playwright.sync_api import Page, expect


@pytest.mark.django_db(transaction=True)
def test_visitor_opens_home_and_switches_to_english(live_server, page: Page):
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Produk", exact=True)).to_be_visible()

    page.get_by_test_id("lang-en").click()

    expect(page).to_have_url(live_server.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Products", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("UMKM products and business services in one showcase")
