"""The cart: one per signed-in buyer, or one per session for anonymous buyers; the session
cart is merged into the buyer's cart at login."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from catalog import holds
from catalog.exceptions import CatalogError, OutOfStock
from catalog.models import Cart, CartItem, Product, ProductStatus
from catalog.selectors import images_prefetch

SESSION_KEY = "catalog_cart_id"


def cart_for_request(request, *, create: bool = False) -> Cart | None:
    if request.user.is_authenticated:
        cart = Cart.objects.filter(user=request.user).first()
        if cart is None and create:
            cart, _created = Cart.objects.get_or_create(user=request.user)
        return cart
    cart_id = request.session.get(SESSION_KEY)
    cart = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None
    if cart is None and create:
        cart = Cart.objects.create()
        request.session[SESSION_KEY] = cart.pk
    return cart


def cart_lines(cart: Cart | None) -> list[CartItem]:
    if cart is None:
        return []
    return list(
        cart.items.select_related("product", "product__business")
        .prefetch_related(images_prefetch("product__images"))
        .order_by("product__business__name", "pk")
    )


def cart_item_count(request) -> int:
    """Units in the visitor's cart, for the header; no query for a visitor who has no cart."""
    if not request.user.is_authenticated and not request.session.get(SESSION_KEY):
        return 0
    cart = cart_for_request(request)
    if cart is None:
        return 0
    return cart.items.aggregate(units=Sum("quantity"))["units"] or 0


def cart_add(*, cart: Cart, product_id: int, quantity: int) -> CartItem:
    product = Product.objects.filter(pk=product_id, status=ProductStatus.PUBLISHED, business__status="verified").first()
    if product is None:
        raise CatalogError(_("Produk tidak tersedia."))
    quantity = max(quantity, product.min_order, 1)
    try:
        with transaction.atomic():
            item, created = CartItem.objects.get_or_create(cart=cart, product=product, defaults={"quantity": quantity})
    except IntegrityError:  # a concurrent add created it first
        item, created = CartItem.objects.get(cart=cart, product=product), False
    new_quantity = quantity if created else item.quantity + quantity
    try:
        if new_quantity > product.stock:
            raise OutOfStock(_("Stok %(name)s tinggal %(n)s.") % {"name": product.name, "n": product.stock})
        holds.check_order_quantity(product, new_quantity)
    except CatalogError:
        if created:
            item.delete()
        raise
    if not created:
        CartItem.objects.filter(pk=item.pk).update(quantity=new_quantity)
        item.quantity = new_quantity
    return item


def cart_set_quantity(*, cart: Cart, item_id: int, quantity: int) -> None:
    item = CartItem.objects.select_related("product").filter(cart=cart, pk=item_id).first()
    if item is None:
        return
    if quantity <= 0:
        item.delete()
        return
    if quantity < item.product.min_order:
        raise CatalogError(_("Minimal pesan %(n)s.") % {"n": item.product.min_order})
    if quantity > item.product.stock:
        raise OutOfStock(_("Stok %(name)s tinggal %(n)s.") % {"name": item.product.name, "n": item.product.stock})
    holds.check_order_quantity(item.product, quantity)
    CartItem.objects.filter(pk=item.pk).update(quantity=quantity)


@transaction.atomic
def cart_merge(*, session_cart_id: int | None, user) -> Cart | None:
    """Moves the anonymous cart's lines into the user's cart (quantities add up)."""
    session_cart = Cart.objects.filter(pk=session_cart_id, user__isnull=True).first() if session_cart_id else None
    if session_cart is None:
        return None
    user_cart, _created = Cart.objects.get_or_create(user=user)
    existing = {item.product_id: item for item in user_cart.items.all()}
    for item in session_cart.items.all():
        if item.product_id in existing:
            CartItem.objects.filter(pk=existing[item.product_id].pk).update(
                quantity=existing[item.product_id].quantity + item.quantity
            )
        else:
            CartItem.objects.create(cart=user_cart, product_id=item.product_id, quantity=item.quantity)
    session_cart.delete()
    return user_cart


def merge_on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: a side effect on the session, not domain logic."""
    if request is None or not hasattr(request, "session"):
        return
    cart_id = request.session.pop(SESSION_KEY, None)
    if cart_id:
        cart_merge(session_cart_id=cart_id, user=user)
