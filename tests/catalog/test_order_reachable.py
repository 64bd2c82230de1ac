"""A checkout never dead-ends (issue 15, problem 4): the buyer gets the order numbers and the
payment deadline on the page, an e-mail with a link to the order, can look the order up by its
number and the e-mail or phone they gave, and is told what to do when paying online is down."""

import re

import pytest
from django.test import Client

from catalog.models import Checkout
from core.models import Notification
from tests.catalog.factories import ProductFactory
from tests.portal.factories import BusinessFactory

pytestmark = pytest.mark.django_db

CONTACT = {
    "contact_name": "Budi Santoso",
    "contact_phone": "0812 3456 7890",
    "contact_email": "Budi@Example.id",
    "fulfilment": "pickup_seller",
}


def _order(client, product, quantity=1):
    client.post("/keranjang/tambah/", {"product": product.pk, "quantity": quantity})
    response = client.post("/keranjang/checkout/", CONTACT)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Checkout.objects.get()


def test_payment_page_shows_order_numbers_and_the_deadline(client):
    checkout = _order(client, ProductFactory(name="Bandeng Presto", price=35_000), 2)
    html = client.get(f"/keranjang/bayar/{checkout.reference}/").content.decode()
    order = checkout.orders.get()
    assert order.number in html and "Rp 70.000" in html
    assert 'data-testid="pay-deadline"' in html and "Bayar sebelum" in html
    assert "data-countdown=" in html
    assert 'href="/keranjang/pesanan/"' in html


def test_buyer_gets_an_email_whose_link_opens_the_order_in_another_browser(client):
    checkout = _order(client, ProductFactory(name="Bandeng Presto", price=35_000))
    mail = Notification.objects.get(topic="order", recipient__iexact="budi@example.id")
    assert checkout.reference in mail.subject
    assert checkout.orders.get().number in mail.body and "Bayar sebelum" in mail.body and "Rp 35.000" in mail.body
    link = re.search(r"https?://\S+/keranjang/pesanan/\S+/", mail.body).group(0)
    other_browser = Client()
    response = other_browser.get(link[link.index("/keranjang/") :], follow=True)
    assert response.status_code == 200 and checkout.reference in response.content.decode()
    forged = link[link.index("/keranjang/") :].rstrip("/")[:-3] + "xyz/"
    assert Client().get(forged).status_code == 404


@pytest.mark.parametrize(
    "number_of, contact",
    [
        ("order", "0812-3456-7890"),
        ("order", "+62 812 3456 7890"),
        ("checkout", "budi@example.ID"),
        ("order-lowercase", "budi@example.id"),
    ],
)
def test_order_is_found_by_number_and_email_or_phone(client, number_of, contact):
    checkout = _order(client, ProductFactory())
    number = checkout.reference if number_of == "checkout" else checkout.orders.get().number
    if number_of == "order-lowercase":
        number = f"  {number.lower()} "
    other_browser = Client()
    response = other_browser.post("/keranjang/pesanan/", {"number": number, "contact": contact})
    assert response.status_code == 302 and response["Location"] == f"/keranjang/bayar/{checkout.reference}/"
    assert other_browser.get(response["Location"]).status_code == 200


def test_a_wrong_contact_finds_nothing_and_keeps_what_was_typed(client):
    checkout = _order(client, ProductFactory())
    number = checkout.orders.get().number
    response = Client().post("/keranjang/pesanan/", {"number": number, "contact": "0812 0000 0000"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pesanan tidak ditemukan" in html and f'value="{number}"' in html and 'value="0812 0000 0000"' in html


def test_lookups_are_limited_per_client(client):
    checkout = _order(client, ProductFactory())
    guesser = Client()
    for n in range(20):
        guesser.post("/keranjang/pesanan/", {"number": f"PSN-000000-AAAA{n:02d}", "contact": "budi@example.id"})
    response = guesser.post("/keranjang/pesanan/", {"number": checkout.reference, "contact": "budi@example.id"})
    assert response.status_code == 400 and "Terlalu banyak percobaan" in response.content.decode()


def test_when_paying_online_is_down_the_page_says_what_to_do(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    business = BusinessFactory(name="Bandeng Bu Tini", owner__profile__phone="+6281234500001")
    checkout = _order(client, ProductFactory(business=business))
    html = client.get(f"/keranjang/bayar/{checkout.reference}/").content.decode()
    assert 'data-testid="payments-disabled"' in html
    assert "Hubungi penjual untuk cara bayar lain" in html and "https://wa.me/6281234500001" in html
    assert "Bayar sebelum" in html
    assert Notification.objects.filter(topic="order", recipient__iexact="budi@example.id").exists()
