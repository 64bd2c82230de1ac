from celery import shared_task
from django.db import transaction

from core.notifications import enqueue_on_commit
from partners.exports import export_job_run, exports_claim_lost_pending, exports_fail_stale


@shared_task(name="partners.run_export_job", acks_late=True, reject_on_worker_lost=True)
def run_export_job(job_id: int) -> None:
    """Thin: the engine claims the job, so a redelivered message does nothing twice."""
    export_job_run(job_id=job_id)


def exports_requeue_pending(*, now=None, older_than_seconds: int = 120) -> int:
    """Queue again the pending jobs whose task was lost; the messages leave once the claim commits."""
    with transaction.atomic():
        ids = exports_claim_lost_pending(now=now, older_than_seconds=older_than_seconds)
        for job_id in ids:
            enqueue_on_commit(run_export_job, job_id)
    return len(ids)


@shared_task(name="partners.sweep_exports")
def sweep_exports() -> dict:
    """Celery beat: running jobs whose worker died are marked failed; pending jobs whose task
    was lost (broker down when queued) are queued again."""
    return {"failed": exports_fail_stale(), "requeued": exports_requeue_pending()}
