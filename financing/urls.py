from django.urls import path

from financing import views

app_name = "financing"

urlpatterns = [
    path("", views.index, name="index"),
    path("hasil/", views.results, name="results"),
    path("persetujuan/", views.consent, name="consent"),
    path("pengajuan/", views.applications, name="applications"),
    path("persetujuan/<int:pk>/tarik/", views.consent_withdraw, name="consent-withdraw"),
]
