"""Public product API: published products of verified businesses only."""
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Product
from catalog.selectors import (
    CERTIFICATIONS,
    SORTS,
    ListingParams,
    product_detail_queryset,
    product_listing,
    with_certifications,
)


class ProductSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.slug")
    category_name = serializers.CharField(source="category.name")
    business = serializers.SerializerMethodField()
    certifications = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "id", "slug", "name", "description", "category", "category_name", "price", "unit",
            "weight_grams", "net_content", "stock", "min_order", "ean13", "sku", "shelf_life_days",
            "certifications", "business", "images", "url", "published_at",
        ]

    def get_business(self, obj) -> dict:
        b = obj.business
        return {"id": b.id, "slug": b.slug, "name": b.name,
                "kecamatan": b.kecamatan.name if b.kecamatan else None, "kecamatan_code": b.kecamatan_id}

    def get_certifications(self, obj) -> list[dict]:
        # Only the kinds here; numbers are in the detail answer (select_related there).
        return [key for key, field in CERTIFICATIONS.items() if getattr(obj, f"{field}_id")]

    def get_images(self, obj) -> list[dict]:
        return [{"card": i.card_url, "large": i.large_url, "alt": i.alt_text} for i in obj.images.all()]

    def get_url(self, obj) -> str:
        return reverse("catalog:product-detail", args=[obj.slug])


class ProductDetailSerializer(ProductSerializer):
    certifications = serializers.SerializerMethodField()

    def get_certifications(self, obj) -> list[dict]:
        return [
            {"kind": key, "number": cert.number, "expires_on": cert.expires_on}
            for key, field in CERTIFICATIONS.items() if (cert := getattr(obj, field))
        ]


LIST_PARAMETERS = [
    OpenApiParameter("q", str, description="text"),
    OpenApiParameter("category", str, description="category slug"),
    OpenApiParameter("kecamatan", str, description="Kemendagri kecamatan code, e.g. 33.24.12"),
    OpenApiParameter("certification", str, many=True, enum=list(CERTIFICATIONS)),
    OpenApiParameter("price_min", int), OpenApiParameter("price_max", int),
    OpenApiParameter("business", int, description="business id"),
    OpenApiParameter("sort", str, enum=list(SORTS)),
    OpenApiParameter("page", int), OpenApiParameter("per_page", int, description="1–48, default 24"),
]


class ProductListAPIView(APIView):
    """Published products with filters, sort, pagination and facet counts."""

    @extend_schema(operation_id="products_list", parameters=LIST_PARAMETERS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        params = ListingParams.from_querydict(request.query_params, per_page=24)
        result = product_listing(params)
        page = result.page
        return Response({
            "count": result.total,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": page.next_page_number() if page.has_next() else None,
            "previous": page.previous_page_number() if page.has_previous() else None,
            "results": ProductSerializer(page.object_list, many=True).data,
            "facets": result.facets,
        })


class ProductDetailAPIView(generics.RetrieveAPIView):
    serializer_class = ProductDetailSerializer

    def get_queryset(self):
        return product_detail_queryset()

    def get_object(self):
        return with_certifications(super().get_object())
