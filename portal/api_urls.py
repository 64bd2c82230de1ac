"""/api/v1/: each app contributes its own api_urls; the schema and docs live here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the docs pass the CSP (no inline
    # script); Swagger UI's assets come from drf-spectacular-sidecar, not a CDN.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("registry.api_views")),
    path("", include("catalog.api_urls")),
    path("", include("search.api_urls")),
    path("", include("financing.api_urls")),
    path("", include("training.api_urls")),
    path("", include("partners.api_urls")),
]
