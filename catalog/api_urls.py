from django.urls import path

from catalog import api

urlpatterns = [
    path("products/<int:pk>/", api.ProductDetailAPIView.as_view(), name="api-product-detail"),
]
