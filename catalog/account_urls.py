from django.urls import path

from catalog import account_views as views

app_name = "catalog_account"

urlpatterns = [
    path("produk/", views.product_list, name="product-list"),
    path("produk/baru/", views.product_create, name="product-create"),
    path("produk/impor/", views.product_import, name="product-import"),
    path("produk/impor/contoh.csv", views.product_import_template, name="product-import-template"),
    path("produk/<int:pk>/", views.product_edit, name="product-edit"),
    path("produk/<int:pk>/stok/", views.product_stock, name="product-stock"),
    path("produk/<int:pk>/foto/<int:image_pk>/hapus/", views.product_photo_remove, name="product-photo-remove"),
    path("produk/<int:pk>/<str:action>/", views.product_action, name="product-action"),
    path("pesanan/", views.order_list, name="order-list"),
    path("pesanan/<str:number>/status/", views.order_status, name="order-status"),
    path("pembelian/", views.purchase_list, name="purchase-list"),
    path("aktivitas.csv", views.activity_csv, name="activity-csv"),
]
