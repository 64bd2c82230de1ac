"""Celery. With no CELERY_BROKER_URL the tasks run eagerly in-process (the embedded default).

https://docs.celeryq.dev/en/stable/userguide/configuration.html
"""

from celery.schedules import crontab

from .env import INSTANCE, env

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default=f"etalase-{INSTANCE}")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Jakarta"
# Fail fast when Redis is down: the caller keeps what the user submitted and retries later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# Each app adds its periodic tasks here (one place to see what runs when).
CELERY_BEAT_SCHEDULE: dict = {
    "deliver-pending-notifications": {
        "task": "core.tasks.deliver_pending_notifications",
        "schedule": 60.0,
    },
    # Training: lapsed waitlist offers move on; day-before reminders (both idempotent).
    "training-expire-offers": {"task": "training.tasks.expire_training_offers", "schedule": 300.0},
    "training-send-reminders": {"task": "training.tasks.send_training_reminders", "schedule": 3600.0},
    # Catalogue: unpaid checkouts past their expiry give back reserved stock (idempotent).
    "catalog-expire-checkouts": {"task": "catalog.tasks.expire_checkouts", "schedule": 60.0},
    # Catalogue: photos whose processing task was lost are queued again, or refused after an hour.
    "catalog-sweep-photo-uploads": {"task": "catalog.tasks.sweep_photo_uploads", "schedule": 300.0},
    # Financing: officers get the new leads past the response time, weekday mornings.
    "financing-overdue-leads": {
        "task": "financing.tasks.report_overdue_leads",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
    # Search: products marked for reindexing whose after-commit task was lost (broker/ES down).
    "search-index-pending": {"task": "search.tasks.index_pending", "schedule": 60.0},
    # Partners: exports whose worker died are marked failed; exports whose task was lost are requeued.
    "partners-sweep-exports": {"task": "partners.sweep_exports", "schedule": 60.0},
    # Personal data: retention of rejected registrations, expired export ZIPs (UU 27/2022).
    "personal-data-housekeeping": {"task": "privacy.tasks.personal_data_housekeeping", "schedule": crontab(minute=15)},
}
