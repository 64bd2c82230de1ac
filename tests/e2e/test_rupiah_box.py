"""The rupiah box on a phone: digits are grouped as typed, a value already grouped stays
grouped, and from a decimal-looking dot on ("15000.00") the text is left for the server to question
instead of being regrouped into an amount 100 times larger."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import login
from tests.portal.factories import BusinessFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_types_amounts_the_way_people_do(live_server, browser, phone_context_args):
    business = BusinessFactory(kecamatan_id="33.24.12")
    page = browser.new_context(**phone_context_args, locale="id-ID").new_page()
    login(page, live_server.url, business.owner.username, "/pembiayaan/")

    amount = page.get_by_label("Plafon yang dibutuhkan (Rp)")
    amount.press_sequentially("25000000")
    expect(amount).to_have_value("25.000.000")
    amount.press("Backspace")
    expect(amount).to_have_value("2.500.000")

    loan = page.locator("#id_loan_amount_1")
    loan.press_sequentially("15000.00")
    # Grouped while it read as thousands, left alone from the dot on: never "1.500.000".
    expect(loan).to_have_value("15.000.00")
    page.get_by_label("Tujuan").select_option("modal_kerja")
    page.get_by_label("Jangka waktu (bulan)").fill("24")
    page.locator("#id_loan_type_1").select_option("consumer")
    page.get_by_role("button", name="Cari produk yang cocok").click()

    expect(page.locator("#id_loan_amount_1")).to_have_value("15.000.00")
    expect(page.get_by_text("bisa berarti dua jumlah")).to_be_visible()
    expect(page.get_by_label("Plafon yang dibutuhkan (Rp)")).to_have_value("2.500.000")
