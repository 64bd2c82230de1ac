"""Public, read-only search endpoints, and the catalogue's product list (answered by the search
interface like the page). They orchestrate: parse, call the search interface, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.api import ProductSerializer
from search.backends import hydrate, search_products, suggest
from search.listing import ListingParams, product_listing
from search.queries import CERTIFICATIONS, MAX_PAGE_SIZE, PAGE_SIZE, SORTS, InvalidSearch, parse_request


def product_result(product) -> dict:
    business = product.business
    return {
        "id": product.pk,
        "name": product.name,
        "slug": product.slug,
        "url": reverse("catalog:product-detail", args=[product.slug]),
        "price": product.price,
        "unit": product.unit,
        "in_stock": product.stock > 0,
        "category": product.category.slug,
        "business": {"id": business.pk, "name": business.name, "slug": business.slug},
        "kecamatan": business.kecamatan.name if business.kecamatan else "",
        "highlight": {"name": product.highlighted_name, "description": product.highlighted_description},
    }


def response_payload(response, products) -> dict:
    """The answer of the search API."""
    return {
        "count": response.total,
        "page": response.request.page,
        "page_size": response.request.page_size,
        "num_pages": response.num_pages,
        "backend": response.backend,
        "did_you_mean": response.did_you_mean,
        "facets": response.facets_dict(),
        "results": [product_result(product) for product in products],
    }


SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="text; typos and spelling variants tolerated"),
    OpenApiParameter("category", OpenApiTypes.STR, description="category slug (repeatable; includes subcategories)"),
    OpenApiParameter("kecamatan", OpenApiTypes.STR, description="kecamatan code, e.g. 33.24.12 (repeatable)"),
    OpenApiParameter("certification", OpenApiTypes.STR, enum=list(CERTIFICATIONS)),
    OpenApiParameter("min_price", OpenApiTypes.INT),
    OpenApiParameter("max_price", OpenApiTypes.INT),
    OpenApiParameter("in_stock", OpenApiTypes.BOOL),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS)),
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("page_size", OpenApiTypes.INT),
]


class ProductSearchView(APIView):
    """Search published products (the query as typed, not relaxed): hits, facet counts (each
    facet ignoring its own filter), highlights and a "did you mean" whenever a corrected query
    finds products."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=SEARCH_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        try:
            search_request = parse_request(request.query_params)
        except InvalidSearch as exc:
            return Response({"detail": str(exc)}, status=400)
        response = search_products(search_request)
        return Response(response_payload(response, hydrate(response)))


class SuggestView(APIView):
    """Autocomplete for the search box: up to 8 product names for a partial query."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=[OpenApiParameter("q", OpenApiTypes.STR, required=True)], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        text = (request.query_params.get("q") or "").strip()[:100]
        if len(text) < 2:
            return Response({"q": text, "suggestions": []})
        return Response(
            {
                "q": text,
                "suggestions": [
                    {"text": name, "url": f"{reverse('catalog:product-list')}?{urlencode({'q': name})}"}
                    for name in suggest(text)
                ],
            }
        )


LIST_PARAMETERS = [
    OpenApiParameter("q", str, description="text"),
    OpenApiParameter("category", str, description="category slug"),
    OpenApiParameter("kecamatan", str, description="Kemendagri kecamatan code, e.g. 33.24.12"),
    OpenApiParameter("certification", str, many=True, enum=list(CERTIFICATIONS)),
    OpenApiParameter("price_min", int),
    OpenApiParameter("price_max", int),
    OpenApiParameter("business", int, description="business id"),
    OpenApiParameter("sort", str, enum=list(SORTS)),
    OpenApiParameter("page", int),
    OpenApiParameter("per_page", int, description=f"1–{MAX_PAGE_SIZE}, default {PAGE_SIZE}"),
]


class ProductListAPIView(APIView):
    """Published products with filters, sort, pagination and facet counts: the catalogue's
    listing (search.listing, the query as typed) in the catalogue's answer shape."""

    @extend_schema(operation_id="products_list", parameters=LIST_PARAMETERS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        result = product_listing(ListingParams.from_querydict(request.query_params))
        page = result.page
        return Response(
            {
                "count": result.total,
                "page": page.number,
                "num_pages": page.paginator.num_pages,
                "next": page.next_page_number() if page.has_next() else None,
                "previous": page.previous_page_number() if page.has_previous() else None,
                "results": ProductSerializer(result.products(), many=True).data,
                "facets": result.facets,
            }
        )
