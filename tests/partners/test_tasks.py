"""Exports run in the real Celery worker (Redis broker), queued after commit."""

import csv
import io

import pytest

from partners.exports import export_job_run
from partners.models import ExportJob, ExportStatus
from partners.services import export_job_create
from tests.partners.factories import ChannelListingFactory, channel, delivery_ready_product
from tests.portal.factories import UserFactory


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_export_job_runs_in_the_worker_and_is_idempotent(celery_worker_process, wait):
    curator = UserFactory(roles=["partner_curator"])
    products = [delivery_ready_product(name=f"Menu {i}") for i in range(3)]
    for product in products:
        ChannelListingFactory(product=product, channel=channel("grabfood"))

    job = export_job_create(channel=channel("grabfood"), file_format="csv", user=curator, include_images=True)

    done = wait(lambda: ExportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first(), timeout=60)
    assert done.status == ExportStatus.DONE, done.error
    assert (done.total, done.processed, done.row_count, done.skipped_count) == (3, 3, 3, 0)
    assert done.created_by == curator and done.started_at and done.finished_at
    with done.file.open("rb") as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode())))
    assert [row[1] for row in rows[1:]] == ["Menu 0", "Menu 1", "Menu 2"]
    # A redelivered message does not run a finished export again.
    assert export_job_run(job_id=job.pk) is None
    assert ExportJob.objects.get(pk=job.pk).checksum == done.checksum
