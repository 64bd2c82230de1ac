from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.SessionListView.as_view(), name="index"),
    path("sesi/<int:pk>/", views.session_detail, name="session"),
    path("sesi/<int:pk>/daftar/", views.session_signup, name="signup"),
    path("sesi/<int:pk>/kalender.ics", views.session_ical, name="session-ical"),
    path("pendaftaran/<str:code>/", views.registration_detail, name="registration"),
    path("pendaftaran/<str:code>/qr.svg", views.registration_qr, name="registration-qr"),
    path("pendaftaran/<str:code>/batal/", views.registration_cancel, name="registration-cancel"),
    path("pendaftaran/<str:code>/konfirmasi/", views.registration_confirm, name="registration-confirm"),
    path("pendaftaran/<str:code>/umpan-balik/", views.registration_feedback, name="registration-feedback"),
    path("absen/<int:pk>/", views.check_in, name="check-in"),
    path("kelola/<int:pk>/", views.manage_session, name="manage"),
    path("kelola/<int:pk>/ekspor/<str:kind>.xlsx", views.export_session, name="export"),
]
