"""Settings shared by every environment. Integrations live in their own modules."""

from django.utils.translation import gettext_lazy as _

from .env import BASE_DIR, INSTANCE, cache_from_env, env

SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-etalase-mpp-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# In layer order (docs/architecture.md): plumbing, the site shell, the registry, the domain apps,
# then privacy and dashboards, which read every app.
INSTALLED_APPS = [
    "core",
    "portal",
    "registry",
    "catalog",
    "financing",
    "training",
    "partners",
    "search",
    "privacy",
    "dashboards",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.admin_language.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.sessions.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Cache-Control: private, no-store on anything personal (core/cache_control.py); anywhere
    # after AuthenticationMiddleware.
    "core.cache_control.PrivateCacheControlMiddleware",
    "portal.sites.CachedSiteMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "core.crypto.UndecryptableDataMiddleware",
    # The sign-in's trusted-device cookie (core.login_throttle).
    "core.login_throttle.TrustedDeviceCookieMiddleware",
    # django-axes must come last: https://django-axes.readthedocs.io/en/latest/2_installation.html
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "catalog.context_processors.cart",
            ],
        },
    },
]

# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# The SQLite default takes the write lock at BEGIN so that two writers queue instead of
# failing with "database is locked" (transaction_mode needs Django >= 5.1).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"transaction_mode": "IMMEDIATE", "timeout": 20})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

# Password validators: portal/settings/security.py.
# django-axes checks for a lockout before any other backend runs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.auth_backends.UsernameOrEmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "registry:account"
LOGOUT_REDIRECT_URL = "/"

# Bahasa Indonesia first, English under /en/.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
# locale_admin: Indonesian for the Wagtail admin strings its own catalogue lacks (portal.admin_language).
LOCALE_PATHS = [BASE_DIR / "portal" / "locale", BASE_DIR / "portal" / "locale_admin"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Never served as /media/ (see portal/media.py and deploy/nginx-etalase.conf).
# uploads/: photos as sent, before the worker re-encodes them (catalog.PhotoUpload).
PRIVATE_MEDIA_PREFIXES = ("certifications/", "partners/", "privacy/", "uploads/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads: a request may not exceed this; per-file limits are enforced by validators.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Where this portal serves: the Kemendagri code of the kabupaten/kota (Kendal = 33.24).
PORTAL_REGION_CODE = env.str("PORTAL_REGION_CODE", default="33.24")
PORTAL_NAME = env.str("PORTAL_NAME", default="Etalase MPP")
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Keys for personal data encrypted at rest (NIK), newest first: the first encrypts, all decrypt
# (rotation: docs/security.md "Encryption keys"). FIELD_ENCRYPTION_KEY is the single key of
# earlier releases, still read when FIELD_ENCRYPTION_KEYS is unset; with neither, a key derived
# from SECRET_KEY (dev and demo only: production requires one).
# https://cryptography.io/en/latest/fernet/#using-multifernet
FIELD_ENCRYPTION_KEYS = [key.strip() for key in env.list("FIELD_ENCRYPTION_KEYS", default=[]) if key.strip()]
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY", default="")
# HMAC key of the NIK look-up digest, unchanged by key rotation; by default the key digests were
# made with before this setting existed (FIELD_ENCRYPTION_KEY, else the SECRET_KEY-derived key).
FIELD_DIGEST_KEY = env.str("FIELD_DIGEST_KEY", default="")
# Web and worker processes refuse to start when these keys cannot read sampled stored rows.
FIELD_ENCRYPTION_CHECK_AT_START = env.bool("FIELD_ENCRYPTION_CHECK_AT_START", default=False)

WAGTAIL_SITE_NAME = PORTAL_NAME
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff are not shown Wagtail's English release notes and editor guide (portal/wagtail_hooks.py).
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatars fetched from gravatar.com: staff emails stay here, and the CSP allows no third-party images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "portal.forms.AdminLoginForm"
# The admin's password reset, throttled like the site's (portal.forms.ThrottledPasswordResetMixin).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "portal.forms.AdminPasswordResetForm"


CACHES = {"default": cache_from_env(default="locmemcache://etalase")}
CACHES["default"].setdefault("KEY_PREFIX", f"etalase-{INSTANCE}")
# Anonymous catalogue pages kept in the cache this long, or until content changes; 0 turns the
# page cache off (portal/page_cache.py). https://docs.djangoproject.com/en/5.2/topics/cache/
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Catalogue counts and facets per filter combination, dropped with the same version (0 = off).
CATALOG_SUMMARY_SECONDS = env.int("CATALOG_SUMMARY_SECONDS", default=300)
# Stock holds (catalog/holds.py): how long an unpaid checkout keeps its stock, signed in and
# anonymous; how many units of one product one checkout may take; how many unpaid checkouts one
# client (cart or account) and one address may have open; and the share (percent) of a product's
# stock that unpaid anonymous checkouts may hold together. README "Keamanan / Security".
CATALOG_CHECKOUT_TTL_MINUTES = env.int("CATALOG_CHECKOUT_TTL_MINUTES", default=30)
CATALOG_ANONYMOUS_CHECKOUT_TTL_MINUTES = env.int("CATALOG_ANONYMOUS_CHECKOUT_TTL_MINUTES", default=10)
CATALOG_MAX_UNITS_PER_PRODUCT = env.int("CATALOG_MAX_UNITS_PER_PRODUCT", default=10)
CATALOG_MAX_OPEN_CHECKOUTS_PER_CLIENT = env.int("CATALOG_MAX_OPEN_CHECKOUTS_PER_CLIENT", default=2)
CATALOG_MAX_OPEN_CHECKOUTS_PER_ADDRESS = env.int("CATALOG_MAX_OPEN_CHECKOUTS_PER_ADDRESS", default=5)
CATALOG_ANONYMOUS_HOLD_PERCENT = env.int("CATALOG_ANONYMOUS_HOLD_PERCENT", default=50)

SESSION_COOKIE_HTTPONLY = True
# Staff and bank officers are signed out after this long without a request (portal/sessions.py).
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
CSRF_COOKIE_HTTPONLY = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No NIK reaches a log line: every handler masks 16-digit runs (core.security.MaskNikFilter).
    "filters": {"mask_nik": {"()": "core.security.MaskNikFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_nik"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

from .api import *  # noqa: E402,F401,F403
from .celery import *  # noqa: E402,F401,F403
from .email import *  # noqa: E402,F401,F403
from .midtrans import *  # noqa: E402,F401,F403
from .privacy import *  # noqa: E402,F401,F403
from .search import *  # noqa: E402,F401,F403
from .security import *  # noqa: E402,F401,F403
from .stripe import *  # noqa: E402,F401,F403
from .uploads import *  # noqa: E402,F401,F403
