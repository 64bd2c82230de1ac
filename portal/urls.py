from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views
from portal.forms import PasswordResetForm


def _superuser_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


# Django's admin is for superusers only; staff work in the Wagtail admin at /admin/.
admin.site.has_permission = _superuser_only

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("portal.api_urls")),
    path("healthz", views.health, name="health"),
    # Browsers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", views.favicon),
    path("", include("catalog.webhook_urls")),
]

urlpatterns += i18n_patterns(
    path("akun/login/", views.PortalLoginView.as_view(), name="login"),
    path(
        "akun/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("akun/", include("django.contrib.auth.urls")),
    path("akun/", include("catalog.account_urls")),
    path("", include("registry.urls")),
    path("", include("privacy.urls")),
    # One namespace, two apps: the listing (search: browsing and text search go through the
    # search interface) and the product pages (catalog).
    path("produk/", include(([path("", include("search.urls")), path("", include("catalog.urls"))], "catalog"))),
    path("keranjang/", include("catalog.cart_urls")),
    path("bank/", include("financing.bank_urls")),
    path("sertifikat/", include("training.certificate_urls")),
    path("pembiayaan/", include("financing.urls")),
    path("pelatihan/", include("training.urls")),
    path("mitra/", include("partners.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from core.media import serve_public_media

    urlpatterns = [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_public_media),
    ] + urlpatterns

handler404 = "portal.views.page_not_found"
