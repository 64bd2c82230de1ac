from celery import shared_task


@shared_task(name="partners.run_export_job", acks_late=True)
def run_export_job(job_id: int) -> None:
    """Thin: the engine claims the job, so a redelivered message does nothing twice."""
    from partners.exports import export_job_run

    export_job_run(job_id=job_id)
