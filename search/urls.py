"""/produk/ itself: the catalogue's listing. portal/urls.py mounts it with catalog.urls (the
product pages) under the one `catalog` namespace, so its name stays `catalog:product-list`."""

from django.urls import path

from core.page_cache import cache_anonymous_page
from search import views

urlpatterns = [
    path("", cache_anonymous_page(views.product_list), name="product-list"),
]
