"""Owner pages under /akun/: products (create, edit, duplicate, archive, stock, import) and the
seller's orders. Every lookup is scoped to the signed-in owner's businesses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from catalog import importers, orders, services
from catalog.dashboards import owner_activity_figure
from catalog.exceptions import CatalogError, ImageRejected, ImportRejected
from catalog.forms import ImportForm, ProductForm, ReasonForm, StockForm
from catalog.images import photo_uploads_accept, product_image_remove
from catalog.models import Order, OrderStatus, Product, ProductImage, ProductStatus
from catalog.selectors import buyer_orders, owner_products, product_photo_uploads, seller_orders
from core.figures import csv_response


def _owned(request, pk) -> Product:
    return get_object_or_404(Product.objects.select_related("business"), pk=pk, business__owner=request.user)


@login_required
def product_list(request):
    products = list(owner_products(request.user))
    for product in products:
        product.actions = services.product_actions(product, by="owner")
    return render(
        request,
        "catalog/account/product_list.html",
        {
            "products": products,
            "has_verified_business": request.user.businesses.filter(status="verified").exists(),
            "ProductStatus": ProductStatus,
        },
    )


def _can_submit(product) -> bool:
    return any(action.name == "submit" for action in services.product_actions(product, by="owner"))


def _save_photos(request, product, form) -> int:
    """Photos are kept as sent and processed by the worker; the owner sees them as "being
    processed" until then. Refused here (another request spent the hour's pixels meanwhile),
    nothing of the save is kept and the form says why (ImageRejected)."""
    return len(photo_uploads_accept(product=product, candidates=form.photo_candidates, actor=request.user))


def _photos_processing_message(request, count: int) -> None:
    if count:
        messages.info(
            request,
            ngettext(
                "%(n)s foto sedang diproses dan tampil setelah selesai.",
                "%(n)s foto sedang diproses dan tampil setelah selesai.",
                count,
            )
            % {"n": count},
        )


def _add_save_error(form, exc: CatalogError) -> None:
    form.add_error("photos" if isinstance(exc, ImageRejected) and "photos" in form.fields else None, exc.message)


@login_required
def product_create(request):
    form = ProductForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                product = services.product_create(
                    business=form.cleaned_data["business"], actor=request.user, data=form.product_data()
                )
                photos = _save_photos(request, product, form)
                if "submit_review" in request.POST:
                    services.product_transition(
                        product=product, to=ProductStatus.IN_REVIEW, actor=request.user, by="owner"
                    )
        except CatalogError as exc:
            _add_save_error(form, exc)
        else:
            _photos_processing_message(request, photos)
            messages.success(
                request,
                _("Produk disimpan.")
                if "submit_review" not in request.POST
                else _("Produk disimpan dan diajukan untuk moderasi."),
            )
            return redirect("catalog_account:product-edit", pk=product.pk)
    # A new product is a draft: it can always be saved and submitted at once.
    return render(request, "catalog/account/product_form.html", {"form": form, "product": None, "can_submit": True})


@login_required
def product_edit(request, pk):
    product = _owned(request, pk)
    form = ProductForm(request.POST or None, request.FILES or None, instance=product, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                product = services.product_update(product=product, actor=request.user, data=form.product_data())
                photos = _save_photos(request, product, form)
                if "submit_review" in request.POST and _can_submit(product):
                    services.product_action_take(product=product, action="submit", actor=request.user, by="owner")
        except CatalogError as exc:
            _add_save_error(form, exc)
        else:
            _photos_processing_message(request, photos)
            messages.success(request, _("Perubahan disimpan."))
            return redirect("catalog_account:product-edit", pk=product.pk)
    images = list(product.images.select_related("image"))
    uploads = product_photo_uploads(product)
    history = list(product.status_changes.select_related("actor").order_by("-at")[:10])
    return render(
        request,
        "catalog/account/product_form.html",
        {
            "form": form,
            "product": product,
            "images": images,
            "uploads": uploads,
            "history": history,
            "can_submit": _can_submit(product),
        },
    )


@login_required
@require_POST
def product_action(request, pk, action):
    product = _owned(request, pk)
    try:
        if action == "duplicate":
            copy = services.product_duplicate(product=product, actor=request.user)
            messages.success(request, _("Produk disalin sebagai draf."))
            return redirect("catalog_account:product-edit", pk=copy.pk)
        if action not in services.ACTION_LABELS:
            return HttpResponseNotAllowed(["POST"])
        services.product_action_take(product=product, action=action, actor=request.user, by="owner")
    except CatalogError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            {
                "submit": _("Produk diajukan untuk moderasi."),
                "withdraw": _("Produk ditarik kembali ke draf."),
                "archive": _("Produk diarsipkan."),
                "restore": _("Produk dipulihkan sebagai draf."),
            }[action],
        )
    return _back_to_row("catalog_account:product-list", f"produk-{product.pk}")


@login_required
@require_POST
def product_stock(request, pk):
    product = _owned(request, pk)
    form = StockForm(request.POST)
    if form.is_valid():
        services.product_set_stock(product=product, actor=request.user, stock=form.cleaned_data["stock"])
        messages.success(request, _("Stok %(name)s: %(n)s.") % {"name": product.name, "n": form.cleaned_data["stock"]})
    else:
        messages.error(request, _("Stok harus angka 0 atau lebih."))
    return _back_to_row("catalog_account:product-list", f"produk-{product.pk}")


@login_required
@require_POST
def product_photo_remove(request, pk, image_pk):
    product = _owned(request, pk)
    product_image = get_object_or_404(ProductImage, pk=image_pk, product=product)
    product_image_remove(product_image=product_image)
    messages.success(request, _("Foto dihapus."))
    return redirect("catalog_account:product-edit", pk=product.pk)


def _back_to_row(url_name: str, anchor: str):
    """After an action on a list, back to the row acted on (the message shows as a toast)."""
    return redirect(f"{reverse(url_name)}#{anchor}")


@login_required
def product_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    errors, created = [], None
    if request.method == "POST" and form.is_valid():
        try:
            created = importers.products_import(
                business=form.cleaned_data["business"], upload=form.cleaned_data["file"], actor=request.user
            )
        except ImportRejected as exc:
            errors = exc.errors
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(n)s produk diimpor sebagai draf.") % {"n": len(created)})
            return redirect("catalog_account:product-list")
    return render(
        request,
        "catalog/account/product_import.html",
        {
            "form": form,
            "errors": errors,
            "columns": importers.COLUMNS,
        },
    )


@login_required
def product_import_template(request):
    return importers.template_response()


@login_required
def order_list(request):
    order_rows = list(seller_orders(request.user)[:100])
    for order in order_rows:
        order.actions = orders.order_actions(order)
    return render(request, "catalog/account/order_list.html", {"orders": order_rows, "OrderStatus": OrderStatus})


@login_required
@require_POST
def order_status(request, number):
    order = get_object_or_404(Order, number=number, business__owner=request.user)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        orders.order_set_status(
            order=order,
            to=request.POST.get("status", ""),
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except CatalogError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pesanan %(n)s diperbarui.") % {"n": order.number})
    return _back_to_row("catalog_account:order-list", f"pesanan-{order.number}")


@login_required
def purchase_list(request):
    return render(request, "catalog/account/purchase_list.html", {"orders": list(buyer_orders(request.user)[:100])})


@login_required
def activity_csv(request):
    """The owner's chart on /akun/ as CSV: date, product page views, paid orders."""

    if not Product.objects.filter(business__owner=request.user).exists():
        raise Http404
    figure = owner_activity_figure(request.user)
    return csv_response(figure, "kunjungan-pesanan-30-hari")
