"""Django's PostgreSQL backend with a test database creation of our own (creation.py); the
test settings (portal.settings.test) use it, nothing else does."""
from django.db.backends.postgresql import base

from .creation import DatabaseCreation


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
