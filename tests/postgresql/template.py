"""`python -m tests.postgresql.template RUN_ID` migrates test run RUN_ID's template database
(creation.py). The pytest-xdist controller starts it in the background while its workers start
and collect, so the migrating overlaps their start; a worker that asks for the template before
this is done waits for it, and if this fails the first worker to ask migrates it itself (and
shows the error)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
django.setup()

from django.db import connection  # noqa: E402

connection.creation.migrated_template(sys.argv[1])
