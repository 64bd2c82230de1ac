import pytest

from catalog.models import Cart, CartItem, Checkout, OrderStatus, PaymentStatus
from tests.catalog.factories import ProductFactory, make_checkout
from tests.portal.factories import BusinessFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_cart_is_merged_at_login(client):
    a, b = ProductFactory(stock=10), ProductFactory(stock=10)
    buyer = UserFactory(username="pembeli")
    user_cart = Cart.objects.create(user=buyer)
    CartItem.objects.create(cart=user_cart, product=a, quantity=1)
    client.post("/keranjang/tambah/", {"product": a.pk, "quantity": 2})
    client.post("/keranjang/tambah/", {"product": b.pk, "quantity": 1})
    assert Cart.objects.filter(user__isnull=True).count() == 1
    response = client.post("/akun/login/", {"username": "pembeli", "password": "rahasia-123"})
    assert response.status_code == 302
    assert dict(Cart.objects.get(user=buyer).items.values_list("product_id", "quantity")) == {a.pk: 3, b.pk: 1}
    assert not Cart.objects.filter(user__isnull=True).exists()


def test_cannot_add_more_than_stock_or_unpublished(client):
    product = ProductFactory(stock=2)
    response = client.post("/keranjang/tambah/", {"product": product.pk, "quantity": 3}, follow=True)
    assert "Stok" in response.content.decode() and not CartItem.objects.exists()
    draft = ProductFactory(status="draft")
    response = client.post("/keranjang/tambah/", {"product": draft.pk, "quantity": 1}, follow=True)
    assert "Produk tidak tersedia." in response.content.decode()


def test_checkout_form_requires_address_for_delivery_and_keeps_input(client):
    product = ProductFactory(stock=3)
    client.post("/keranjang/tambah/", {"product": product.pk, "quantity": 1})
    response = client.post(
        "/keranjang/checkout/",
        {
            "contact_name": "Budi",
            "contact_phone": "08123456789",
            "contact_email": "budi@example.id",
            "fulfilment": "delivery",
            "kecamatan": "33.24.12",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["address"] == ["Wajib diisi untuk pengiriman."]
    assert 'value="Budi"' in response.content.decode()
    assert not Checkout.objects.exists()
    response = client.post(
        "/keranjang/checkout/",
        {
            "contact_name": "Budi",
            "contact_phone": "08123456789",
            "contact_email": "budi@example.id",
            "fulfilment": "pickup_seller",
        },
    )
    checkout = Checkout.objects.get()
    assert response["Location"] == f"/keranjang/bayar/{checkout.reference}/"
    assert checkout.contact_phone == "+628123456789"


def test_payment_page_only_for_the_buyers_session(client):
    checkout = make_checkout((ProductFactory(), 1))
    assert client.get(f"/keranjang/bayar/{checkout.reference}/").status_code == 404
    assert client.get(f"/keranjang/bayar/{checkout.reference}/status/").status_code == 404


def test_pay_page_shows_disabled_state_without_stripe_keys(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    product = ProductFactory(stock=3)
    client.post("/keranjang/tambah/", {"product": product.pk, "quantity": 1})
    response = client.post(
        "/keranjang/checkout/",
        {
            "contact_name": "Budi",
            "contact_phone": "08123456789",
            "contact_email": "budi@example.id",
            "fulfilment": "pickup_gerai",
        },
        follow=True,
    )
    assert 'data-testid="payments-disabled"' in response.content.decode()
    assert Checkout.objects.get().payment_intent_id == ""


def test_seller_sees_only_own_orders_and_moves_them_forward(client):
    mine = ProductFactory()
    theirs = ProductFactory(business=BusinessFactory())
    checkout = make_checkout((mine, 1), (theirs, 1))
    # Delivered (a pickup order is made ready instead: tests/catalog/test_order_actions.py).
    Checkout.objects.filter(pk=checkout.pk).update(payment_status=PaymentStatus.PAID, fulfilment="delivery")
    checkout.orders.update(status=OrderStatus.NEW)
    my_order = checkout.orders.get(business=mine.business)
    their_order = checkout.orders.get(business=theirs.business)
    client.force_login(mine.business.owner)
    body = client.get("/akun/pesanan/").content.decode()
    assert my_order.number in body and their_order.number not in body
    assert client.post(f"/akun/pesanan/{their_order.number}/status/", {"status": "processing"}).status_code == 404
    client.post(f"/akun/pesanan/{my_order.number}/status/", {"status": "shipped"})  # skipping a step: refused
    my_order.refresh_from_db()
    assert my_order.status == OrderStatus.NEW
    for status in ("processing", "shipped", "completed"):
        client.post(f"/akun/pesanan/{my_order.number}/status/", {"status": status})
    my_order.refresh_from_db()
    assert my_order.status == OrderStatus.COMPLETED


def test_seller_cancel_needs_reason_and_returns_stock(client):
    product = ProductFactory(stock=5)
    checkout = make_checkout((product, 2))
    checkout.orders.update(status=OrderStatus.NEW)
    order = checkout.orders.get()
    client.force_login(product.business.owner)
    client.post(f"/akun/pesanan/{order.number}/status/", {"status": "cancelled"})
    order.refresh_from_db()
    assert order.status == OrderStatus.NEW
    client.post(f"/akun/pesanan/{order.number}/status/", {"status": "cancelled", "reason": "Bahan habis"})
    order.refresh_from_db()
    product.refresh_from_db()
    assert (order.status, order.status_reason, product.stock) == (OrderStatus.CANCELLED, "Bahan habis", 5)


def test_buyer_history_shows_only_own_orders(client):
    buyer, other = UserFactory(), UserFactory()
    mine = make_checkout((ProductFactory(), 1), buyer=buyer).orders.get()
    theirs = make_checkout((ProductFactory(), 1), buyer=other).orders.get()
    client.force_login(buyer)
    body = client.get("/akun/pembelian/").content.decode()
    assert mine.number in body and theirs.number not in body


@pytest.mark.parametrize(
    "url", ["/akun/produk/", "/akun/produk/baru/", "/akun/pesanan/", "/akun/pembelian/", "/akun/produk/impor/"]
)
def test_owner_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/akun/login/")
