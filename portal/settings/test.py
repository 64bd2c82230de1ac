"""Tests run against the real services that scripts/services starts (PostgreSQL, Redis,
Elasticsearch, localstripe, the Midtrans stand-in). Each checkout may set ETALASE_INSTANCE to keep its own
database, queue and indexes; under pytest-xdist each worker (gw0, gw1, ...) gets its own too
(pytest-django adds the worker to the test database's name itself)."""

import os

from .base import *  # noqa: F401,F403
from .env import INSTANCE as CHECKOUT
from .env import env

XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
INSTANCE = f"{CHECKOUT}-{XDIST_WORKER}" if XDIST_WORKER else CHECKOUT
# The Redis database tests that need a real Redis cache use, one per xdist worker: clearing the
# cache flushes the whole database, which must not empty another worker's.
TEST_REDIS_CACHE_DB = 9 + int(XDIST_WORKER[2:] or 0) if XDIST_WORKER.startswith("gw") else 9
from .security import content_security_policy

DEBUG = False
DATABASES = {"default": env.db("DATABASE_URL", default=f"postgres://etalase:etalase@127.0.0.1:5432/etalase_{CHECKOUT}")}
DATABASES["default"]["TEST"] = {"NAME": f"test_etalase_{CHECKOUT}"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend, but under pytest-xdist the workers' test databases are copies of one
    # migrated template (tests/postgresql/creation.py).
    DATABASES["default"]["ENGINE"] = "tests.postgresql"
    # A commit returns without waiting for its WAL to reach the disk: other sessions see it at
    # once as before; only a crash of the server could lose the last moments (of test data).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = f"etalase-test-{INSTANCE}"

SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="elasticsearch")
ELASTICSEARCH_INDEX_PREFIX = f"etalase-test-{INSTANCE}"

STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="http://127.0.0.1:8420")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="sk_test_etalase")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="pk_test_etalase")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="whsec_etalase_test")
PAYMENTS_ENABLED = True
STRIPE_JS_URL = f"{STRIPE_API_BASE}/js.stripe.com/v3/"
# The Midtrans stand-in (scripts/midtrans_server.py, started by scripts/services) and its key.
MIDTRANS_API_BASE = env.str("MIDTRANS_API_BASE", default="http://127.0.0.1:8430")
MIDTRANS_SERVER_KEY = env.str("MIDTRANS_SERVER_KEY", default="SB-Mid-server-etalase-standin")
MIDTRANS_TIMEOUT = 5.0
CONTENT_SECURITY_POLICY = content_security_policy(STRIPE_JS_URL)  # noqa: F405

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 0  # tests of the page cache turn it on (tests/catalog/test_page_cache.py)
CATALOG_SUMMARY_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / f"test-media-{INSTANCE}"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
