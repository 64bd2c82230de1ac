"""manage.py export_listings CHANNEL --format csv|xlsx --out PATH [--batch ID] [--images ZIP]
[--report PATH]: the same export as the admin's, recorded as an ExportJob, run in-process."""

import shutil

from django.core.management.base import BaseCommand, CommandError

from partners.exports import export_job_run
from partners.models import Channel, CurationBatch, ExportStatus
from partners.services import export_job_create


class Command(BaseCommand):
    help = "Export a channel's listings (CSV/XLSX), optionally its image pack, with a report."
    # A data command like the Celery task that runs the same engine: the system checks (about
    # a second, importing every URLconf and admin hook) belong to deploys, not to each export.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("channel")
        parser.add_argument("--format", dest="file_format", choices=["csv", "xlsx"], required=True)
        parser.add_argument("--out", required=True, help="where to write the CSV/XLSX file")
        parser.add_argument("--batch", type=int, help="a curation batch id (default: every opted-in product)")
        parser.add_argument("--images", help="also write the image pack (ZIP) to this path")
        parser.add_argument("--report", help="report path (default: OUT.report.csv)")

    def handle(self, *args, channel, file_format, out, batch, images, report, **options):
        channel_obj = Channel.objects.filter(code=channel).first()
        if channel_obj is None:
            raise CommandError(
                f"unknown channel {channel!r}; known: " + ", ".join(Channel.objects.values_list("code", flat=True))
            )
        batch_obj = None
        if batch is not None:
            batch_obj = CurationBatch.objects.filter(pk=batch, channel=channel_obj).first()
            if batch_obj is None:
                raise CommandError(f"batch {batch} does not exist for channel {channel}")
            if not batch_obj.is_locked:
                raise CommandError(f"batch {batch} is not locked yet: a curator locks it in the admin first")
        job = export_job_create(
            channel=channel_obj, file_format=file_format, batch=batch_obj, include_images=bool(images), enqueue=False
        )
        job = export_job_run(job_id=job.pk)
        if job is None or job.status != ExportStatus.DONE:
            raise CommandError(f"export job {job.pk if job else '?'} failed: {job.error if job else ''}")
        self._copy(job.file, out)
        self._copy(job.report, report or f"{out}.report.csv")
        if images:
            self._copy(job.image_pack, images)
        self.stdout.write(
            f"export #{job.pk} {channel} {file_format}: {job.row_count} rows, {job.skipped_count} skipped, "
            f"{job.warning_count} with trimmed fields; sha256 {job.checksum}"
        )

    @staticmethod
    def _copy(field, path: str) -> None:
        with field.open("rb") as source, open(path, "wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
