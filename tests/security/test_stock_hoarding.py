"""Stock hoarding (issue 17, finding 4): one anonymous unpaid checkout reserved all 7 units of a
product for 30 minutes, repeatably. Now an anonymous checkout holds for a short time, what may
be held is bounded (per product in one checkout, per client and per address, and the share of a
product's stock all anonymous checkouts hold together), and a checkout the buyer leaves gives its
stock back at once (catalog/holds.py, catalog.orders.checkout_cancel)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import stripe
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from catalog import orders
from catalog.exceptions import CatalogError, HoldLimit
from catalog.models import Cart, CartItem, Checkout, PaymentStatus, Product
from catalog.payments import stripe_api
from tests.catalog.factories import ProductFactory, make_checkout
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTACT = {
    "contact_name": "Budi Santoso",
    "contact_phone": "0812 3456 7890",
    "contact_email": "budi@example.id",
    "fulfilment": "pickup_seller",
}


def _add(client, product, quantity):
    return client.post("/keranjang/tambah/", {"product": product.pk, "quantity": quantity}, follow=True)


def _checkout(client, **extra):
    return client.post("/keranjang/checkout/", CONTACT, **extra)


def _order(client, product, quantity):
    """Cart and checkout as a buyer does; returns the checkout page's answer."""
    _add(client, product, quantity)
    return _checkout(client)


def _stock(product) -> int:
    return Product.objects.get(pk=product.pk).stock


def _cart_quantities(client) -> dict[int, int]:
    cart_id = client.session.get("catalog_cart_id")
    return dict(CartItem.objects.filter(cart_id=cart_id).values_list("product_id", "quantity"))


# --- the finding, reproduced -------------------------------------------------------------------


def test_one_anonymous_checkout_cannot_take_all_seven_units(client):
    """The attack as found: anonymous, all 7 units, unpaid. It is refused with a message that
    says what can be ordered, the cart is kept, and the stock stays for everyone."""
    product = ProductFactory(name="Bandeng Presto", unit="ekor", stock=7)
    _add(client, product, 7)

    response = _checkout(client)

    assert response.status_code == 200
    assert "Tanpa akun, Bandeng Presto saat ini bisa dipesan paling banyak 4 ekor." in response.content.decode()
    assert _cart_quantities(client) == {product.pk: 7}
    assert _stock(product) == 7 and not Checkout.objects.exists()
    # A signed-in buyer can still buy them all.
    buyer = Client()
    buyer.force_login(UserFactory())
    buyer.post("/keranjang/tambah/", {"product": product.pk, "quantity": 7})
    assert _checkout(buyer).status_code == 302
    assert _stock(product) == 0


def test_fresh_sessions_together_hold_at_most_the_anonymous_share():
    """Clearing cookies between checkouts does not add up to the whole stock: anonymous unpaid
    checkouts hold half of it (rounded up), the rest stays for others."""
    product = ProductFactory(name="Bandeng Presto", unit="ekor", stock=7)
    answers = []
    for _attempt in range(7):
        attacker = Client()  # a new session each time
        _add(attacker, product, 1)
        answers.append(_checkout(attacker).status_code)

    assert answers == [302, 302, 302, 302, 200, 200, 200]
    assert _stock(product) == 3
    refused = _checkout(attacker).content.decode()
    assert "Stok Bandeng Presto sedang ditahan pesanan lain yang belum dibayar." in refused
    # Signed-in buyers are not held back by the anonymous holds.
    buyer = Client()
    buyer.force_login(UserFactory())
    buyer.post("/keranjang/tambah/", {"product": product.pk, "quantity": 3})
    assert _checkout(buyer).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_anonymous_share_holds_under_concurrent_checkouts():
    """Twenty anonymous carts at once for a 5-unit product: exactly 3 (half, rounded up) are
    reserved; the share is counted under the product row lock."""
    _concurrently_passes_with(
        carts=20, product=ProductFactory(stock=5), client_ip=lambda i: None, expected_ok=3, expected_stock=2
    )


# --- hold time ---------------------------------------------------------------------------------


def test_anonymous_checkouts_hold_briefly_and_say_until_when(client):
    product = ProductFactory(stock=10)
    before = timezone.now()
    _order(client, product, 1)
    anonymous = Checkout.objects.get()
    assert (
        before + timedelta(minutes=settings.CATALOG_ANONYMOUS_CHECKOUT_TTL_MINUTES)
        <= anonymous.expires_at
        <= timezone.now() + timedelta(minutes=settings.CATALOG_ANONYMOUS_CHECKOUT_TTL_MINUTES)
    )
    assert settings.CATALOG_ANONYMOUS_CHECKOUT_TTL_MINUTES == 10
    html = client.get(f"/keranjang/bayar/{anonymous.reference}/").content.decode()
    until = timezone.localtime(anonymous.expires_at).strftime("%H:%M")
    assert f"Stok disimpan sampai {until}." in html
    assert "pembeli yang masuk akun mendapat 30 menit" in html

    buyer = Client()
    buyer.force_login(UserFactory())
    buyer.post("/keranjang/tambah/", {"product": product.pk, "quantity": 1})
    _checkout(buyer)
    signed_in = Checkout.objects.exclude(pk=anonymous.pk).get()
    assert timedelta(minutes=29) < signed_in.expires_at - signed_in.created_at <= timedelta(minutes=30)
    assert "pembeli yang masuk akun" not in buyer.get(f"/keranjang/bayar/{signed_in.reference}/").content.decode()


def test_the_sweep_releases_an_anonymous_hold_after_its_short_time():
    product = ProductFactory(stock=10)
    make_checkout((product, 2))
    assert orders.checkouts_expire(now=timezone.now() + timedelta(minutes=9)) == 0
    assert orders.checkouts_expire(now=timezone.now() + timedelta(minutes=11)) == 1
    assert _stock(product) == 10


# --- per-order quantity ------------------------------------------------------------------------


def test_the_cart_refuses_more_than_the_per_order_limit_and_keeps_what_it_had(client, settings):
    settings.CATALOG_MAX_UNITS_PER_PRODUCT = 3
    product = ProductFactory(name="Batik Tulis", unit="lembar", stock=20)

    _add(client, product, 2)
    response = _add(client, product, 2)  # 4 in all

    assert "Batik Tulis paling banyak 3 lembar per pesanan." in response.content.decode()
    assert _cart_quantities(client) == {product.pk: 2}
    line = CartItem.objects.get(product=product)
    response = client.post(f"/keranjang/baris/{line.pk}/", {"quantity": 5}, follow=True)
    assert "Batik Tulis paling banyak 3 lembar per pesanan." in response.content.decode()
    assert _cart_quantities(client) == {product.pk: 2}
    assert 'max="3"' in client.get("/keranjang/").content.decode()
    assert 'max="3"' in client.get(f"/produk/{product.slug}/").content.decode()


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_checkout_refuses_a_line_past_the_per_order_limit(client, settings, signed_in):
    """A line that got past the cart (merged at login, or the limit lowered) is refused at
    checkout with the same message; nothing is reserved and the cart stays."""
    settings.CATALOG_MAX_UNITS_PER_PRODUCT = 3
    product = ProductFactory(name="Batik Tulis", unit="lembar", stock=20)
    if signed_in:
        user = UserFactory()
        client.force_login(user)
        cart = Cart.objects.create(user=user)
    else:
        _add(client, product, 1)
        cart = Cart.objects.get(pk=client.session["catalog_cart_id"])
    CartItem.objects.update_or_create(cart=cart, product=product, defaults={"quantity": 6})

    response = _checkout(client)

    assert response.status_code == 200
    assert "Batik Tulis paling banyak 3 lembar per pesanan." in response.content.decode()
    assert CartItem.objects.get(cart=cart).quantity == 6
    assert _stock(product) == 20 and not Checkout.objects.exists()


def test_the_minimum_order_wins_over_a_smaller_limit(settings):
    settings.CATALOG_MAX_UNITS_PER_PRODUCT = 3
    product = ProductFactory(stock=40, min_order=12)
    checkout = make_checkout((product, 12), buyer=UserFactory())
    assert checkout.total == 12 * product.price


# --- open checkouts per client and per address -------------------------------------------------


def test_open_anonymous_checkouts_per_address_behind_nginx(settings):
    """Fresh sessions from one address: past the limit a clear message; a forged
    X-Forwarded-For in front of nginx's hop changes nothing; another address is not held back."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CATALOG_MAX_OPEN_CHECKOUTS_PER_ADDRESS = 2
    product = ProductFactory(stock=100)
    answers = []
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.5")
        _add(attacker, product, 1)
        answers.append(_checkout(attacker))

    assert [answer.status_code for answer in answers] == [302, 302, 200]
    assert "Terlalu banyak pesanan tanpa akun yang belum dibayar dari jaringan ini." in answers[2].content.decode()
    assert _stock(product) == 98
    neighbour = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    _add(neighbour, product, 1)
    assert _checkout(neighbour).status_code == 302
    # What a checkout keeps is a digest of the address, not the address.
    assert not Checkout.objects.filter(client_address__contains="203.0.113").exists()
    assert Checkout.objects.exclude(client_address="").count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_address_limit_holds_under_concurrent_checkouts(settings):
    settings.CATALOG_MAX_OPEN_CHECKOUTS_PER_ADDRESS = 3
    settings.CATALOG_ANONYMOUS_HOLD_PERCENT = 100
    _concurrently_passes_with(
        carts=10,
        product=ProductFactory(stock=100),
        client_ip=lambda i: "203.0.113.5",
        expected_ok=3,
        expected_stock=97,
    )


def test_a_checkout_being_paid_counts_against_the_client(client, settings):
    """A checkout whose card was charged (webhook not yet in) cannot be called off by a new
    checkout; it stays and counts, so the client cannot pile up holds past the limit."""
    settings.CATALOG_MAX_OPEN_CHECKOUTS_PER_CLIENT = 1
    client.force_login(UserFactory())
    first = ProductFactory(stock=10)
    client.post("/keranjang/tambah/", {"product": first.pk, "quantity": 1})
    _checkout(client)
    charged = Checkout.objects.get()
    _pay_at_localstripe(charged)

    second = ProductFactory(stock=10)
    client.post("/keranjang/tambah/", {"product": second.pk, "quantity": 1})
    response = _checkout(client)

    assert response.status_code == 200
    assert "Anda masih punya pesanan yang belum dibayar." in response.content.decode()
    charged.refresh_from_db()
    assert charged.payment_status == PaymentStatus.PENDING and not charged.stock_released
    assert (_stock(first), _stock(second)) == (9, 10)


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_checkout_reserves_once():
    """Two requests for one cart at once: one checkout, stock taken once."""
    product = ProductFactory(stock=10)
    cart = Cart.objects.create()
    CartItem.objects.create(cart=cart, product=product, quantity=2)
    outcomes = _run_concurrently([cart, cart], client_ip=lambda i: None)
    assert sorted(outcomes) == ["empty", "ok"]
    assert _stock(product) == 8 and Checkout.objects.count() == 1


# --- release on abandonment --------------------------------------------------------------------


def test_cancel_on_the_pay_page_releases_at_once_and_cancels_the_intent(client):
    product = ProductFactory(stock=7)
    _order(client, product, 3)
    checkout = Checkout.objects.get()
    client.get(f"/keranjang/bayar/{checkout.reference}/")  # the page made the PaymentIntent
    checkout.refresh_from_db()
    assert checkout.payment_intent_id and _stock(product) == 4

    response = client.post(f"/keranjang/bayar/{checkout.reference}/batal/", {"action": "cancel"}, follow=True)

    html = response.content.decode()
    assert f"Pesanan {checkout.reference} dibatalkan dan stoknya dilepas." in html
    assert 'data-testid="pay-cancelled"' in html and 'id="payment-form"' not in html
    checkout.refresh_from_db()
    assert checkout.payment_status == PaymentStatus.CANCELLED and checkout.stock_released
    assert set(checkout.orders.values_list("status", flat=True)) == {"cancelled"}
    assert _stock(product) == 7
    assert stripe_api.retrieve_payment_intent(checkout.payment_intent_id).status == "canceled"
    assert _cart_quantities(client) == {}
    # A second click changes nothing.
    client.post(f"/keranjang/bayar/{checkout.reference}/batal/", {"action": "cancel"})
    assert _stock(product) == 7


def test_back_to_the_cart_releases_and_refills_the_cart(client):
    product = ProductFactory(stock=7)
    _order(client, product, 3)
    checkout = Checkout.objects.get()
    pay = client.get(f"/keranjang/bayar/{checkout.reference}/").content.decode()
    assert 'data-testid="pay-back-to-cart"' in pay

    response = client.post(f"/keranjang/bayar/{checkout.reference}/batal/", {"action": "cart"})

    assert response.status_code == 302 and response["Location"] == "/keranjang/"
    assert _stock(product) == 7 and _cart_quantities(client) == {product.pk: 3}
    assert Checkout.objects.get().payment_status == PaymentStatus.CANCELLED
    assert 'data-testid="open-checkout"' not in client.get("/keranjang/").content.decode()


def test_the_cart_shows_an_unpaid_checkout_and_leads_back_to_it(client):
    product = ProductFactory(stock=7)
    _order(client, product, 2)
    checkout = Checkout.objects.get()
    html = client.get("/keranjang/").content.decode()
    assert f'data-reference="{checkout.reference}"' in html
    assert f'href="/keranjang/bayar/{checkout.reference}/"' in html
    assert f'action="/keranjang/bayar/{checkout.reference}/batal/"' in html


def test_a_new_checkout_calls_off_the_earlier_unpaid_one(client):
    first, second = ProductFactory(stock=7), ProductFactory(stock=7)
    _order(client, first, 3)
    earlier = Checkout.objects.get()
    _add(client, second, 1)
    page = client.get("/keranjang/checkout/").content.decode()
    assert "Pesanan baru membatalkan pesanan Anda yang belum dibayar" in page and earlier.reference in page

    assert _checkout(client).status_code == 302

    earlier.refresh_from_db()
    assert earlier.payment_status == PaymentStatus.CANCELLED
    assert stripe_api.retrieve_payment_intent(earlier.payment_intent_id).status == "canceled"
    assert (_stock(first), _stock(second)) == (7, 6)
    assert Checkout.objects.filter(payment_status=PaymentStatus.PENDING).count() == 1


def test_a_charged_checkout_cannot_be_cancelled_from_the_pay_page(client):
    product = ProductFactory(stock=7)
    _order(client, product, 1)
    checkout = Checkout.objects.get()
    _pay_at_localstripe(checkout)

    response = client.post(f"/keranjang/bayar/{checkout.reference}/batal/", {"action": "cancel"}, follow=True)

    assert "Pembayaran pesanan ini sedang diproses, jadi pesanan belum bisa dibatalkan." in response.content.decode()
    checkout.refresh_from_db()
    assert checkout.payment_status == PaymentStatus.PENDING and _stock(product) == 6


def test_nobody_else_can_cancel_a_checkout(client):
    product = ProductFactory(stock=7)
    checkout = make_checkout((product, 2))
    other = Client()
    assert other.post(f"/keranjang/bayar/{checkout.reference}/batal/", {"action": "cancel"}).status_code == 404
    assert client.get(f"/keranjang/bayar/{checkout.reference}/batal/").status_code == 405
    assert Checkout.objects.get().payment_status == PaymentStatus.PENDING and _stock(product) == 5


def test_the_service_refuses_quietly_what_is_no_longer_pending():
    product = ProductFactory(stock=7)
    checkout = make_checkout((product, 2))
    orders.checkout_cancel(checkout=checkout, cart=None, reason="test")
    again = orders.checkout_cancel(checkout=Checkout.objects.get(), cart=None, reason="test")
    assert again.payment_status == PaymentStatus.CANCELLED and _stock(product) == 7


# --- what the database holds -------------------------------------------------------------------


@pytest.mark.parametrize("status", ["failed", "expired", "cancelled"])
def test_a_closed_checkout_cannot_keep_holding_stock(status):
    checkout = make_checkout((ProductFactory(stock=7), 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Checkout.objects.filter(pk=checkout.pk).update(payment_status=status)


def test_a_signed_in_checkout_keeps_no_address():
    checkout = make_checkout((ProductFactory(stock=7), 1), buyer=UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Checkout.objects.filter(pk=checkout.pk).update(client_address="abc")


# --- helpers -----------------------------------------------------------------------------------


def _pay_at_localstripe(checkout: Checkout) -> None:
    """The card is charged at Stripe; the webhook has not arrived (the checkout stays pending)."""
    checkout = orders.checkout_payment_intent(checkout=Checkout.objects.get(pk=checkout.pk))
    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE})
    token = client.v1.tokens.create(
        params={"card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
    )
    intent = stripe_api.attach_and_confirm(
        intent_id=checkout.payment_intent_id, payment_method=token.card.id, idempotency_key=f"t-{checkout.reference}"
    )
    assert intent.status == "succeeded"


def _run_concurrently(carts, client_ip) -> list[str]:
    barrier = threading.Barrier(len(carts))
    outcomes = []

    def buy(index, cart):
        from django.db import connections

        try:
            barrier.wait()
            orders.checkout_create(
                cart=cart,
                buyer=None,
                client_ip=client_ip(index),
                contact={
                    "contact_name": "B",
                    "contact_phone": "+6281200000001",
                    "contact_email": "b@example.id",
                    "fulfilment": "pickup_gerai",
                },
            )
            outcomes.append("ok")
        except HoldLimit:
            outcomes.append("limit")
        except CatalogError as exc:
            outcomes.append("empty" if "Keranjang kosong" in str(exc) else "other")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(i, cart)) for i, cart in enumerate(carts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _concurrently_passes_with(*, carts, product, client_ip, expected_ok, expected_stock):
    assert connection.vendor == "postgresql"
    cart_rows = []
    for _i in range(carts):
        cart = Cart.objects.create()
        CartItem.objects.create(cart=cart, product=product, quantity=1)
        cart_rows.append(cart)
    outcomes = _run_concurrently(cart_rows, client_ip)
    assert sorted(outcomes) == ["limit"] * (carts - expected_ok) + ["ok"] * expected_ok
    assert _stock(product) == expected_stock
