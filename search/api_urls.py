from django.urls import path

from search import api_views

urlpatterns = [
    path("search/suggest/", api_views.SuggestView.as_view(), name="search-suggest"),
    path("search/products/", api_views.ProductSearchView.as_view(), name="search-products"),
    path("products/", api_views.ProductListAPIView.as_view(), name="api-product-list"),
]
