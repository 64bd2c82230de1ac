from django.urls import path

from core.page_cache import cache_anonymous_page
from registry import views

app_name = "registry"

urlpatterns = [
    path("akun/", views.AccountView.as_view(), name="account"),
    path("akun/usaha/<int:pk>/ubah/", views.BusinessEditView.as_view(), name="business-edit"),
    path("akun/usaha/<int:pk>/sertifikat/", views.BusinessCertificationsView.as_view(), name="business-certifications"),
    path("usaha/", views.BusinessListView.as_view(), name="business-list"),
    path("usaha/<slug:slug>/", cache_anonymous_page(views.BusinessDetailView.as_view()), name="business-detail"),
    path("daftar-usaha/", views.RegistrationStartView.as_view(), name="registration-start"),
    path("daftar-usaha/loket/", views.RegistrationStartView.as_view(assisted=True), name="registration-counter"),
    path("daftar-usaha/kbli/", views.KbliSearchView.as_view(), name="kbli-search"),
    path("daftar-usaha/periksa-email/", views.RegistrationCheckEmailView.as_view(), name="registration-check-email"),
    path("daftar-usaha/konfirmasi/<str:token>/", views.RegistrationConfirmView.as_view(), name="registration-confirm"),
    path("daftar-usaha/status/<str:number>/<str:token>/", views.registration_status, name="registration-status"),
    path("daftar-usaha/<int:pk>/selesai/", views.RegistrationDoneView.as_view(), name="registration-done"),
    path(
        "daftar-usaha/<int:pk>/tanda-terima.pdf", views.RegistrationReceiptView.as_view(), name="registration-receipt"
    ),
    path("daftar-usaha/<int:pk>/<slug:step>/", views.RegistrationStepView.as_view(), name="registration-step"),
]
