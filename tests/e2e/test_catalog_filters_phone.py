"""A buyer on a phone filters the catalogue: the filters close after Terapkan, the chosen ones
show as chips, and tapping a chip drops that filter."""

import pytest
from playwright.sync_api import expect

from search.testing import index_now
from tests.catalog.factories import CategoryFactory, ProductFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_buyer_filters_then_drops_a_filter_on_a_phone(live_server, browser, phone_context_args):
    food, craft = CategoryFactory(), CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)
    ProductFactory(name="Kripik Tempe Pedas", category=food, price=15_000)
    ProductFactory(name="Tampah Bambu", category=craft, price=45_000)
    index_now()  # the catalogue lists through the search index (Celery indexes after commit)
    page = browser.new_context(**phone_context_args, locale="id-ID").new_page()
    page.goto(live_server.url + "/produk/")
    page.get_by_text("Saring", exact=True).click()
    page.get_by_label("Kategori").select_option("kerajinan")
    page.get_by_label("Rp 25.000 – Rp 100.000 (1)").check()
    page.get_by_role("button", name="Terapkan").click()

    expect(page.locator(".catalog-filters details")).not_to_have_attribute("open", "")
    chips = page.get_by_test_id("active-filters")
    expect(chips).to_contain_text("Kerajinan")
    expect(page.get_by_role("link", name="Tampah Bambu")).to_be_visible()
    expect(page.get_by_role("link", name="Kripik Tempe Pedas")).to_have_count(0)

    page.get_by_role("link", name="Hapus saringan Kerajinan").click()
    expect(page.get_by_test_id("active-filters")).not_to_contain_text("Kerajinan")
    expect(page.get_by_test_id("active-filters")).to_contain_text("Rp 25.000 – Rp 100.000")
