"""Test databases made by copying one migrated template instead of migrating each.

Migrating from nothing takes half a minute of CPU or more (Django renders the model state of
some two hundred migrations), and each pytest-xdist worker used to spend it on its own
database. Now one template database is migrated per test run, under an advisory lock so that
whoever asks second waits for it instead of migrating too; the pytest-xdist controller starts
it while the workers start and collect (tests/conftest.py, template.py). Every worker's
database is a PostgreSQL copy of the template (CREATE DATABASE ... TEMPLATE), on which Django
then runs `migrate` as usual and finds nothing to apply. The template is migrated afresh for
each run (a comment on it names the run that made it), so every run still migrates from
nothing; it stays between runs (one database per instance) and the next run replaces it.
Without xdist nothing changes: one process, one database, migrated directly.

What the migrations loaded (groups, KBLI codes, regions, the Wagtail root...) is put back
before each transactional test (serialized rollback, tests/conftest.py) by SQL from a copy in
a schema of its own, instead of by Django's JSON and one save() per row (3,500 rows: seconds
per test; see serialize_db_to_string)."""

import os

from django.core.management import call_command
from django.db import transaction
from django.db.backends.postgresql import creation

SNAPSHOT_SCHEMA = "test_snapshot"


class DatabaseCreation(creation.DatabaseCreation):
    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        test_run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
        if test_run and not keepdb:
            self.connection.settings_dict["TEST"]["TEMPLATE"] = self.migrated_template(test_run, verbosity)
        return super().create_test_db(verbosity, autoclobber, serialize, keepdb)

    def template_name(self) -> str:
        """test_etalase_<instance>_template: the test database's name without the xdist worker."""
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        name = self._get_test_db_name()
        return (name.removesuffix(f"_{worker}") if worker else name) + "_template"

    def migrated_template(self, test_run: str, verbosity: int = 1) -> str:
        """The name of test run `test_run`'s template database, migrated by whoever asks first."""
        name, mark = self.template_name(), f"migrated for test run {test_run}"
        quoted = self._quote_name(name)
        with self._nodb_cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [name])  # held until the cursor closes
            cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
            row = cursor.fetchone()
            if row and row[0] == mark:
                return name
            if verbosity >= 1:
                self.log(f"Migrating the template test database {name}...")
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
            charset = self.connection.settings_dict["TEST"]["CHARSET"]
            cursor.execute(f"CREATE DATABASE {quoted} {self._get_database_create_suffix(encoding=charset)}")
            own_name = self.connection.settings_dict["NAME"]
            self.connection.close()
            self.connection.settings_dict["NAME"] = name
            try:
                call_command(
                    "migrate",
                    verbosity=max(verbosity - 1, 0),
                    interactive=False,
                    database=self.connection.alias,
                    run_syncdb=True,
                )
            finally:
                # CREATE DATABASE ... TEMPLATE needs nobody connected to the template.
                self.connection.close()
                self.connection.settings_dict["NAME"] = own_name
            cursor.execute(f"COMMENT ON DATABASE {quoted} IS %s", [mark])
        return name

    def serialize_db_to_string(self):
        """Copy every table that has rows into the snapshot schema and return the SQL that puts
        them back (kept by Django as the connection's serialized contents; see below)."""
        tables = self.connection.introspection.django_table_names(only_existing=True, include_views=False)
        snapshot = self._quote_name(SNAPSHOT_SCHEMA)
        restore = []
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {snapshot} CASCADE; CREATE SCHEMA {snapshot}")
            # Generated columns are computed again on insert: copy only the others.
            cursor.execute(
                "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')"
                " AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY c.relname, a.attnum"
            )
            columns: dict[str, list[str]] = {}
            for table, column in cursor.fetchall():
                columns.setdefault(table, []).append(self._quote_name(column))
            for table in sorted(tables):
                names, quoted = ", ".join(columns[table]), self._quote_name(table)
                cursor.execute(f"CREATE TABLE {snapshot}.{quoted} AS SELECT {names} FROM {quoted}")
                if cursor.rowcount:
                    restore.append(
                        f"DELETE FROM {quoted}; INSERT INTO {quoted} ({names}) OVERRIDING SYSTEM VALUE"
                        f" SELECT {names} FROM {snapshot}.{quoted};"
                    )
                else:
                    cursor.execute(f"DROP TABLE {snapshot}.{quoted}")
        return "\n".join(restore)

    def deserialize_db_from_string(self, data):
        """Put the snapshot back, in one transaction with the foreign keys checked at its end
        (Django makes them deferrable). Only the tables the snapshot has rows for are emptied
        first: Django calls this before each transactional test, when every other table is
        empty (the last one was flushed after its test, or the tests since then rolled back), as
        its own restore does. A row left in another table that points at a restored one fails
        the commit, loudly. Sequences are left as they are, as Django's own restore leaves them."""
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(data)
