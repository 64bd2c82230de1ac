"""Django's PostgreSQL backend with test database creation and flushing of our own
(creation.py, operations.py); the test settings (portal.settings.test) use it, nothing else."""

from django.db.backends.postgresql import base

from .creation import DatabaseCreation
from .operations import DatabaseOperations


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
    ops_class = DatabaseOperations
