"""Periodic training work (Celery beat, see portal/settings/celery.py). Thin and idempotent."""

from celery import shared_task

from . import services


@shared_task
def expire_training_offers() -> int:
    return services.offers_expire()


@shared_task
def send_training_reminders() -> int:
    return services.reminders_send()
