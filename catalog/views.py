"""Public product pages. They read through catalog.selectors and write nothing (the view
beacon, a separate POST, counts product views). The listing at /produk/ itself is
search.views.product_list: it is answered by the search interface, which sits above catalog."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from catalog import holds
from catalog.fragments import product_cards
from catalog.models import Product, ProductStatus
from catalog.selectors import (
    owner_contact,
    product_detail_queryset,
    related_product_ids,
    with_certifications,
)
from catalog.services import product_view_record
from core.identifiers import whatsapp_url
from core.page_cache import CACHE_ERRORS
from core.security import client_ip


class ProductDetailView(DetailView):
    template_name = "catalog/product_detail.html"
    context_object_name = "product"

    def get_queryset(self):
        return product_detail_queryset()

    def get_object(self, queryset=None):
        return with_certifications(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        profile = owner_contact(product.business)
        if profile and profile.allows_whatsapp_contact and profile.phone:
            context["whatsapp_url"] = whatsapp_url(
                profile.phone, f"Halo {product.business.name}, saya tertarik dengan {product.name} di Etalase MPP."
            )
        context["images"] = list(product.images.all())
        context["max_per_order"] = holds.max_units_per_order(product)
        context["max_quantity"] = min(product.stock, context["max_per_order"])
        context["certifications"] = [
            c for c in (product.halal_certification, product.pirt_certification, product.bpom_certification) if c
        ]
        context["related_cards"] = product_cards(related_product_ids(product))
        return context


VIEW_DEDUP_SECONDS = 30 * 60  # one client counts once per product per half hour


@csrf_exempt
@require_POST
def product_viewed(request, pk: int):
    """The product page's view beacon (static/catalog/product-view.js, navigator.sendBeacon).
    Counting here rather than in the page view keeps page views free of writes and counts pages
    served from a cache too; bots that run no JavaScript are not counted. No CSRF token: the
    only effect is a counter, and one client counts once per window. The client is its address
    as the trusted proxy saw it (core.security.client_ip), hashed: not the User-Agent, which
    the client writes itself (changing it counted again), nor nginx's own address. With the
    cache down nothing is counted: under-counting is better than counting every request."""
    if not Product.objects.filter(pk=pk, status=ProductStatus.PUBLISHED).exists():
        return HttpResponse(status=404)
    visitor = hashlib.sha256((client_ip(request) or "").encode()).hexdigest()[:16]
    try:
        first_view = cache.add(f"catalog:viewed:{pk}:{visitor}", 1, VIEW_DEDUP_SECONDS)
    except CACHE_ERRORS:
        first_view = False
    if first_view:
        product_view_record(product_id=pk)
    return HttpResponse(status=204)
