"""Checkout, stock reservation, payment state and the seller's order workflow.

Stock is reserved by a conditional UPDATE (`stock >= qty`) inside the checkout transaction:
PostgreSQL re-checks the condition on the locked row, so concurrent buyers can never take
more than there is. How long and how much one client may hold is catalog/holds.py. A checkout's payment state only moves forward from a verified webhook
(or a staff refund); every handler is idempotent and tolerates events in any order.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from catalog import holds
from catalog.events import send_stock_changed
from catalog.exceptions import CatalogError, InvalidTransition, OutOfStock
from catalog.models import (
    Cart,
    CartItem,
    Checkout,
    Fulfilment,
    Order,
    OrderItem,
    OrderStatus,
    PaymentStatus,
    Product,
    ProductStatus,
)
from catalog.payments import consts, stripe_api
from catalog.payments.exceptions import PaymentError
from core.audit import audit_record
from core.identifiers import normalize_phone
from core.notifications import notify_email
from core.rupiah import format_rupiah as rupiah

logger = logging.getLogger(__name__)
LINK_SALT = "catalog.checkout-link"
_REF_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _reference(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate():%y%m%d}-{get_random_string(6, _REF_CHARS)}"


def checkout_create(*, cart: Cart, buyer, contact: dict, client_ip: str | None = None) -> Checkout:
    """Reserves stock for every cart line and creates one order per seller, atomically.
    Raises OutOfStock naming the product if any line cannot be reserved, HoldLimit past what
    one checkout or client may hold (catalog/holds.py); nothing changes then."""
    signed_in = getattr(buyer, "is_authenticated", False)
    address = "" if signed_in else holds.address_digest(client_ip)
    with transaction.atomic():
        # One checkout at a time per cart (a double submit reserves once) and per address.
        holds.lock_client(cart=cart, address=address)
        lines = list(cart.items.select_related("product", "product__business").order_by("product_id"))
        if not lines:
            raise CatalogError(_("Keranjang kosong."))
        holds.check_client_limits(cart=cart, buyer=buyer, address=address)
        by_business = defaultdict(list)
        # Lock the product rows in a fixed order (no deadlocks between two carts), then
        # decrement with a single-table conditional UPDATE: PostgreSQL re-checks
        # `stock >= qty` on the current row version, so stock can never go below zero.
        locked = {
            product.pk: product
            for product in Product.objects.select_for_update(of=("self",))
            .filter(
                pk__in=[line.product_id for line in lines], status=ProductStatus.PUBLISHED, business__status="verified"
            )
            .order_by("pk")
        }
        for line in lines:
            if line.product_id not in locked:
                raise OutOfStock(_("%(name)s tidak lagi dijual.") % {"name": line.product.name})
            if locked[line.product_id].stock < line.quantity:
                raise OutOfStock(_("Stok %(name)s tidak mencukupi.") % {"name": line.product.name})
            holds.check_order_quantity(locked[line.product_id], line.quantity)
        if not signed_in:
            holds.check_anonymous_share((locked[line.product_id], line.quantity) for line in lines)
        for line in lines:
            product = line.product
            reserved = Product.objects.filter(pk=product.pk, stock__gte=line.quantity).update(
                stock=F("stock") - line.quantity
            )
            if reserved != 1:
                raise OutOfStock(_("Stok %(name)s tidak mencukupi.") % {"name": product.name})
            by_business[product.business_id].append(line)
        send_stock_changed(line.product_id for line in lines)
        total = sum(line.product.price * line.quantity for line in lines)
        checkout = Checkout.objects.create(
            reference=_reference("ETL"),
            buyer=buyer if signed_in else None,
            cart=cart,
            client_address=address,
            total=total,
            expires_at=timezone.now() + holds.hold_duration(signed_in=signed_in),
            **contact,
        )
        for business_id, business_lines in by_business.items():
            order = Order.objects.create(
                checkout=checkout,
                business_id=business_id,
                number=_reference("PSN"),
                subtotal=sum(line.product.price * line.quantity for line in business_lines),
            )
            OrderItem.objects.bulk_create(
                [
                    OrderItem(
                        order=order,
                        product=line.product,
                        name=line.product.name,
                        unit=line.product.unit,
                        unit_price=line.product.price,
                        quantity=line.quantity,
                    )
                    for line in business_lines
                ]
            )
        cart.items.all().delete()
    return checkout


def checkout_start(*, cart: Cart, buyer, contact: dict, client_ip: str | None = None) -> Checkout:
    """The buyer's "order and pay": call off the client's earlier unpaid checkouts (the
    checkout page said so), reserve stock, then create the PaymentIntent. When the payment
    provider cannot be reached the checkout is called off at once: stock goes back, the cart
    is refilled, no intent exists so nothing can be charged, and the buyer is told so.
    A checkout that stands is e-mailed to the buyer with its link, number and deadline."""
    for earlier in holds.open_checkouts(cart=cart, buyer=buyer):
        try:
            checkout_cancel(checkout=earlier, cart=None, reason="replaced by a new checkout")
        except CatalogError as exc:  # being paid right now: it stays, and counts as open
            logger.info("earlier checkout %s kept: %s", earlier.reference, exc)
    checkout = checkout_create(cart=cart, buyer=buyer, contact=contact, client_ip=client_ip)
    if not stripe_api.is_configured():
        _notify_created(checkout)
        return checkout
    try:
        checkout = checkout_payment_intent(checkout=checkout)
        _notify_created(checkout)
        return checkout
    except PaymentError as exc:
        checkout_abandon(checkout=checkout, cart=cart, reason=str(exc))
        raise CatalogError(
            _("%(reason)s Stok tidak ditahan dan tidak ada dana yang ditagih; keranjang Anda tetap tersimpan.")
            % {"reason": exc.user_message}
        ) from exc


def _refill_cart(checkout: Checkout, cart: Cart) -> None:
    """The checkout's lines back into `cart` (a line already there takes the checkout's quantity)."""
    for item in OrderItem.objects.filter(order__checkout=checkout, product__isnull=False):
        CartItem.objects.update_or_create(cart=cart, product_id=item.product_id, defaults={"quantity": item.quantity})


def _close_unpaid(checkout: Checkout, *, status: str, order_reason: str, failure_reason: str | None = None) -> None:
    """Ends a locked, still-pending checkout without payment: its stock goes back once, it takes
    `status` (and `failure_reason`, when given), and its orders are cancelled with `order_reason`."""
    _release_stock(checkout)
    checkout.payment_status = status
    fields = ["payment_status", "stock_released"]
    if failure_reason is not None:
        checkout.failure_reason = failure_reason[:255]
        fields.append("failure_reason")
    checkout.save(update_fields=fields)
    checkout.orders.update(status=OrderStatus.CANCELLED, status_reason=order_reason, updated_at=timezone.now())


def checkout_abandon(*, checkout: Checkout, cart: Cart | None, reason: str) -> Checkout:
    """Call off a checkout that never reached the payment provider: stock released once, orders
    cancelled, the lines put back into the buyer's cart. A no-op unless it is still pending."""
    with transaction.atomic():
        checkout = Checkout.objects.select_for_update().get(pk=checkout.pk)
        if checkout.payment_status != PaymentStatus.PENDING:
            return checkout
        _close_unpaid(
            checkout,
            status=PaymentStatus.FAILED,
            order_reason=_("Layanan pembayaran tidak dapat dihubungi."),
            failure_reason=reason,
        )
        if cart is not None:
            _refill_cart(checkout, cart)
    logger.warning("checkout %s abandoned: %s", checkout.reference, reason)
    return checkout


def checkout_cancel(*, checkout: Checkout, cart: Cart | None, reason: str) -> Checkout:
    """The buyer calls off an unpaid checkout (cancel or back to the cart on the pay page, or
    a new checkout): its PaymentIntent is cancelled at Stripe first, as the expiry sweep does,
    then the stock is released at once and, with `cart`, the lines go back into it. An intent
    Stripe will not cancel (the card is being charged) leaves the checkout as it is: CatalogError.
    A no-op unless the checkout is still pending."""
    if checkout.payment_status != PaymentStatus.PENDING:
        return checkout
    if checkout.payment_intent_id:
        try:
            stripe_api.cancel_payment_intent(checkout.payment_intent_id)
        except PaymentError as exc:
            if not _intent_canceled(checkout.payment_intent_id):
                raise CatalogError(
                    _("Pembayaran pesanan ini sedang diproses, jadi pesanan belum bisa dibatalkan.")
                ) from exc
    with transaction.atomic():
        checkout = Checkout.objects.select_for_update().get(pk=checkout.pk)
        if checkout.payment_status != PaymentStatus.PENDING:
            return checkout
        _close_unpaid(
            checkout, status=PaymentStatus.CANCELLED, order_reason=_("Dibatalkan pembeli."), failure_reason=reason
        )
        if cart is not None:
            _refill_cart(checkout, cart)
    logger.info("checkout %s cancelled: %s", checkout.reference, reason)
    return checkout


def _intent_canceled(intent_id: str) -> bool:
    """After a refused cancel: true if the intent is cancelled already (a second click)."""
    try:
        return stripe_api.retrieve_payment_intent(intent_id).status == "canceled"
    except PaymentError:
        return False


def checkout_payment_intent(*, checkout: Checkout) -> Checkout:
    """Creates the PaymentIntent once (idempotency key per checkout); called outside any
    transaction because it talks to Stripe."""
    if checkout.payment_intent_id or checkout.payment_status != PaymentStatus.PENDING:
        return checkout
    intent = stripe_api.create_payment_intent(
        amount_rupiah=checkout.total,
        reference=checkout.reference,
        idempotency_key=f"checkout-{checkout.reference}",
        email=checkout.contact_email,
    )
    # A webhook that arrived before this request returned may already have attached the intent
    # (found through its metadata); the client secret is still ours to store.
    Checkout.objects.filter(pk=checkout.pk, payment_intent_id__in=["", intent.id]).update(
        payment_intent_id=intent.id, client_secret=intent.client_secret
    )
    checkout.refresh_from_db()
    return checkout


def _release_stock(checkout: Checkout) -> None:
    if checkout.stock_released:
        return
    items = list(OrderItem.objects.filter(order__checkout=checkout, product__isnull=False))
    for item in items:
        Product.objects.filter(pk=item.product_id).update(stock=F("stock") + item.quantity)
    send_stock_changed(item.product_id for item in items)
    checkout.stock_released = True


def _reserve_again(checkout: Checkout) -> bool:
    """After a late success for a released checkout: take the stock back if it is still there."""
    items = list(OrderItem.objects.filter(order__checkout=checkout, product__isnull=False))
    with transaction.atomic():
        for item in items:
            if (
                Product.objects.filter(pk=item.product_id, stock__gte=item.quantity).update(
                    stock=F("stock") - item.quantity
                )
                != 1
            ):
                transaction.set_rollback(True)
                return False
    send_stock_changed(item.product_id for item in items)
    checkout.stock_released = False
    return True


def _locked(intent_id: str, reference: str = "") -> Checkout | None:
    """The checkout of an intent, locked. An event may arrive before the request that created
    the intent stored its id: then the checkout is found by the reference in the intent's
    metadata and the id attached here."""
    checkout = Checkout.objects.select_for_update().filter(payment_intent_id=intent_id).first()
    if checkout is None and reference:
        checkout = Checkout.objects.select_for_update().filter(reference=reference, payment_intent_id="").first()
        if checkout is not None:
            checkout.payment_intent_id = intent_id
            checkout.save(update_fields=["payment_intent_id"])
    return checkout


def payment_succeeded(*, intent_id: str, amount: int, currency: str, reference: str = "") -> str:
    with transaction.atomic():
        checkout = _locked(intent_id, reference)
        if checkout is None:
            return "unknown-intent"
        if currency.lower() != consts.CURRENCY or amount != consts.rupiah_to_stripe_amount(checkout.total):
            logger.error("amount mismatch for %s: %s %s", checkout.reference, amount, currency)
            return "amount-mismatch"
        if checkout.payment_status in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
            return "already-" + checkout.payment_status
        order_status, reason = OrderStatus.NEW, ""
        if checkout.stock_released and not _reserve_again(checkout):
            order_status, reason = (
                OrderStatus.CANCELLED,
                _("Stok habis setelah pembayaran terlambat; dana perlu dikembalikan."),
            )
        checkout.payment_status = PaymentStatus.PAID
        checkout.paid_at = timezone.now()
        checkout.failure_reason = ""
        checkout.save(update_fields=["payment_status", "paid_at", "failure_reason", "stock_released"])
        checkout.orders.update(status=order_status, status_reason=reason, updated_at=timezone.now())
        _notify_paid(checkout)
    return "paid"


def payment_failed(*, intent_id: str, message: str = "", reference: str = "") -> str:
    with transaction.atomic():
        checkout = _locked(intent_id, reference)
        if checkout is None:
            return "unknown-intent"
        if checkout.payment_status != PaymentStatus.PENDING:
            return "ignored-" + checkout.payment_status
        _close_unpaid(
            checkout, status=PaymentStatus.FAILED, order_reason=_("Pembayaran gagal."), failure_reason=message
        )
    return "failed"


def payment_refunded(*, intent_id: str, fully: bool = True) -> str:
    with transaction.atomic():
        checkout = _locked(intent_id)
        if checkout is None:
            return "unknown-intent"
        if checkout.payment_status == PaymentStatus.REFUNDED:
            return "already-refunded"
        if not fully:
            return "partial-refund-ignored"
        was_paid = checkout.payment_status == PaymentStatus.PAID
        if not was_paid:
            _release_stock(checkout)  # refunded before we saw it paid: give the goods back too
        checkout.payment_status = PaymentStatus.REFUNDED
        checkout.refunded_at = timezone.now()
        checkout.save(update_fields=["payment_status", "refunded_at", "stock_released"])
        checkout.orders.exclude(status=OrderStatus.COMPLETED).update(
            status=OrderStatus.CANCELLED, status_reason=_("Dana dikembalikan."), updated_at=timezone.now()
        )
        _notify_buyer(checkout, _("Dana pesanan %(ref)s telah dikembalikan.") % {"ref": checkout.reference})
    return "refunded"


def checkout_refund(*, checkout: Checkout, actor) -> Checkout:
    """Staff refund from the admin. Stripe's answer is authoritative; charge.refunded, if it
    arrives too, finds the checkout already refunded."""
    if checkout.payment_status != PaymentStatus.PAID:
        raise InvalidTransition(_("Hanya pembayaran lunas yang dapat dikembalikan."))
    try:
        refund = stripe_api.refund_payment_intent(
            intent_id=checkout.payment_intent_id, idempotency_key=f"refund-{checkout.reference}"
        )
    except PaymentError as exc:
        raise CatalogError(_("Refund gagal: %(e)s") % {"e": exc}) from exc
    if refund["status"] in ("succeeded", "pending"):
        payment_refunded(intent_id=checkout.payment_intent_id)
    audit_record(actor=actor, action="checkout.refund", obj=checkout, detail=refund)
    checkout.refresh_from_db()
    return checkout


def checkouts_expire(*, now=None) -> int:
    """Gives back the stock of checkouts left unpaid past their expiry (Celery beat)."""
    now = now or timezone.now()
    expired = 0
    for checkout_id, intent_id in Checkout.objects.filter(
        payment_status=PaymentStatus.PENDING, expires_at__lt=now
    ).values_list("pk", "payment_intent_id"):
        if intent_id:
            try:
                stripe_api.cancel_payment_intent(intent_id)
            except PaymentError as exc:
                # Already succeeded or unreachable: the webhook decides; a late success re-reserves.
                logger.info("cancel %s: %s", intent_id, exc)
        with transaction.atomic():
            checkout = Checkout.objects.select_for_update().get(pk=checkout_id)
            if checkout.payment_status != PaymentStatus.PENDING:
                continue
            _close_unpaid(checkout, status=PaymentStatus.EXPIRED, order_reason=_("Batas waktu pembayaran habis."))
            expired += 1
    return expired


# Seller workflow: from → allowed targets. A delivered order is shipped, a pickup order is made
# ready to collect: order_actions() narrows PROCESSING by the checkout's fulfilment.
ORDER_TRANSITIONS = {
    OrderStatus.NEW: {OrderStatus.PROCESSING, OrderStatus.CANCELLED},
    OrderStatus.PROCESSING: {OrderStatus.SHIPPED, OrderStatus.READY, OrderStatus.CANCELLED},
    OrderStatus.SHIPPED: {OrderStatus.COMPLETED},
    OrderStatus.READY: {OrderStatus.COMPLETED},
}
# The button for each target, in the order the seller sees them.
ORDER_ACTION_LABELS = {
    OrderStatus.PROCESSING: _lazy("Proses"),
    OrderStatus.SHIPPED: _lazy("Tandai dikirim"),
    OrderStatus.READY: _lazy("Siap diambil"),
    OrderStatus.COMPLETED: _lazy("Selesai"),
    OrderStatus.CANCELLED: _lazy("Batalkan pesanan"),
}


@dataclass(frozen=True)
class OrderAction:
    to: str
    label: str
    needs_reason: bool = False


def order_actions(order: Order) -> list[OrderAction]:
    """What the seller may do with `order` now: the only moves the order page offers, and the
    only ones order_set_status accepts (a hand-made POST cannot ship a pickup order)."""
    targets = set(ORDER_TRANSITIONS.get(order.status, set()))
    if order.status == OrderStatus.PROCESSING:
        targets.discard(OrderStatus.READY if order.checkout.fulfilment == Fulfilment.DELIVERY else OrderStatus.SHIPPED)
    return [
        OrderAction(to, ORDER_ACTION_LABELS[to], needs_reason=to == OrderStatus.CANCELLED)
        for to in ORDER_ACTION_LABELS
        if to in targets
    ]


def order_set_status(*, order: Order, to: str, actor, reason: str = "") -> Order:
    with transaction.atomic():
        order = Order.objects.select_for_update().select_related("checkout").get(pk=order.pk)
        if to not in {action.to for action in order_actions(order)}:
            raise InvalidTransition()
        if to == OrderStatus.CANCELLED:
            if not reason.strip():
                raise InvalidTransition(_("Alasan pembatalan wajib diisi."))
            items = list(order.items.filter(product__isnull=False))
            for item in items:
                Product.objects.filter(pk=item.product_id).update(stock=F("stock") + item.quantity)
            send_stock_changed(item.product_id for item in items)
        order.status = to
        order.status_reason = reason.strip()[:255]
        order.save(update_fields=["status", "status_reason", "updated_at"])
        audit_record(actor=actor, action=f"order.{to}", obj=order, detail={"reason": reason})
        _notify_buyer(
            order.checkout,
            _("Pesanan %(n)s dari %(seller)s: %(status)s. %(reason)s")
            % {
                "n": order.number,
                "seller": order.business.name,
                "status": order.get_status_display(),
                "reason": order.status_reason,
            },
        )
    return order


def checkout_link(checkout: Checkout) -> str:
    """The buyer's own link to the checkout and its orders, for the e-mail: signed, so only
    whoever received it can open the page without looking the order up."""
    token = signing.Signer(salt=LINK_SALT).sign(checkout.reference).rpartition(":")[2]
    return settings.PORTAL_BASE_URL + reverse("catalog_cart:order-link", args=[checkout.reference, token])


def checkout_from_link(reference: str, token: str) -> Checkout | None:
    try:
        signing.Signer(salt=LINK_SALT).unsign(f"{reference}:{token}")
    except signing.BadSignature:
        return None
    return Checkout.objects.filter(reference=reference).first()


def checkout_lookup(*, number: str, contact: str) -> Checkout | None:
    """The checkout whose reference or one of whose order numbers is `number`, if `contact` is the
    e-mail address or phone number given at checkout."""
    number = number.strip().upper()
    checkout = (
        Checkout.objects.filter(reference=number).first() or Checkout.objects.filter(orders__number=number).first()
    )
    if checkout is None:
        return None
    contact = contact.strip()
    if "@" in contact:
        return checkout if contact.lower() == checkout.contact_email.lower() else None
    try:
        phone = normalize_phone(contact)
    except ValidationError:
        return None
    return checkout if phone == checkout.contact_phone else None


def _notify_created(checkout: Checkout) -> None:
    deadline = timezone.localtime(checkout.expires_at)
    orders = "\n".join(
        f"- {order.business.name}: {order.number} ({rupiah(order.subtotal)})"
        for order in checkout.orders.select_related("business")
    )
    _notify_buyer(
        checkout,
        _(
            "Pesanan %(ref)s dibuat. Total %(total)s.\n%(orders)s\nBayar sebelum %(deadline)s; setelah itu "
            "pesanan batal dan stok dilepas.\nBuka pesanan Anda: %(url)s"
        )
        % {
            "ref": checkout.reference,
            "total": rupiah(checkout.total),
            "orders": orders,
            "deadline": date_format(deadline, "j F Y H:i"),
            "url": checkout_link(checkout),
        },
    )


def _notify_buyer(checkout: Checkout, message: str) -> None:
    notify_email(
        to=checkout.contact_email,
        subject=message[:200],
        template="core/email/message.txt",
        context={"name": checkout.contact_name, "message": message},
        topic="order",
    )


def _notify_paid(checkout: Checkout) -> None:
    orders = list(checkout.orders.select_related("business__owner").prefetch_related("items"))
    lines = "\n".join(
        f"- {order.business.name}: {order.number} ({', '.join(f'{i.quantity} {i.unit} {i.name}' for i in order.items.all())})"
        for order in orders
    )
    _notify_buyer(
        checkout,
        _("Pembayaran %(ref)s diterima. Pesanan Anda:\n%(lines)s") % {"ref": checkout.reference, "lines": lines},
    )
    for order in orders:
        owner = order.business.owner
        items = "\n".join(f"- {i.quantity} {i.unit} {i.name}" for i in order.items.all())
        notify_email(
            to=owner.email,
            topic="order",
            template="core/email/message.txt",
            subject=_("Pesanan baru %(n)s") % {"n": order.number},
            context={
                "name": owner.display_name,
                "message": _("Pesanan baru %(n)s sudah dibayar:\n%(items)s\nPembeli: %(buyer)s, %(phone)s\n%(url)s")
                % {
                    "n": order.number,
                    "items": items,
                    "buyer": checkout.contact_name,
                    "phone": checkout.contact_phone,
                    "url": settings.PORTAL_BASE_URL + reverse("catalog_account:order-list"),
                },
            },
        )
