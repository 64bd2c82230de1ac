"""Public product API: published products of verified businesses only. The list
(GET /api/v1/products/) is search.api_views.ProductListAPIView: it is answered by the search
interface, which sits above this app, and answers with ProductSerializer."""

from django.urls import reverse
from rest_framework import generics, serializers

from catalog.models import Product
from catalog.selectors import CERTIFICATION_FIELDS, product_detail_queryset, with_certifications


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
            "id",
            "slug",
            "name",
            "description",
            "category",
            "category_name",
            "price",
            "unit",
            "weight_grams",
            "net_content",
            "stock",
            "min_order",
            "ean13",
            "sku",
            "shelf_life_days",
            "certifications",
            "business",
            "images",
            "url",
            "published_at",
        ]

    def get_business(self, obj) -> dict:
        b = obj.business
        return {
            "id": b.id,
            "slug": b.slug,
            "name": b.name,
            "kecamatan": b.kecamatan.name if b.kecamatan else None,
            "kecamatan_code": b.kecamatan_id,
        }

    def get_certifications(self, obj) -> list[dict]:
        # Only the kinds here; numbers are in the detail answer (select_related there).
        return [key for key, field in CERTIFICATION_FIELDS.items() if getattr(obj, f"{field}_id")]

    def get_images(self, obj) -> list[dict]:
        return [{"card": i.card_url, "large": i.large_url, "alt": i.alt_text} for i in obj.images.all()]

    def get_url(self, obj) -> str:
        return reverse("catalog:product-detail", args=[obj.slug])


class ProductDetailSerializer(ProductSerializer):
    certifications = serializers.SerializerMethodField()

    def get_certifications(self, obj) -> list[dict]:
        return [
            {"kind": key, "number": cert.number, "expires_on": cert.expires_on}
            for key, field in CERTIFICATION_FIELDS.items()
            if (cert := getattr(obj, field))
        ]


class ProductDetailAPIView(generics.RetrieveAPIView):
    serializer_class = ProductDetailSerializer

    def get_queryset(self):
        return product_detail_queryset()

    def get_object(self):
        return with_certifications(super().get_object())
