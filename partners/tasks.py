from celery import shared_task


@shared_task(name="partners.run_export_job", acks_late=True, reject_on_worker_lost=True)
def run_export_job(job_id: int) -> None:
    """Thin: the engine claims the job, so a redelivered message does nothing twice."""
    from partners.exports import export_job_run

    export_job_run(job_id=job_id)


@shared_task(name="partners.sweep_exports")
def sweep_exports() -> dict:
    """Celery beat: running jobs whose worker died are marked failed; pending jobs whose task
    was lost (broker down when queued) are queued again."""
    from partners.exports import exports_fail_stale, exports_requeue_pending

    return {"failed": exports_fail_stale(), "requeued": exports_requeue_pending()}
