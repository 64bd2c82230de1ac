"""Moving models between apps must lose nothing. fixture/ holds a PostgreSQL database made by
main before portal/ was split (scripts/make-upgrade-fixture: migrate + seed_demo at commit
519471b) and the row count of each of its tables. This test loads it into a database of its own,
migrates it with today's code, and reads every record of every model back through the ORM."""

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

pytestmark = pytest.mark.services

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURE = HERE / "fixture"
# Tables whose rows migrations themselves write or rewrite (the migration log, content types and
# permissions for new apps, Wagtail's reference index); every other table must keep its rows.
CHANGED_BY_MIGRATING = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
    "wagtailcore_referenceindex",
}


@pytest.fixture(scope="module")
def upgraded_database():
    server = settings.DATABASES["default"]
    name = f"etalase_upgrade_{settings.INSTANCE}".replace("-", "_")
    params = {
        "host": server["HOST"] or "127.0.0.1",
        "port": server["PORT"] or 5432,
        "user": server["USER"],
        "password": server["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{params['user']}:{params['password']}@{params['host']}:{params['port']}/{name}"
    # pg_dump's plain format is a psql script (COPY ... FROM stdin): psql loads it.
    load = subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
        capture_output=True,
        timeout=300,
        input=gzip.decompress((FIXTURE / "database.sql.gz").read_bytes()),
    )
    assert load.returncode == 0, load.stderr.decode()[-3000:]
    # The settings the fixture was made with (the embedded ones, on PostgreSQL): same keys, so
    # encrypted fields decrypt; eager Celery, so migrating queues nothing for the test worker.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": "",
        "SEARCH_BACKEND": "database",
    }
    env.pop("SECRET_KEY", None)
    env.pop("FIELD_ENCRYPTION_KEY", None)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
    read = subprocess.run(
        [sys.executable, str(HERE / "read_every_record.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert read.returncode == 0, read.stderr[-5000:]
    yield json.loads(read.stdout.strip().splitlines()[-1]), migrate.stdout
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_every_record_made_before_the_split_reads_after_migrating(upgraded_database):
    read, _log = upgraded_database
    before = json.loads((FIXTURE / "row_counts.json").read_text())["tables"]
    kept = {table: count for table, count in before.items() if table not in CHANGED_BY_MIGRATING}
    missing = sorted(set(kept) - set(read["tables"]))
    assert missing == [], f"tables no model reads any more: {missing}"
    lost = {table: (count, read["tables"][table]) for table, count in kept.items() if read["tables"][table] != count}
    assert lost == {}, f"rows before/after migrating: {lost}"
    # The registry's data is the point of the move: it must be there, not merely equal to nothing.
    assert read["tables"]["portal_business"] > 0 and read["tables"]["portal_ownerprofile"] > 0
    assert read["tables"]["portal_auditlog"] > 0 and read["tables"]["portal_consent"] > 0


def test_content_types_and_audit_entries_name_the_models_where_they_now_live(upgraded_database):
    read, _log = upgraded_database
    ours = {
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
    }
    assert [label for label in read["stale_content_types"] if label.split(".")[0] in ours] == []
    assert read["unresolved_audit_types"] == []


def test_the_moved_models_are_migrated_by_state_only(upgraded_database):
    _read, log = upgraded_database
    for migration in (
        "core.0001_initial",
        "registry.0001_initial",
        "privacy.0001_initial",
        "portal.0011_models_moved_out",
        "portal.0012_moved_models_content_types",
    ):
        assert f"Applying {migration}... OK" in log
