"""Public catalogue pages. They read through catalog.selectors and write nothing."""
from django.shortcuts import render
from django.views.generic import DetailView

from catalog.selectors import (
    ListingParams, product_detail_queryset, product_listing, related_products,
)
from portal.identifiers import whatsapp_url


def product_list(request):
    params = ListingParams.from_querydict(request.GET, per_page=24)
    result = product_listing(params)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "catalog/product_list.html", {
        "result": result, "products": result.page.object_list, "page_obj": result.page,
        "is_paginated": result.page.paginator.num_pages > 1, "params": params,
        "facets": result.facets, "querystring": query.urlencode(),
    })


class ProductDetailView(DetailView):
    template_name = "catalog/product_detail.html"
    context_object_name = "product"

    def get_queryset(self):
        return product_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        profile = getattr(product.business.owner, "owner_profile", None)
        if profile and profile.allows_whatsapp_contact and profile.phone:
            context["whatsapp_url"] = whatsapp_url(
                profile.phone, f"Halo {product.business.name}, saya tertarik dengan {product.name} di Etalase MPP."
            )
        context["images"] = list(product.images.all())
        context["certifications"] = [
            c for c in (product.halal_certification, product.pirt_certification, product.bpom_certification) if c
        ]
        context["related"] = related_products(product)
        return context
