"""The embedded default: SQLite, eager Celery, database search. No external service needed."""

from .base import *  # noqa: F401,F403
from .env import env

DEBUG = env.bool("DEBUG", default=True)
