"""Cart, checkout and the payment page under /keranjang/."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catalog import cart as cart_service
from catalog import holds, orders
from catalog.exceptions import CatalogError
from catalog.forms import AddToCartForm, CheckoutForm, OrderLookupForm
from catalog.models import Checkout, PaymentStatus
from catalog.payments import stripe_api
from catalog.payments.exceptions import PaymentDeclined, PaymentError
from catalog.selectors import published_products, seller_whatsapp_urls
from core.identifiers import is_ascii_digits
from core.ratelimit import allow
from core.security import client_ip

SESSION_CHECKOUTS = "catalog_checkouts"


def _open_checkouts(request, cart) -> list[Checkout]:
    """The visitor's unpaid checkouts that hold stock, for the cart and checkout pages."""
    if cart is None and not request.user.is_authenticated:
        return []
    return list(holds.open_checkouts(cart=cart, buyer=request.user).order_by("expires_at"))


def cart_detail(request):
    cart = cart_service.cart_for_request(request)
    lines = cart_service.cart_lines(cart)
    groups = {}
    for line in lines:
        line.max_quantity = min(line.product.stock, holds.max_units_per_order(line.product))
        groups.setdefault(line.product.business, []).append(line)
    total = sum(line.line_total for line in lines)
    return render(
        request,
        "catalog/cart/cart.html",
        {"groups": groups, "lines": lines, "total": total, "open_checkouts": _open_checkouts(request, cart)},
    )


def _add_confirmation(request):
    """GET: the product page's add-to-cart form without a CSRF token. Product pages are cached
    and shared by every anonymous visitor, so they carry no token and set no cookie; with
    JavaScript the form fetches this page once for the cookie and posts at once
    (catalog/add-to-cart.js), without it the buyer confirms here with a token of their own."""
    form = AddToCartForm(request.GET)
    form.is_valid()  # a bad quantity falls back to the minimum order below
    product_id = form.cleaned_data.get("product")
    product = published_products().filter(pk=product_id, stock__gt=0).first() if product_id else None
    if product is None:
        raise Http404(_("Produk tidak ditemukan atau stok habis."))
    max_quantity = min(product.stock, holds.max_units_per_order(product))
    quantity = min(max(form.cleaned_data.get("quantity") or 1, product.min_order), max_quantity)
    return render(
        request,
        "catalog/cart/add_confirm.html",
        {"product": product, "quantity": quantity, "max_quantity": max_quantity},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def cart_add(request):
    if request.method != "POST":
        return _add_confirmation(request)
    form = AddToCartForm(request.POST)
    product_id = request.POST.get("product", "")
    product = published_products().filter(pk=int(product_id)).first() if is_ascii_digits(product_id) else None
    # The buyer stays on the product page (or goes back to it) and can keep shopping.
    back = redirect("catalog:product-detail", product.slug) if product else redirect("catalog_cart:detail")
    if not form.is_valid():
        messages.error(request, _("Jumlah tidak valid."))
        return back
    cart = cart_service.cart_for_request(request, create=True)
    try:
        item = cart_service.cart_add(
            cart=cart, product_id=form.cleaned_data["product"], quantity=form.cleaned_data["quantity"] or 1
        )
    except CatalogError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s (%(n)s) ditambahkan ke keranjang.") % {"name": item.product.name, "n": item.quantity},
            extra_tags="cart-added",
        )
    return back


@require_POST
def cart_update(request, item_id):
    cart = cart_service.cart_for_request(request)
    if cart is not None:
        try:
            quantity = int(request.POST.get("quantity", "0"))
        except ValueError:
            quantity = -1
        if quantity < 0:
            messages.error(request, _("Jumlah tidak valid."))
        else:
            try:
                cart_service.cart_set_quantity(cart=cart, item_id=item_id, quantity=quantity)
            except CatalogError as exc:
                messages.error(request, exc.message)
            if quantity > 0:  # back to the line changed; a removed line is gone
                return redirect(f"{reverse('catalog_cart:detail')}#baris-{item_id}")
    return redirect("catalog_cart:detail")


def checkout(request):
    cart = cart_service.cart_for_request(request)
    lines = cart_service.cart_lines(cart)
    if not lines:
        messages.info(request, _("Keranjang kosong."))
        return redirect("catalog_cart:detail")
    initial = {}
    if request.user.is_authenticated:
        initial = {
            "contact_name": request.user.get_full_name(),
            "contact_email": request.user.email,
            "contact_phone": request.user.phone,
        }
    form = CheckoutForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        contact = {
            k: form.cleaned_data[k]
            for k in ("contact_name", "contact_phone", "contact_email", "fulfilment", "kecamatan", "desa", "address")
        }
        try:
            created = orders.checkout_start(
                cart=cart, buyer=request.user, contact=contact, client_ip=client_ip(request)
            )
        except CatalogError as exc:
            form.add_error(None, exc.message)
        else:
            _remember_checkout(request, created.reference)
            return redirect("catalog_cart:pay", reference=created.reference)
    total = sum(line.line_total for line in lines)
    return render(
        request,
        "catalog/cart/checkout.html",
        {"form": form, "lines": lines, "total": total, "open_checkouts": _open_checkouts(request, cart)},
    )


def _remember_checkout(request, reference: str) -> None:
    request.session[SESSION_CHECKOUTS] = [*request.session.get(SESSION_CHECKOUTS, [])[-9:], reference]


def order_link(request, reference, token):
    """The link in the buyer's e-mail: opens the checkout in any browser, tab closed or not."""
    checkout = orders.checkout_from_link(reference, token)
    if checkout is None:
        raise Http404
    _remember_checkout(request, checkout.reference)
    return redirect("catalog_cart:pay", reference=checkout.reference)


# Lookups per client address per hour: enough for typos, too few to guess numbers.
LOOKUPS_PER_HOUR = 20


def order_lookup(request):
    """A buyer without the e-mail finds an order by its number and the e-mail or phone used."""
    form = OrderLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow(f"order-lookup:{client_ip(request)}", limit=LOOKUPS_PER_HOUR, window=3600):
            form.add_error(None, _("Terlalu banyak percobaan. Coba lagi dalam satu jam."))
        else:
            checkout = orders.checkout_lookup(number=form.cleaned_data["number"], contact=form.cleaned_data["contact"])
            if checkout is None:
                form.add_error(
                    None, _("Pesanan tidak ditemukan. Periksa nomor dan email atau nomor HP yang dipakai saat memesan.")
                )
            else:
                _remember_checkout(request, checkout.reference)
                return redirect("catalog_cart:pay", reference=checkout.reference)
    status = 400 if form.errors else 200
    return render(request, "catalog/cart/order_lookup.html", {"form": form}, status=status)


def _checkout_for(request, reference) -> Checkout:
    checkout = get_object_or_404(Checkout, reference=reference)
    allowed = reference in request.session.get(SESSION_CHECKOUTS, []) or (
        request.user.is_authenticated and checkout.buyer_id == request.user.pk
    )
    if not allowed:
        raise Http404
    return checkout


def pay(request, reference):
    checkout = _checkout_for(request, reference)
    error = ""
    payments_enabled = stripe_api.is_configured()
    if payments_enabled and checkout.payment_status == PaymentStatus.PENDING:
        try:
            checkout = orders.checkout_payment_intent(checkout=checkout)
        except PaymentError as exc:
            error = str(exc.user_message)
    checkout_orders = list(checkout.orders.select_related("business").prefetch_related("items"))
    whatsapp = seller_whatsapp_urls(
        checkout_orders, _("Halo, saya memesan %(ref)s di Etalase MPP.") % {"ref": checkout.reference}
    )
    for order in checkout_orders:
        order.seller_whatsapp_url = whatsapp.get(order.business_id, "")
    return render(
        request,
        "catalog/cart/pay.html",
        {
            "checkout": checkout,
            "orders": checkout_orders,
            "deadline": timezone.localtime(checkout.expires_at),
            "hold_minutes_signed_in": settings.CATALOG_CHECKOUT_TTL_MINUTES,
            "error": error,
            "payments_enabled": payments_enabled,
            "STRIPE_JS_URL": settings.STRIPE_JS_URL,
            "STRIPE_PUBLISHABLE_KEY": settings.STRIPE_PUBLISHABLE_KEY,
        },
    )


@require_POST
def pay_cancel(request, reference):
    """The pay page's "back to the cart" (`action=cart`: the lines go back into this browser's
    cart) and "cancel the order" (`action=cancel`): either way the stock is released at once."""
    checkout = _checkout_for(request, reference)
    action = request.POST.get("action", "")
    if action not in ("cart", "cancel"):
        return HttpResponseBadRequest(_("Pilihan tidak valid."))
    to_cart = action == "cart"
    cart = cart_service.cart_for_request(request, create=True) if to_cart else None
    try:
        checkout = orders.checkout_cancel(checkout=checkout, cart=cart, reason="cancelled by the buyer")
    except CatalogError as exc:
        messages.error(request, exc.message)
        return redirect("catalog_cart:pay", reference=checkout.reference)
    if checkout.payment_status != PaymentStatus.CANCELLED:
        messages.error(request, _("Pesanan ini tidak lagi menunggu pembayaran."))
        return redirect("catalog_cart:pay", reference=checkout.reference)
    if to_cart:
        messages.success(
            request, _("Pesanan %(ref)s dibatalkan; isinya kembali ke keranjang.") % {"ref": checkout.reference}
        )
        return redirect("catalog_cart:detail")
    messages.success(request, _("Pesanan %(ref)s dibatalkan dan stoknya dilepas.") % {"ref": checkout.reference})
    return redirect("catalog_cart:pay", reference=checkout.reference)


@require_POST
def pay_confirm(request, reference):
    """The localstripe path: the browser tokenised the card; we attach it and confirm."""
    checkout = _checkout_for(request, reference)
    payment_method = request.POST.get("payment_method", "")
    if checkout.payment_status != PaymentStatus.PENDING or not checkout.payment_intent_id:
        return JsonResponse({"error": _("Pembayaran ini tidak lagi menunggu.")}, status=409)
    if not payment_method.startswith(("card_", "pm_")):
        return JsonResponse({"error": _("Data kartu tidak valid.")}, status=400)
    try:
        intent = stripe_api.attach_and_confirm(
            intent_id=checkout.payment_intent_id,
            payment_method=payment_method,
            idempotency_key=f"confirm-{checkout.reference}-{payment_method}",
        )
    except PaymentDeclined:
        return JsonResponse({"error": _("Kartu ditolak. Gunakan kartu lain.")}, status=402)
    except PaymentError as exc:
        return JsonResponse({"error": str(exc.user_message)}, status=502)
    return JsonResponse({"status": intent.status, "client_secret": checkout.client_secret})


def pay_status(request, reference):
    checkout = _checkout_for(request, reference)
    return JsonResponse({"payment_status": checkout.payment_status, "label": checkout.get_payment_status_display()})
