"""Production: secrets have no defaults; PostgreSQL, Redis, Elasticsearch are required.

https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .env import cache_from_env, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CACHES = {"default": cache_from_env(default="redis://127.0.0.1:6379/1")}
# At least one encryption key, and a digest key that survives rotation (docs/security.md).
FIELD_ENCRYPTION_KEYS = [key.strip() for key in env.list("FIELD_ENCRYPTION_KEYS", default=[]) if key.strip()]
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY", default="")
if not (FIELD_ENCRYPTION_KEYS or FIELD_ENCRYPTION_KEY):
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS (or FIELD_ENCRYPTION_KEY) must be set in production.")
if FIELD_ENCRYPTION_KEYS and FIELD_ENCRYPTION_KEY:
    raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEYS or FIELD_ENCRYPTION_KEY, not both (docs/security.md).")
if FIELD_ENCRYPTION_KEYS and not (FIELD_DIGEST_KEY or FIELD_ENCRYPTION_KEY):  # noqa: F405
    raise ImproperlyConfigured(
        "FIELD_DIGEST_KEY must be set with FIELD_ENCRYPTION_KEYS: the key the NIK digests were made with "
        "(the former FIELD_ENCRYPTION_KEY), so look-ups keep matching after rotation."
    )
FIELD_ENCRYPTION_CHECK_AT_START = env.bool("FIELD_ENCRYPTION_CHECK_AT_START", default=True)

# Hashed names + gzip copies; hashed files are served "immutable" for ten years.
# https://whitenoise.readthedocs.io/en/stable/django.html#add-compression-and-caching-support
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
# Files referenced without their hash (rare: emails, robots.txt) are cached for a day.
# https://whitenoise.readthedocs.io/en/stable/django.html#WHITENOISE_MAX_AGE
WHITENOISE_MAX_AGE = env.int("WHITENOISE_MAX_AGE", default=86400)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx in front (deploy/nginx-etalase.conf): the login lockout counts the real client address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    EMAIL_HOST = env.str("EMAIL_HOST")

# Fail at start, not at the first order or e-mail: without a broker every task would run inside
# the web request (eager Celery); with payments on and a key missing, checkout would break.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL")
if not CELERY_BROKER_URL:
    raise ImproperlyConfigured("CELERY_BROKER_URL must be set in production (Redis).")
CELERY_TASK_ALWAYS_EAGER = False
# Midtrans' production host unless told otherwise (portal/settings/midtrans.py defaults to the sandbox).
MIDTRANS_API_BASE = env.str("MIDTRANS_API_BASE", default="https://api.midtrans.com")
PAYMENTS_ENABLED = env.bool("PAYMENTS_ENABLED")
if PAYMENTS_ENABLED:
    _missing = [
        name for name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET") if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(f"PAYMENTS_ENABLED=true but {', '.join(_missing)} not set.")
