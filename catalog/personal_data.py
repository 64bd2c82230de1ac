"""The catalogue's part of an owner's personal data (UU 27/2022): products and orders of their
businesses, their own purchases; on deletion, their contact details on purchases are erased
(amounts and items stay: transaction records) and their products are archived."""

from django.db.models import Prefetch

from catalog.models import Cart, Checkout, Order, OrderItem, Product, ProductStatus
from core.personal_data import ERASED, as_dict, register


def collect_products(user) -> list[dict]:
    return [as_dict(p) for p in Product.objects.filter(business__owner=user).order_by("pk")]


def _order(order) -> dict:
    item = as_dict(order)
    item["items"] = [as_dict(i) for i in order.items.all()]
    return item


def collect_orders_received(user) -> list[dict]:
    """Orders sold by the owner's businesses (the buyers' contact details are the buyers' data
    and are not repeated here)."""
    orders = (
        Order.objects.filter(business__owner=user)
        .prefetch_related(Prefetch("items", queryset=OrderItem.objects.order_by("pk")))
        .order_by("pk")
    )
    return [_order(o) for o in orders]


def collect_purchases(user) -> list[dict]:
    result = []
    for checkout in Checkout.objects.filter(buyer=user).prefetch_related("orders__items").order_by("pk"):
        item = as_dict(checkout, exclude=["client_secret"])
        item["orders"] = [_order(o) for o in checkout.orders.all()]
        result.append(item)
    return result


def erase(user) -> dict:
    purchases = Checkout.objects.filter(buyer=user).update(
        contact_name=ERASED, contact_phone="", contact_email="dihapus@invalid", address=""
    )
    archived = list(Product.objects.filter(business__owner=user).exclude(status=ProductStatus.ARCHIVED))
    for product in archived:
        product.status = ProductStatus.ARCHIVED
        product.save(update_fields=["status", "updated_at"])  # signals take it out of search
    Cart.objects.filter(user=user).delete()
    return {"purchases": purchases, "products_archived": len(archived)}


def audited_products(user) -> list:
    return [Product.objects.filter(business__owner=user)]


def audited_orders_received(user) -> list:
    return [Order.objects.filter(business__owner=user)]


def audited_purchases(user) -> list:
    return [Checkout.objects.filter(buyer=user), Order.objects.filter(checkout__buyer=user)]


register("catalog.products", collect=collect_products, audited=audited_products, order=20)
register("catalog.orders_received", collect=collect_orders_received, audited=audited_orders_received, order=21)
register("catalog.purchases", collect=collect_purchases, erase=erase, audited=audited_purchases, order=22)
