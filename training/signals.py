"""Cache invalidation only: the home page lists upcoming sessions with their free seats and a
business profile lists its training certificates, so a change to any of them bumps the page
cache version (core.page_cache)."""

from core.page_cache import invalidate_on_change
from training.models import Certificate, Programme, Registration, Session


def connect() -> None:
    invalidate_on_change(Programme, Session, Registration, Certificate)
