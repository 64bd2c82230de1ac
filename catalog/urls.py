"""The product pages under /produk/. portal/urls.py mounts them with search.urls (the listing at
/produk/ itself, answered by the search interface) under the one `catalog` namespace."""

from django.urls import path

from catalog import views
from core.page_cache import cache_anonymous_page

urlpatterns = [
    path("dilihat/<int:pk>/", views.product_viewed, name="product-viewed"),
    path("<slug:slug>/", cache_anonymous_page(views.ProductDetailView.as_view()), name="product-detail"),
]
