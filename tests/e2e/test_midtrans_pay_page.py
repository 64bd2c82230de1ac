"""The Midtrans stand-in's pay page on a phone: a person (or a later checkout journey) opens the
QRIS charge's page, sees the amount and the QR, presses "Bayar sekarang", and the signed
settlement notification goes out."""

import pytest
from playwright.sync_api import expect

from catalog.payments import midtrans_api as midtrans
from catalog.payments.midtrans_api import Method
from tests.catalog.midtrans import Receiver, ensure_standin, order_id, standin_url


@pytest.mark.e2e
def test_a_qris_charge_is_paid_from_the_pay_page_on_a_phone(browser, phone_context_args):
    ensure_standin()
    receiver = Receiver()
    try:
        charge = midtrans.charge(order_id(), 27_500, Method.QRIS, notification_url=receiver.url)
        context = browser.new_context(**phone_context_args)
        page = context.new_page()

        page.goto(standin_url(f"transactions/{charge.order_id}"))
        expect(page.locator("[data-field='Jumlah']")).to_have_text("Rp 27.500")
        expect(page.get_by_role("img", name="QR")).to_be_visible()
        page.get_by_role("button", name="Bayar sekarang").click()

        expect(page.locator("[data-field='Status']")).to_have_text("settlement")
        expect(page.get_by_role("button", name="Bayar sekarang")).to_have_count(0)
        settlement = receiver.wait(charge.order_id, 2)[1]
        assert settlement["transaction_status"] == "settlement" and midtrans.verify_notification(settlement)
        assert midtrans.status(charge.order_id).is_paid
        context.close()
    finally:
        receiver.close()
