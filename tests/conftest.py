"""Shared fixtures. Tests run against the real services started by scripts/services."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_configure(config):
    """The pytest-xdist controller starts migrating the workers' template database at once, in
    the background, so that it overlaps the workers' start (tests/postgresql/creation.py)."""
    from django.conf import settings

    if (
        hasattr(config, "workerinput")
        or not config.getoption("numprocesses", None)
        or config.getoption("reuse_db", False)
        or config.getoption("collectonly", False)
        or settings.DATABASES["default"]["ENGINE"] != "tests.postgresql"
    ):
        return
    config.option.testrunuid = config.option.testrunuid or uuid.uuid4().hex  # xdist hands it on
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "test-template-migrate.log", "w")
    config._template_migration = subprocess.Popen(
        [sys.executable, "-m", "tests.postgresql.template", config.option.testrunuid],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()


def pytest_unconfigure(config):
    migration = getattr(config, "_template_migration", None)
    if migration is not None and migration.poll() is None:
        migration.terminate()  # a run without database tests: the next run migrates afresh
        migration.wait(timeout=15)


def pytest_collection_modifyitems(config, items):
    """Transactional tests (live server, Celery worker, concurrency) flush the database after
    they run; restore what migrations loaded (groups, KBLI, regions, Wagtail root) each time."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "serialized_rollback" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(**marker.kwargs, serialized_rollback=True), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the serialized copy of the migrated data (here the SQL that restores it, see
    tests/postgresql/creation.py) on the connection class: while Playwright's
    event loop runs, the test body may get a new connection object (asgiref context) that lacks
    the instance attribute, and serialized rollback would then silently restore nothing."""
    from django.db import connections

    connection = connections["default"]
    if not connection.settings_dict["NAME"].startswith("test_"):
        return  # no test of this run uses the database: pytest-django did not create one
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is None:
            contents = connection.creation.serialize_db_to_string()
    type(connection)._test_serialized_contents = contents


# --- Playwright in Debian's Chromium -----------------------------------------------------------

# How long a browser assertion (expect(...)) waits for the page: Playwright's 5 s is short for a
# page served by a live server on a busy two-core machine. Tests that wait for a Celery worker
# give their own, longer timeout. E2E_TIMEOUT_MS changes it.
E2E_TIMEOUT_MS = int(os.environ.get("E2E_TIMEOUT_MS", "15000"))


@pytest.fixture(scope="session")
def browser(browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=E2E_TIMEOUT_MS)
    return browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


@pytest.fixture
def phone_context_args():
    """A phone-sized viewport (most owners use a phone)."""
    return {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


# --- Celery: a real worker process consuming from Redis --------------------------------------

# The node name of the running session worker, so tests that own their workers (fault tests) can
# ask it to stop consuming the shared test queue for a while.
SESSION_WORKERS: list[str] = []


def celery_worker_argv(*, queue: str, name: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The command line of a test Celery worker: one process (solo pool), consuming only `queue`,
    with none of the chatter between workers that a test does not need."""
    return [
        *(sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--loglevel=INFO"),
        *("-Q", queue, "--without-gossip", "--without-mingle", *extra, "-n", name),
    ]


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """Starts `celery worker` in a subprocess against the test database and the test queue.

    Tests that use it must be transactional so the worker sees committed rows."""
    from django.conf import settings
    from django.db import connection

    from portal.celery import app

    app.control.purge()
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{connection.settings_dict['NAME']}"
        ),
    }
    log = open(ROOT / "var" / f"celery-worker-{os.getpid()}.log", "w")
    process = subprocess.Popen(
        celery_worker_argv(queue=settings.CELERY_TASK_DEFAULT_QUEUE, name=f"test-{os.getpid()}@%h"),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=0.5) or []
        names = [name for reply in replies for name in reply if name.startswith(f"test-{os.getpid()}@")]
        if names:
            SESSION_WORKERS.append(names[0])
            break
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited: see {log.name}")
    else:
        process.kill()
        raise RuntimeError("celery worker did not answer a ping within 60 s")
    yield process
    SESSION_WORKERS.clear()
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def wait_until(predicate, timeout: float = 20.0, interval: float = 0.2):
    """Poll until predicate() is truthy (for work done by another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


@pytest.fixture
def wait():
    return wait_until


def production_environment() -> dict[str, str]:
    """The least a production start needs (portal.settings.production), with a fresh key."""
    from cryptography.fernet import Fernet

    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "etalase.kendalkab.go.id",
        "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db",
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_HOST": "smtp.kendalkab.go.id",
        "PAYMENTS_ENABLED": "false",
    }


def free_port() -> int:
    """A local TCP port nobody listens on (free when this returns)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    """The cache is Redis on a port nobody listens on: every cache call fails, fast."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.fixture
def silent_server():
    """A URL whose server accepts TCP connections and never answers (a hung upstream)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=2)
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture(scope="session", autouse=True)
def _no_search_indexes_from_earlier_runs():
    """Elasticsearch is not rolled back with the database: start and end the session with no
    index under this instance's prefix (tests that need one build it with index_now)."""
    from search.testing import drop_indexes  # a no-op on the database backend

    drop_indexes()
    yield
    drop_indexes()


@pytest.fixture(autouse=True)
def _no_search_documents_left_behind(request):
    """After a test outside tests/search that indexed documents, drop them (tests/search drops
    its index once, at the end of the package)."""
    yield
    if "tests/search/" not in str(request.node.path).replace("\\", "/"):
        from search.testing import drop_used_indexes

        drop_used_indexes()


@pytest.fixture(autouse=True)
def _indonesian_around_each_test():
    """A page served under /en/ leaves English active in this thread; every test starts and
    ends in the portal's default language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The test cache is per-process locmem: start each test without another test's entries."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- Data --------------------------------------------------------------------------------------


@pytest.fixture
def kendal_kecamatan(db):
    from registry.selectors import region_kecamatan

    return list(region_kecamatan())
