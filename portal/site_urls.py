from django.urls import path

from portal import privacy_views, views
from portal.page_cache import cache_anonymous_page

app_name = "portal"

urlpatterns = [
    path("akun/", views.AccountView.as_view(), name="account"),
    path("akun/data/", privacy_views.data_page, name="personal-data"),
    path("akun/data/salinan/", privacy_views.export_request, name="personal-data-export"),
    path("akun/data/permintaan/<int:pk>/status/", privacy_views.request_status, name="personal-data-status"),
    path("akun/data/permintaan/<int:pk>/unduh/", privacy_views.export_download, name="personal-data-download"),
    path("akun/data/hapus/", privacy_views.deletion_request, name="personal-data-deletion"),
    path("akun/data/persetujuan/<int:pk>/tarik/", privacy_views.consent_withdraw, name="personal-data-consent-withdraw"),
    path("akun/usaha/<int:pk>/ubah/", views.BusinessEditView.as_view(), name="business-edit"),
    path("akun/usaha/<int:pk>/sertifikat/", views.BusinessCertificationsView.as_view(),
         name="business-certifications"),
    path("usaha/", views.BusinessListView.as_view(), name="business-list"),
    path("usaha/<slug:slug>/", cache_anonymous_page(views.BusinessDetailView.as_view()), name="business-detail"),
    path("daftar-usaha/", views.RegistrationStartView.as_view(), name="registration-start"),
    path("daftar-usaha/loket/", views.RegistrationStartView.as_view(assisted=True), name="registration-counter"),
    path("daftar-usaha/kbli/", views.KbliSearchView.as_view(), name="kbli-search"),
    path("daftar-usaha/status/<str:number>/<str:token>/", views.registration_status, name="registration-status"),
    path("daftar-usaha/<int:pk>/selesai/", views.RegistrationDoneView.as_view(), name="registration-done"),
    path("daftar-usaha/<int:pk>/tanda-terima.pdf", views.RegistrationReceiptView.as_view(), name="registration-receipt"),
    path("daftar-usaha/<int:pk>/<slug:step>/", views.RegistrationStepView.as_view(), name="registration-step"),
]
