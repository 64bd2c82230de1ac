from django.urls import path

from financing import bank_views

app_name = "financing_bank"

urlpatterns = [
    path("", bank_views.lead_list, name="lead-list"),
    path("lead/<int:pk>/", bank_views.lead_detail, name="lead-detail"),
    path("lead/<int:pk>/dokumen/<int:certification_pk>/", bank_views.lead_document, name="lead-document"),
    path("lead/<int:pk>/status/", bank_views.lead_status, name="lead-status"),
    path("ekspor.csv", bank_views.lead_export, name="lead-export"),
    path("dasbor/", bank_views.dashboard, name="dashboard"),
    path("dasbor/csv/<slug:key>/", bank_views.dashboard_csv, name="dashboard-csv"),
    path("statistik/", bank_views.pipeline_stats, name="stats"),
]
