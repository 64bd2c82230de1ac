from django.urls import path

from catalog import cart_views as views

app_name = "catalog_cart"

urlpatterns = [
    path("", views.cart_detail, name="detail"),
    path("tambah/", views.cart_add, name="add"),
    path("baris/<int:item_id>/", views.cart_update, name="update"),
    path("checkout/", views.checkout, name="checkout"),
    path("bayar/<str:reference>/", views.pay, name="pay"),
    path("bayar/<str:reference>/konfirmasi/", views.pay_confirm, name="pay-confirm"),
    path("bayar/<str:reference>/batal/", views.pay_cancel, name="pay-cancel"),
    path("bayar/<str:reference>/status/", views.pay_status, name="pay-status"),
    path("pesanan/", views.order_lookup, name="order-lookup"),
    path("pesanan/<str:reference>/<str:token>/", views.order_link, name="order-link"),
]
