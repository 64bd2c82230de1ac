"""Stock holds: how long an unpaid checkout keeps its stock, and how much one client may hold.

An unpaid checkout takes its units away from every other buyer, and an anonymous one costs no
more than a cookie. So an anonymous checkout holds for a short time, and what may be held is
bounded: units of one product per checkout (a shop's per-order limit), open checkouts per client
(the session's cart or the account) and per address, and the share of a product's stock that
anonymous checkouts hold together. The numbers are settings (portal/settings/base.py); the checks
run inside catalog.orders.checkout_create, under the row locks that make them race-free.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from catalog.exceptions import HoldLimit
from catalog.models import Cart, Checkout, OrderItem, PaymentStatus, Product

ADDRESS_SALT = "catalog.holds.address"


def hold_duration(*, signed_in: bool) -> timedelta:
    """Signed-in buyers keep the longer hold; an anonymous checkout the short one."""
    minutes = settings.CATALOG_CHECKOUT_TTL_MINUTES if signed_in else settings.CATALOG_ANONYMOUS_CHECKOUT_TTL_MINUTES
    return timedelta(minutes=minutes)


def address_digest(address: str | None) -> str:
    """What a checkout keeps of the anonymous buyer's address: enough to count, not the address."""
    if not address:
        return ""
    return salted_hmac(ADDRESS_SALT, address).hexdigest()[:32]


def max_units_per_order(product: Product) -> int:
    """The most of one product one checkout (and so one cart line) may take; never below the
    product's minimum order."""
    return max(settings.CATALOG_MAX_UNITS_PER_PRODUCT, product.min_order)


def check_order_quantity(product: Product, quantity: int) -> None:
    limit = max_units_per_order(product)
    if quantity > limit:
        raise HoldLimit(
            _("%(name)s paling banyak %(n)s %(unit)s per pesanan.")
            % {"name": product.name, "n": limit, "unit": product.unit}
        )


def open_checkouts(*, cart: Cart | None, buyer=None) -> QuerySet[Checkout]:
    """The client's unpaid checkouts that still hold stock: the account's when signed in, else
    the session cart's."""
    pending = Checkout.objects.filter(payment_status=PaymentStatus.PENDING, stock_released=False)
    if getattr(buyer, "is_authenticated", False):
        return pending.filter(buyer=buyer)
    if cart is None or cart.pk is None:
        return pending.none()
    return pending.filter(cart=cart, buyer__isnull=True)


def lock_client(*, cart: Cart, address: str) -> None:
    """Serialises the checkouts of one cart and of one address (inside the checkout's
    transaction), so two requests at once cannot both pass the limits below."""
    Cart.objects.select_for_update().filter(pk=cart.pk).first()
    if address and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{ADDRESS_SALT}:{address}"])


def check_client_limits(*, cart: Cart, buyer, address: str) -> None:
    """A client may have CATALOG_MAX_OPEN_CHECKOUTS_PER_CLIENT unpaid checkouts open, and one
    address CATALOG_MAX_OPEN_CHECKOUTS_PER_ADDRESS anonymous ones (several buyers may share
    one address: a counter PC, a carrier's NAT)."""
    now = timezone.now()
    if open_checkouts(cart=cart, buyer=buyer).filter(expires_at__gt=now).count() >= (
        settings.CATALOG_MAX_OPEN_CHECKOUTS_PER_CLIENT
    ):
        raise HoldLimit(
            _(
                "Anda masih punya pesanan yang belum dibayar. Bayar atau batalkan pesanan itu dulu "
                "(Cek pesanan), lalu pesan lagi."
            )
        )
    if address and (
        Checkout.objects.filter(
            payment_status=PaymentStatus.PENDING,
            stock_released=False,
            buyer__isnull=True,
            client_address=address,
            expires_at__gt=now,
        ).count()
        >= settings.CATALOG_MAX_OPEN_CHECKOUTS_PER_ADDRESS
    ):
        raise HoldLimit(
            _(
                "Terlalu banyak pesanan tanpa akun yang belum dibayar dari jaringan ini. Coba lagi "
                "dalam beberapa menit, atau masuk ke akun Anda untuk memesan."
            )
        )


@dataclass(frozen=True)
class Held:
    total: int
    anonymous: int


def held_units(product_ids: Iterable[int]) -> dict[int, Held]:
    """Units of each product held by unpaid checkouts, all and anonymous ones."""
    rows = (
        OrderItem.objects.filter(
            product_id__in=list(product_ids),
            order__checkout__payment_status=PaymentStatus.PENDING,
            order__checkout__stock_released=False,
        )
        .values("product_id")
        .annotate(total=Sum("quantity"), anonymous=Sum("quantity", filter=Q(order__checkout__buyer__isnull=True)))
    )
    return {row["product_id"]: Held(row["total"] or 0, row["anonymous"] or 0) for row in rows}


def anonymous_cap(product: Product, held: Held) -> int:
    """How many units anonymous checkouts may hold together: CATALOG_ANONYMOUS_HOLD_PERCENT of
    what the seller has (free stock plus what unpaid checkouts hold), rounded up and at least
    the minimum order, so a small stock can still be bought."""
    on_hand = product.stock + held.total
    return max(math.ceil(on_hand * settings.CATALOG_ANONYMOUS_HOLD_PERCENT / 100), product.min_order)


def check_anonymous_share(lines: Iterable[tuple[Product, int]]) -> None:
    """Call with the product rows locked: refuses an anonymous reservation that would take the
    anonymous holds of a product past its cap."""
    lines = list(lines)
    held = held_units(product.pk for product, _quantity in lines)
    for product, quantity in lines:
        product_held = held.get(product.pk, Held(0, 0))
        room = anonymous_cap(product, product_held) - product_held.anonymous
        if quantity <= room:
            continue
        if room > 0:
            raise HoldLimit(
                _(
                    "Tanpa akun, %(name)s saat ini bisa dipesan paling banyak %(n)s %(unit)s. Kurangi "
                    "jumlahnya, atau masuk ke akun Anda untuk memesan lebih banyak."
                )
                % {"name": product.name, "n": room, "unit": product.unit}
            )
        raise HoldLimit(
            _(
                "Stok %(name)s sedang ditahan pesanan lain yang belum dibayar. Coba lagi dalam "
                "beberapa menit, atau masuk ke akun Anda untuk memesan."
            )
            % {"name": product.name}
        )
