from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.index, name="index"),
    path("produk/", views.readiness, name="readiness"),
    path("produk/<int:pk>/<slug:channel>/", views.listing, name="listing"),
    path("produk/<int:pk>/<slug:channel>/ikut/", views.opt_in, name="opt-in"),
    path("usaha/<int:pk>/jam/", views.hours, name="hours"),
]
