"""A buyer on a phone types a misspelled query, picks a suggestion with the keyboard and
lands on highlighted results; a hopeless typo gets "did you mean"."""
import pytest
from playwright.sync_api import Page, expect

from search.testing import index_now
from tests.search.conftest import build_catalogue


@pytest.mark.django_db(transaction=True)
def test_search_box_suggests_and_keyboard_picks(live_server, browser, phone_context_args):
    build_catalogue()
    index_now()
    context = browser.new_context(**phone_context_args)
    page: Page = context.new_page()
    page.goto(live_server.url + "/")

    box = page.get_by_test_id("site-search")
    box.click()
    box.type("kri", delay=40)
    options = page.get_by_role("option")
    expect(options).to_have_count(2)
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    chosen = options.first.inner_text()
    box.press("Enter")

    page.wait_for_url("**/produk/?q=*")
    expect(page.locator(".product-card mark").first).to_be_visible()
    expect(page.locator(".product-card strong").first).to_have_text(chosen)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_did_you_mean_on_the_catalogue_page(live_server, page: Page):
    build_catalogue()
    index_now()
    page.goto(live_server.url + "/produk/?q=mlonn")
    link = page.get_by_test_id("did-you-mean").get_by_role("link")
    expect(link).to_have_text("melon")
    link.click()
    expect(page.locator(".product-card strong")).to_have_text(["Melon Hijau"])
