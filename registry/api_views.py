"""Read-only business directory API: verified businesses only, no personal data."""

from django.urls import path
from rest_framework import generics, serializers

from registry.models import Business, Certification
from registry.selectors import verified_businesses


class CertificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certification
        fields = ["kind", "number", "expires_on"]


class BusinessSerializer(serializers.ModelSerializer):
    kecamatan = serializers.CharField(source="kecamatan.name", default=None)
    kecamatan_code = serializers.CharField(source="kecamatan_id", default=None)
    desa = serializers.CharField(source="desa.name", default=None)
    kbli = serializers.CharField(source="primary_kbli.code", default=None)
    sector = serializers.CharField(source="primary_kbli.title", default=None)
    certifications = CertificationSerializer(many=True, read_only=True)

    class Meta:
        model = Business
        fields = [
            "id",
            "slug",
            "name",
            "legal_form",
            "kbli",
            "sector",
            "size_class",
            "kecamatan",
            "kecamatan_code",
            "desa",
            "description",
            "certifications",
        ]


class BusinessListAPIView(generics.ListAPIView):
    serializer_class = BusinessSerializer
    filterset_fields = {"kecamatan": ["exact"], "size_class": ["exact"]}

    def get_queryset(self):
        return verified_businesses().prefetch_related("certifications").order_by("name", "pk")


class BusinessDetailAPIView(generics.RetrieveAPIView):
    serializer_class = BusinessSerializer

    def get_queryset(self):
        return verified_businesses().prefetch_related("certifications")


urlpatterns = [
    path("businesses/", BusinessListAPIView.as_view(), name="api-business-list"),
    path("businesses/<int:pk>/", BusinessDetailAPIView.as_view(), name="api-business-detail"),
]
