"""A Celery worker SIGKILLed in the middle of a partner export: the job is never left
"running". The worker's heartbeat stops, the beat sweeper marks the job failed with a message
the curator can act on, a late redelivery of the task does nothing, and a new export works."""

import time

import pytest
from django.db import transaction
from django.utils import timezone

from catalog.models import Product
from partners.exports import export_job_run, exports_fail_stale
from partners.models import ChannelListing, ExportJob, ExportStatus
from partners.services import export_job_create
from partners.tasks import exports_requeue_pending, sweep_exports
from tests.catalog.factories import CategoryFactory
from tests.partners.factories import channel
from tests.portal.factories import BusinessFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
# Enough rows that the export runs for seconds even when every row is skipped (these listings
# are not channel-ready): the test must catch the worker in the middle of it.
ROWS = 20_000


def many_listings(code: str, n: int = ROWS) -> None:
    business, category = BusinessFactory(), CategoryFactory()
    products = Product.objects.bulk_create(
        batch_size=5000,
        objs=[
            Product(
                business=business,
                category=category,
                name=f"Menu {i}",
                slug=f"menu-kill-{i}",
                price=10_000 + i,
                unit="porsi",
                weight_grams=250,
                stock=5,
                status="published",
                published_at=timezone.now(),
                description="Nasi goreng.",
            )
            for i in range(n)
        ],
    )
    target = channel(code)
    ChannelListing.objects.bulk_create(
        batch_size=5000,
        objs=[
            ChannelListing(product=p, channel=target, is_opted_in=True, opted_in_at=timezone.now()) for p in products
        ],
    )


def test_worker_killed_mid_export_is_marked_failed_never_stuck_running(start_worker, wait, settings, client):
    curator = UserFactory(roles=["partner_curator"])
    many_listings("grabfood")
    worker = start_worker()

    job = export_job_create(channel=channel("grabfood"), file_format="xlsx", user=curator, include_images=False)
    wait(
        lambda: ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING, total=ROWS).exists(),
        timeout=60,
        interval=0.02,
    )
    # Hold the job row so the worker blocks at its next progress update: it is provably in the
    # middle of the export when it dies.
    with transaction.atomic():
        locked = ExportJob.objects.select_for_update().get(pk=job.pk)
        assert locked.status == ExportStatus.RUNNING and locked.processed < ROWS
        worker.kill()
    assert worker.process.returncode == -9

    job.refresh_from_db()
    assert job.status == ExportStatus.RUNNING and job.heartbeat_at is not None
    # Within the stale window a sweep leaves it alone (the worker may just be slow).
    assert exports_fail_stale() == 0
    settings.PARTNERS_EXPORT_STALE_SECONDS = 1
    time.sleep(1.2)
    assert sweep_exports() == {"failed": 1, "requeued": 0}

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.finished_at is not None
    assert job.error.startswith("Pekerja ekspor berhenti di tengah jalan") and "jalankan ekspor lagi" in job.error
    assert not job.file
    # The message Celery kept unacknowledged (acks_late) may come back later: it does nothing.
    assert export_job_run(job_id=job.pk) is None
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.FAILED

    client.force_login(curator)
    page = client.get(f"/admin/mitra/ekspor/{job.pk}/")
    assert page.status_code == 200
    assert 'data-status="failed"' in page.text and "Pekerja ekspor berhenti di tengah jalan" in page.text

    # The curator runs it again and it completes.
    again = ExportJob.objects.create(
        channel=channel("grabfood"), file_format="xlsx", include_images=False, created_by=curator
    )
    assert export_job_run(job_id=again.pk).status == ExportStatus.DONE


def test_a_job_whose_task_was_lost_is_queued_again(start_worker, wait, private_redis):
    """The broker was down when the export was requested: the job stays pending, and the
    sweeper queues it again once the broker is back."""
    from tests.reliability.conftest import broker

    curator = UserFactory(roles=["partner_curator"])
    many_listings("gofood", n=3)
    with broker(private_redis.url):
        private_redis.kill()
        started = time.monotonic()
        job = export_job_create(channel=channel("gofood"), file_format="csv", user=curator, include_images=False)
        assert time.monotonic() - started < 10
        assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.PENDING

        private_redis.start()
        start_worker(private_redis.url)
        assert exports_requeue_pending(older_than_seconds=3600) == 0  # too recent to be called lost
        assert exports_requeue_pending(older_than_seconds=0) == 1
        done = wait(lambda: ExportJob.objects.filter(pk=job.pk, status=ExportStatus.DONE).first(), timeout=60)
    assert done.row_count + done.skipped_count == 3
