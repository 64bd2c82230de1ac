"""The Celery app. Tasks live in each app's tasks.py and are discovered from INSTALLED_APPS."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def refuse_unreadable_personal_data(**kwargs):
    """A worker whose encryption keys cannot read the stored NIKs does not start (production:
    FIELD_ENCRYPTION_CHECK_AT_START). SystemExit, because Celery logs and ignores exceptions."""
    from django.core.exceptions import ImproperlyConfigured

    from core.crypto import check_at_start

    try:
        check_at_start()
    except ImproperlyConfigured as exc:
        raise SystemExit(f"ImproperlyConfigured: {exc}") from exc
