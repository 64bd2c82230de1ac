"""Stripe (localstripe here) unreachable or hung at checkout, and webhooks delivered late,
twice, out of order or before the checkout request has returned: each ends in one correct
final state, stock is counted once and nothing is charged that was not paid."""

import json
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from catalog import orders
from catalog.models import CartItem, Checkout, OrderStatus, PaymentStatus, Product
from catalog.payments import consts, stripe_api
from core.models import Notification
from search.models import PendingIndex
from tests.catalog.factories import ProductFactory, make_checkout, signed_event
from tests.reliability.conftest import CLOSED_PORT_URL

WEBHOOK = "/webhooks/stripe/"
CONTACT = {
    "contact_name": "Budi",
    "contact_phone": "08123456789",
    "contact_email": "budi@example.id",
    "fulfilment": "pickup_gerai",
}


def deliver(client, event_type, obj, event_id):
    payload = json.dumps({"id": event_id, "object": "event", "type": event_type, "data": {"object": obj}}).encode()
    signature = signed_event(payload, django_settings.STRIPE_WEBHOOK_SECRET)
    response = client.post(WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)
    assert response.status_code == 200
    return response.content.decode()


def intent_obj(checkout, intent_id=None):
    return {
        "id": intent_id or checkout.payment_intent_id,
        "object": "payment_intent",
        "status": "succeeded",
        "amount": consts.rupiah_to_stripe_amount(checkout.total),
        "currency": "idr",
        "metadata": {"checkout": checkout.reference},
    }


def charge_refunded(checkout):
    amount = consts.rupiah_to_stripe_amount(checkout.total)
    return {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": checkout.payment_intent_id,
        "amount": amount,
        "amount_refunded": amount,
        "refunded": True,
    }


def buy_one(client, product):
    client.post("/keranjang/tambah/", {"product": product.pk, "quantity": 2})
    return client.post("/keranjang/checkout/", CONTACT)


@pytest.mark.django_db
@pytest.mark.parametrize("outage", ["closed-port", "hung"])
def test_stripe_unreachable_at_checkout_releases_stock_and_charges_nothing(client, settings, outage, request):
    if outage == "hung":
        settings.STRIPE_API_BASE = request.getfixturevalue("silent_server")
        settings.STRIPE_TIMEOUT = 0.5
    else:
        settings.STRIPE_API_BASE = CLOSED_PORT_URL
    product = ProductFactory(stock=5, price=15_000)
    PendingIndex.objects.all().delete()

    started = time.monotonic()
    response = buy_one(client, product)
    elapsed = time.monotonic() - started

    assert response.status_code == 200  # the form again, with the reason, not a 5xx
    assert elapsed < 5, elapsed
    html = response.content.decode()
    assert "Layanan pembayaran sedang tidak dapat dihubungi." in html
    assert "tidak ada dana yang ditagih; keranjang Anda tetap tersimpan" in html
    product.refresh_from_db()
    assert product.stock == 5  # released
    checkout = Checkout.objects.get()
    assert checkout.payment_status == PaymentStatus.FAILED and checkout.stock_released
    assert checkout.payment_intent_id == "" and checkout.client_secret == ""  # nothing can be charged
    assert set(checkout.orders.values_list("status", flat=True)) == {OrderStatus.CANCELLED}
    assert list(CartItem.objects.values_list("product_id", "quantity")) == [(product.pk, 2)]
    assert not Notification.objects.filter(topic="order").exists()
    assert PendingIndex.objects.filter(product_id=product.pk).exists()  # in-stock facet follows

    # A webhook for an intent that is not ours changes nothing.
    stranger = {**intent_obj(checkout, "pi_never"), "metadata": {}}
    assert deliver(client, consts.PAYMENT_INTENT_SUCCEEDED, stranger, "evt_x") == "unknown-intent"
    assert Checkout.objects.get().payment_status == PaymentStatus.FAILED
    # Stripe is back: the same cart goes through.
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    retry = client.post("/keranjang/checkout/", CONTACT)
    paying = Checkout.objects.get(payment_status=PaymentStatus.PENDING)
    assert retry.status_code == 302 and retry["Location"] == f"/keranjang/bayar/{paying.reference}/"
    assert paying.payment_intent_id.startswith("pi_") and paying.client_secret
    assert stripe_api.retrieve_payment_intent(paying.payment_intent_id).amount == 3_000_000
    product.refresh_from_db()
    assert product.stock == 3


def _expire(checkout):
    Checkout.objects.filter(pk=checkout.pk).update(expires_at=timezone.now())
    orders.checkouts_expire()
    return "expired"


SEQUENCES = {
    # id: (steps, final payment status, stock left of 10, paid notifications)
    "twice-same-event": (["succeeded:evt_1", "succeeded:evt_1"], PaymentStatus.PAID, 8, 2),
    "twice-two-event-ids": (["succeeded:evt_1", "succeeded:evt_2"], PaymentStatus.PAID, 8, 2),
    "failed-after-succeeded": (["succeeded:evt_1", "failed:evt_2"], PaymentStatus.PAID, 8, 2),
    "succeeded-after-failed": (["failed:evt_1", "succeeded:evt_2"], PaymentStatus.PAID, 8, 2),
    "failed-redelivered-after-success": (
        ["failed:evt_1", "succeeded:evt_2", "failed:evt_1", "failed:evt_3"],
        PaymentStatus.PAID,
        8,
        2,
    ),
    "late-success-after-expiry": (["expire", "succeeded:evt_1"], PaymentStatus.PAID, 8, 2),
    "late-failure-after-expiry": (["expire", "failed:evt_1"], PaymentStatus.EXPIRED, 10, 0),
    "refund-before-success": (["refunded:evt_1", "succeeded:evt_2"], PaymentStatus.REFUNDED, 10, 0),
    "success-refund-success": (["succeeded:evt_1", "refunded:evt_2", "succeeded:evt_3"], PaymentStatus.REFUNDED, 8, 2),
}


@pytest.mark.django_db
@pytest.mark.parametrize("steps,final,stock,paid_mails", SEQUENCES.values(), ids=SEQUENCES.keys())
def test_webhooks_late_twice_or_out_of_order_end_in_one_state(client, steps, final, stock, paid_mails):
    product = ProductFactory(stock=10, price=15_000)
    checkout = make_checkout((product, 2))
    Checkout.objects.filter(pk=checkout.pk).update(payment_intent_id="pi_seq_1")
    checkout.refresh_from_db()
    for step in steps:
        if step == "expire":
            _expire(checkout)
            continue
        kind, event_id = step.split(":")
        event_type, obj = {
            "succeeded": (consts.PAYMENT_INTENT_SUCCEEDED, intent_obj(checkout)),
            "failed": (consts.PAYMENT_INTENT_FAILED, {**intent_obj(checkout), "status": "requires_payment_method"}),
            "refunded": (consts.CHARGE_REFUNDED, charge_refunded(checkout)),
        }[kind]
        deliver(client, event_type, obj, event_id)
    checkout.refresh_from_db()
    product.refresh_from_db()
    assert checkout.payment_status == final
    assert product.stock == stock
    paid = Notification.objects.filter(topic="order", subject__startswith="Pembayaran").count()
    seller = Notification.objects.filter(topic="order", subject__startswith="Pesanan baru").count()
    assert paid + seller == paid_mails


@pytest.mark.django_db(transaction=True)
def test_the_same_success_delivered_concurrently_pays_once():
    """Stripe retries while the first delivery is still being handled: eight deliveries (four
    redeliveries of one event, four distinct events) race; stock and mail are counted once."""
    from django.db import connections
    from django.test import Client

    product = ProductFactory(stock=10, price=15_000)
    checkout = make_checkout((product, 2))
    Checkout.objects.filter(pk=checkout.pk).update(payment_intent_id="pi_race_1")
    checkout.refresh_from_db()
    barrier = threading.Barrier(8)
    outcomes = []

    def post(event_id):
        try:
            barrier.wait()
            outcomes.append(deliver(Client(), consts.PAYMENT_INTENT_SUCCEEDED, intent_obj(checkout), event_id))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(f"evt_{i % 5}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("paid") == 1
    assert set(outcomes) <= {"paid", "duplicate", "already-paid"}
    checkout.refresh_from_db()
    product.refresh_from_db()
    assert checkout.payment_status == PaymentStatus.PAID and product.stock == 8
    assert Notification.objects.filter(topic="order").count() == 2


@pytest.mark.django_db
def test_webhook_arriving_before_the_checkout_request_stored_the_intent(client):
    """Stripe answered the create call and the payment's success event arrived before this
    request saved the intent id: the event finds the checkout through the intent's metadata,
    and the request finishing afterwards does not undo or repeat anything."""
    product = ProductFactory(stock=10, price=15_000)
    checkout = make_checkout((product, 2))
    # The request's call to Stripe (exactly what checkout_payment_intent sends)...
    intent = stripe_api.create_payment_intent(
        amount_rupiah=checkout.total, reference=checkout.reference, idempotency_key=f"checkout-{checkout.reference}"
    )
    # ... and the webhook lands before the request writes the id.
    assert deliver(client, consts.PAYMENT_INTENT_SUCCEEDED, intent_obj(checkout, intent.id), "evt_early") == "paid"
    stored = Checkout.objects.get(pk=checkout.pk)
    assert stored.payment_status == PaymentStatus.PAID and stored.payment_intent_id == intent.id

    # The request resumes with its stale copy of the checkout.
    after = orders.checkout_payment_intent(checkout=checkout)
    assert after.payment_intent_id == intent.id and after.payment_status == PaymentStatus.PAID
    product.refresh_from_db()
    assert product.stock == 8
    assert Notification.objects.filter(topic="order").count() == 2
    assert set(after.orders.values_list("status", flat=True)) == {OrderStatus.NEW}


@pytest.mark.django_db
def test_pay_page_never_creates_an_intent_for_a_called_off_checkout(client, settings):
    from tests.portal.factories import UserFactory

    settings.STRIPE_API_BASE = CLOSED_PORT_URL
    product = ProductFactory(stock=5)
    client.force_login(UserFactory())
    buy_one(client, product)
    checkout = Checkout.objects.get()
    assert checkout.buyer is not None
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    page = client.get(f"/keranjang/bayar/{checkout.reference}/")
    assert page.status_code == 200
    checkout.refresh_from_db()
    assert checkout.payment_intent_id == "" and checkout.payment_status == PaymentStatus.FAILED
    assert Product.objects.get().stock == 5
