from django.urls import path

from financing.api_views import FinancingMatchAPIView

urlpatterns = [
    path("financing/match/", FinancingMatchAPIView.as_view(), name="api-financing-match"),
]
