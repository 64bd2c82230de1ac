from django.urls import path

from catalog import views
from core.page_cache import cache_anonymous_page

app_name = "catalog"

urlpatterns = [
    path("", cache_anonymous_page(views.product_list), name="product-list"),
    path("dilihat/<int:pk>/", views.product_viewed, name="product-viewed"),
    path("<slug:slug>/", cache_anonymous_page(views.ProductDetailView.as_view()), name="product-detail"),
]
