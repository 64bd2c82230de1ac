from django.urls import path

from partners import api

urlpatterns = [
    path("partners/<slug:channel>/listings/", api.PartnerListingsAPIView.as_view(), name="api-partner-listings"),
]
