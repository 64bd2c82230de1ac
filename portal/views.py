"""The site shell's own views: health check, sign-in landing, favicon, the 404 page."""

from django.contrib.auth.views import LoginView
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found as default_page_not_found

from portal import navigation


def health(request):
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class PortalLoginView(LoginView):
    """Django's login; without a ?next= each role lands where its work is (portal.navigation)."""

    def get_default_redirect_url(self):
        return navigation.landing_url(self.request.user)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to. Resolved per request: the
    hashed static name exists only after collectstatic."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def page_not_found(request, exception=None):
    """404s under /api/ answer JSON like the rest of the API (an id the URL patterns refuse,
    e.g. a negative one, never reaches DRF); everything else gets the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)
    return default_page_not_found(request, exception)
