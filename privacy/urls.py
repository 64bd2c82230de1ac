from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("akun/data/", views.data_page, name="personal-data"),
    path("akun/data/salinan/", views.export_request, name="personal-data-export"),
    path("akun/data/permintaan/<int:pk>/status/", views.request_status, name="personal-data-status"),
    path("akun/data/permintaan/<int:pk>/unduh/", views.export_download, name="personal-data-download"),
    path("akun/data/hapus/", views.deletion_request, name="personal-data-deletion"),
    path("akun/data/persetujuan/<int:pk>/tarik/", views.consent_withdraw, name="personal-data-consent-withdraw"),
]
