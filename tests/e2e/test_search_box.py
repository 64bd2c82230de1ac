"""A buyer on a phone types a misspelled query, picks a suggestion with the keyboard and
lands on highlighted results; a hopeless typo gets "did you mean"; a query that finds nothing
is relaxed or shows categories and popular products, never a dead end."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from search.testing import drop_indexes, index_now
from tests.e2e.pages import page_problems
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


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "search"


@pytest.fixture(autouse=True)
def fresh_index():
    """Each journey starts from a new index: one left by an earlier test keeps its documents'
    analysis and made a relaxed query find four products instead of two in a full run."""
    drop_indexes()
    yield


@pytest.mark.django_db(transaction=True)
def test_misspelled_query_on_a_phone_gets_did_you_mean_and_never_a_dead_end(live_server, browser, phone_context_args):
    build_catalogue()
    index_now()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(**phone_context_args)
    page: Page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + "/")

    # A hopeless typo and a word that matches: the page says what it shows and how to fix it.
    box = page.get_by_test_id("site-search")
    box.tap()
    box.press_sequentially("mlonn hijau", delay=30)
    box.press("Enter")
    page.wait_for_url("**/produk/?q=mlonn+hijau")
    expect(page.get_by_test_id("search-relaxed")).to_have_text(
        "Tidak ada hasil untuk “mlonn hijau”. Menampilkan hasil untuk “hijau”."
    )
    expect(page.locator(".product-card strong")).to_have_count(2)
    link = page.get_by_test_id("did-you-mean").get_by_role("link")
    expect(link).to_have_text("melon hijau")
    page.screenshot(path=str(SCREENSHOTS / "relaxed-390.png"), full_page=True)
    assert page_problems(page) == []

    link.tap()
    page.wait_for_url("**/produk/?q=melon+hijau")
    expect(page.locator(".product-card strong")).to_have_text(["Melon Hijau"])
    expect(page.locator(".product-card mark")).to_have_text(["Melon", "Hijau"])
    expect(page.get_by_test_id("search-relaxed")).to_have_count(0)

    # Nothing at all, with a filter: categories, popular products and ways back.
    page.goto(live_server.url + "/produk/?q=zzzqqxx&category=kerajinan")
    help_section = page.get_by_test_id("no-results")
    expect(help_section.get_by_test_id("help-categories").get_by_role("link")).to_have_count(4)
    expect(help_section.get_by_test_id("help-products").locator(".product-card")).to_have_count(4)
    page.screenshot(path=str(SCREENSHOTS / "no-results-390.png"), full_page=True)
    assert page_problems(page) == []
    help_section.get_by_test_id("drop-filters").tap()
    page.wait_for_url("**/produk/?q=zzzqqxx")
    expect(page.get_by_test_id("drop-filters")).to_have_count(0)
    help_section.get_by_role("link", name="Makanan & Minuman (8)").tap()
    page.wait_for_url("**/produk/?category=makanan-minuman")
    expect(page.locator(".product-card")).to_have_count(8)
    assert errors == []
    context.close()

    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    page = wide.new_page()
    page.goto(live_server.url + "/produk/?q=mlonn+hijau")
    page.screenshot(path=str(SCREENSHOTS / "relaxed-1280.png"), full_page=True)
    page.goto(live_server.url + "/produk/?q=zzzqqxx&category=kerajinan")
    page.screenshot(path=str(SCREENSHOTS / "no-results-1280.png"), full_page=True)
    wide.close()
