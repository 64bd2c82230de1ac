"""The seller's order moves come from one place (catalog.orders.order_actions): the page shows
them and the server accepts nothing else, so a hand-made POST cannot ship a pickup order."""

import pytest

from catalog.models import Checkout, Fulfilment, OrderStatus, PaymentStatus
from tests.catalog.factories import ProductFactory, make_checkout

pytestmark = pytest.mark.django_db


def _paid_order(fulfilment: str):
    product = ProductFactory()
    checkout = make_checkout((product, 1))
    Checkout.objects.filter(pk=checkout.pk).update(payment_status=PaymentStatus.PAID, fulfilment=fulfilment)
    checkout.orders.update(status=OrderStatus.PROCESSING)
    return checkout.orders.get(), product.business.owner


@pytest.mark.parametrize(
    "fulfilment, offered, refused",
    [
        (Fulfilment.PICKUP_SELLER, "ready", "shipped"),
        (Fulfilment.PICKUP_GERAI, "ready", "shipped"),
        (Fulfilment.DELIVERY, "shipped", "ready"),
    ],
)
def test_only_the_moves_offered_are_accepted(client, fulfilment, offered, refused):
    order, owner = _paid_order(fulfilment)
    client.force_login(owner)
    html = client.get("/akun/pesanan/").content.decode()
    assert f'name="status" value="{offered}"' in html and f'name="status" value="{refused}"' not in html

    client.post(f"/akun/pesanan/{order.number}/status/", {"status": refused})
    order.refresh_from_db()
    assert order.status == OrderStatus.PROCESSING

    client.post(f"/akun/pesanan/{order.number}/status/", {"status": offered})
    order.refresh_from_db()
    assert order.status == offered
