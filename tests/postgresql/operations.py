"""Flushing the test database (after each transactional test) by DELETE instead of Django's
TRUNCATE: TRUNCATE gives each of the hundred-odd tables (and their indexes) new files, which
takes seconds on a busy machine, while deleting from tables that are nearly all empty takes
milliseconds. The result is the same, every table empty, and so is the locking: all the tables
are locked first, as TRUNCATE locks them, so that a Celery worker or server thread still busy
with the test's rows finishes before the flush, or waits for it."""

import time

from django.db import OperationalError
from django.db.backends.postgresql import operations

DEADLOCK_DETECTED = "40P01"
FLUSH_ATTEMPTS = 3


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        quoted = [style.SQL_FIELD(self.quote_name(table)) for table in tables]
        return [
            f"{style.SQL_KEYWORD('LOCK TABLE')} {', '.join(quoted)} {style.SQL_KEYWORD('IN ACCESS EXCLUSIVE MODE')};",
            # Foreign keys are deferrable (Django makes them so): checked when the flush commits.
            f"{style.SQL_KEYWORD('SET CONSTRAINTS ALL DEFERRED')};",
            *(f"{style.SQL_KEYWORD('DELETE FROM')} {table};" for table in quoted),
        ]

    def execute_sql_flush(self, sql_list):
        """Locking every table while a worker's transaction holds one of them and waits for
        another can deadlock; PostgreSQL then aborts one side. If it picks the flush, the
        worker's transaction goes on and ends, and the flush (rolled back whole) is run again."""
        for attempt in range(1, FLUSH_ATTEMPTS + 1):
            try:
                return super().execute_sql_flush(sql_list)
            except OperationalError as exc:
                cause = getattr(exc, "__cause__", None)
                if getattr(cause, "sqlstate", None) != DEADLOCK_DETECTED or attempt == FLUSH_ATTEMPTS:
                    raise
                time.sleep(0.2 * attempt)  # the worker's transaction is let through first
