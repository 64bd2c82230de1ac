from celery import shared_task

from financing.bank_views import response_working_days
from financing.services import overdue_leads_report


@shared_task
def report_overdue_leads() -> int:
    """Daily: officers get the list of new leads past the response time (idempotent per day)."""
    return overdue_leads_report(working_days=response_working_days())
