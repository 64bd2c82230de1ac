from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.product_list, name="product-list"),
    path("dilihat/<int:pk>/", views.product_viewed, name="product-viewed"),
    path("<slug:slug>/", views.ProductDetailView.as_view(), name="product-detail"),
]
