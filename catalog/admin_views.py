"""Staff pages in the Wagtail admin: the moderation queue, one product's moderation, and
payments with the refund action. Counter staff and administrators only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import orders, services
from catalog.exceptions import CatalogError
from catalog.forms import ReasonForm
from catalog.models import Checkout, PaymentStatus, PhotoUploadStatus, Product, ProductStatus
from catalog.selectors import images_prefetch
from portal import roles

MODERATORS = (roles.COUNTER_STAFF, roles.ADMINISTRATOR)


def _require_moderator(request):
    if not roles.has_any_role(request.user, *MODERATORS):
        raise PermissionDenied


def moderation_queue(request):
    _require_moderator(request)
    status = request.GET.get("status", ProductStatus.IN_REVIEW)
    if status not in ProductStatus.values:
        status = ProductStatus.IN_REVIEW
    qs = (
        Product.objects.filter(status=status)
        .select_related("business", "category", "business__kecamatan")
        .prefetch_related(images_prefetch())
        .order_by("submitted_at", "pk")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "catalog/admin/moderation_queue.html",
        {
            "page_title": _("Moderasi produk"),
            "header_icon": "tick-inverse",
            "page": page,
            "status": status,
            "statuses": ProductStatus.choices,
        },
    )


def moderate_product(request, pk):
    _require_moderator(request)
    product = get_object_or_404(
        Product.objects.select_related(
            "business", "category", "halal_certification", "pirt_certification", "bpom_certification"
        ).prefetch_related(images_prefetch()),
        pk=pk,
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_action_take(
                product=product,
                action=request.POST.get("action", ""),
                actor=request.user,
                by="staff",
                reason=form.cleaned_data["reason"],
            )
        except CatalogError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("%(name)s: %(status)s.") % {"name": product.name, "status": product.get_status_display()}
            )
            return redirect("catalog_admin:moderation")
    return TemplateResponse(
        request,
        "catalog/admin/moderate_product.html",
        {
            "page_title": _("Moderasi: %(name)s") % {"name": product.name},
            "header_icon": "tick-inverse",
            "product": product,
            "form": form,
            "images": list(product.images.all()),
            # A photo still being processed is not shown yet; when it is ready on a product
            # approved meanwhile, the product comes back to review (catalog.images).
            "photos_processing": product.photo_uploads.filter(status=PhotoUploadStatus.PROCESSING).count(),
            "actions": services.product_actions(product, by="staff"),
            "history": product.status_changes.select_related("actor").order_by("-at")[:20],
        },
    )


def payments(request):
    _require_moderator(request)
    qs = Checkout.objects.prefetch_related("orders__business").order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    if status in PaymentStatus.values:
        qs = qs.filter(payment_status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "catalog/admin/payments.html",
        {
            "page_title": _("Pembayaran"),
            "header_icon": "doc-full",
            "page": page,
            "status": status,
            "statuses": PaymentStatus.choices,
        },
    )


@require_POST
def refund(request, pk):
    _require_moderator(request)
    checkout = get_object_or_404(Checkout, pk=pk)
    try:
        orders.checkout_refund(checkout=checkout, actor=request.user)
    except CatalogError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Dana %(ref)s dikembalikan.") % {"ref": checkout.reference})
    return redirect("catalog_admin:payments")
