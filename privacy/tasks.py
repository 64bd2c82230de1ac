from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from privacy.exports import data_export_build, expired_exports_delete
from privacy.models import DataRequest, DataRequestKind, DataRequestStatus
from privacy.retention import rejected_registrations_anonymise
from registry.signups import signup_requests_purge


@shared_task(acks_late=True)
def build_data_export(data_request_id: int) -> str:
    """Thin: builds an owner's personal data ZIP (idempotent: a finished request is left alone)."""
    data_request = DataRequest.objects.filter(pk=data_request_id).select_related("user").first()
    if data_request is None:
        return "missing"
    return data_export_build(data_request=data_request).status


@shared_task
def personal_data_housekeeping() -> dict:
    """Celery beat, hourly: the retention rule for rejected registrations, expired export files,
    signups nobody confirmed in time (they hold a NIK), and export requests whose task or worker
    was lost queued again (all idempotent)."""
    now = timezone.now()
    # A build whose worker died stays "processing": mark it failed (claimable again) and retry.
    DataRequest.objects.filter(
        kind=DataRequestKind.EXPORT,
        status=DataRequestStatus.PROCESSING,
        requested_at__lt=now - timedelta(minutes=30),
    ).update(status=DataRequestStatus.FAILED, error="interrupted (worker lost); retried by housekeeping")
    stuck = list(
        DataRequest.objects.filter(
            kind=DataRequestKind.EXPORT,
            status__in=[DataRequestStatus.PENDING, DataRequestStatus.FAILED],
            requested_at__lt=now - timedelta(minutes=10),
            requested_at__gt=now - timedelta(days=2),
        ).values_list("pk", flat=True)
    )
    for pk in stuck:
        build_data_export.delay(pk)
    return {
        "anonymised": rejected_registrations_anonymise(),
        "exports_deleted": expired_exports_delete(),
        "exports_requeued": len(stuck),
        "signups_deleted": signup_requests_purge(),
    }
