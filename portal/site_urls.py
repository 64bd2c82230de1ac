from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("akun/", views.AccountView.as_view(), name="account"),
    path("usaha/", views.BusinessListView.as_view(), name="business-list"),
    path("usaha/<slug:slug>/", views.BusinessDetailView.as_view(), name="business-detail"),
]
