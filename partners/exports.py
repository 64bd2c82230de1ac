"""The export engine: streams a channel's listings into CSV or XLSX (openpyxl write-only), an
image pack (ZIP of channel-spec JPEGs) and a report of skipped products and trimmed fields.

Listings are read as plain columns through one server-side cursor, chunk by chunk
(selectors.iter_listing_facts), and written straight to temporary files, so memory does not
grow with the number of rows. Called by the Celery task and by `manage.py export_listings`.
"""

from __future__ import annotations

import csv
import io
import logging
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from wagtail.images import get_image_model

from core.media import file_sha256
from core.spreadsheets import formula_safe, formula_safe_row
from partners.formats import get_format
from partners.images import PhotoUnreadable, channel_jpeg
from partners.models import ExportFormat, ExportJob, ExportStatus
from partners.readiness import Problem, problems
from partners.rows import cell_values
from partners.selectors import batch_listings, iter_listing_facts, opted_in_listings

logger = logging.getLogger(__name__)

CHUNK = 1000
REPORT_HEADER = ["product_id", "produk", "usaha", "jenis", "kode", "keterangan"]
# The worker touches `heartbeat_at` at least this often while it writes.
HEARTBEAT_SECONDS = 10


def stale_after() -> timezone.timedelta:
    """A running job whose heartbeat is older than this has lost its worker."""
    return timezone.timedelta(seconds=getattr(settings, "PARTNERS_EXPORT_STALE_SECONDS", 300))


class CsvSink:
    def __init__(self, path: Path):
        self.handle = open(path, "w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.handle)

    def write(self, row: list) -> None:
        self.writer.writerow(row)

    def close(self) -> None:
        self.handle.close()


class XlsxSink:
    """openpyxl's write-only workbook streams each row to a temporary file."""

    def __init__(self, path: Path, title: str):
        self.path = path
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title=title[:31])

    def write(self, row: list) -> None:
        self.sheet.append(row)

    def close(self) -> None:
        self.workbook.save(self.path)


class _CsvCells:
    """Cells encoded exactly as csv.writer writes them inside a row (without the line end).
    With minimal quoting each cell's encoding does not depend on its neighbours, so a report
    row can be joined from a product's cells and a problem's cells encoded once each."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)  # the report's dialect, line end included:
        # the writer quotes cells holding line-end characters only if its terminator has them

    def __call__(self, cells) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(cells)
        return self._buffer.getvalue()[: -len(self._writer.dialect.lineterminator)]


class _SkippedCells:
    """The last three report cells of a skipped product's problem ("dilewati", code, message),
    formula-safe and CSV-encoded, for one export (its language does not change while it runs).
    A lazy message is translated and encoded once per proxy (readiness shares one proxy per
    literal message) rather than on each of the hundreds of thousands of report rows. Keys
    hold the id of a proxy the cache keeps alive, so an id is never reused for another object,
    and the cache is bounded."""

    LIMIT = 1024

    def __init__(self, encode: _CsvCells) -> None:
        self._encode = encode
        self._cells: dict[tuple[str, int], tuple[Promise, str]] = {}

    def _text(self, problem: Problem) -> str:
        return self._encode(["dilewati", formula_safe(problem.code), formula_safe(str(problem.message))])

    def __call__(self, problem: Problem) -> str:
        message = problem.message
        if not isinstance(message, Promise):
            return self._text(problem)
        key = (problem.code, id(message))
        cached = self._cells.get(key)
        if cached is not None:
            return cached[1]
        text = self._text(problem)
        if len(self._cells) < self.LIMIT:
            self._cells[key] = (message, text)
        return text


def _claim(job_id: int) -> ExportJob | None:
    """Take the job (pending, or running but stale) so that a redelivered task does not run a
    finished export twice."""
    now = timezone.now()
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(of=("self",))
            .select_related("channel", "batch")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status == ExportStatus.DONE or job.status == ExportStatus.FAILED:
            return None
        if job.status == ExportStatus.RUNNING and (job.heartbeat_at or job.started_at or now) > now - stale_after():
            return None
        job.status, job.started_at, job.heartbeat_at, job.processed = ExportStatus.RUNNING, now, now, 0
        job.save(update_fields=["status", "started_at", "heartbeat_at", "processed"])
    return job


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Run one export job to completion; idempotent (a finished or running job is left alone)."""
    job = _claim(job_id)
    if job is None:
        return None
    completed = False
    try:
        # Partner sheets and reports are Indonesian whatever language the requester used.
        with translation.override("id"), tempfile.TemporaryDirectory(prefix="etalase-export-") as tmp:
            _write(job, Path(tmp))
        completed = True
    finally:
        if not completed:
            error = repr(sys.exc_info()[1])[:2000]
            ExportJob.objects.filter(pk=job.pk).update(
                status=ExportStatus.FAILED, error=error, finished_at=timezone.now()
            )
            logger.error("export job %s failed: %s", job.pk, error)
    job.refresh_from_db()
    return job


def exports_fail_stale(*, now=None) -> int:
    """The beat sweeper: a running job whose worker died (heartbeat stopped) is marked failed
    with a message the curator can act on, never left "running". A late redelivery of its task
    finds it failed and does nothing; the curator starts a new export."""
    now = now or timezone.now()
    cutoff = now - stale_after()
    failed = 0
    with transaction.atomic():
        stale = ExportJob.objects.select_for_update(skip_locked=True).filter(
            status=ExportStatus.RUNNING, heartbeat_at__lt=cutoff
        )
        for job in stale:
            with translation.override("id"):
                job.error = _(
                    "Pekerja ekspor berhenti di tengah jalan (tidak ada kemajuan sejak %(at)s). "
                    "Silakan jalankan ekspor lagi."
                ) % {"at": timezone.localtime(job.heartbeat_at).strftime("%d-%m-%Y %H:%M:%S")}
            job.status, job.finished_at = ExportStatus.FAILED, now
            job.save(update_fields=["status", "error", "finished_at"])
            logger.error("export job %s: worker lost, marked failed", job.pk)
            failed += 1
    return failed


def exports_claim_lost_pending(*, now=None, older_than_seconds: int = 120) -> list[int]:
    """Jobs still pending a while after they were created lost their task (the broker was down
    when they were queued): mark them seen now and return them, for partners.tasks to queue
    again. Claiming in export_job_run is idempotent, so a duplicate message is harmless."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(seconds=older_than_seconds)
    ids = list(
        ExportJob.objects.filter(status=ExportStatus.PENDING, created_at__lt=cutoff)
        .filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=cutoff))
        .values_list("pk", flat=True)[:100]
    )
    ExportJob.objects.filter(pk__in=ids).update(heartbeat_at=now)
    return ids


def _write(job: ExportJob, tmp: Path) -> None:
    channel = job.channel
    fmt = get_format(channel.code)
    limits = fmt.limits(channel.limits)
    source = batch_listings(job.batch) if job.batch_id else opted_in_listings(channel)
    total = source.count()
    ExportJob.objects.filter(pk=job.pk).update(total=total, heartbeat_at=timezone.now())
    last_beat = time.monotonic()

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    base = f"{channel.code}-{job.pk}-{stamp}"
    data_path = tmp / f"{base}.{job.file_format}"
    report_path = tmp / f"{base}-laporan.csv"
    zip_path = tmp / f"{base}-foto.zip"
    sink = CsvSink(data_path) if job.file_format == ExportFormat.CSV else XlsxSink(data_path, channel.name)
    sink.write(fmt.headers)
    report_handle = open(report_path, "w", newline="", encoding="utf-8")
    report = csv.writer(report_handle)
    report.writerow(REPORT_HEADER)
    pack = zipfile.ZipFile(zip_path, "w", zipfile.ZIP_STORED) if job.include_images else None

    rows = skipped = warned = processed = 0
    per_category: Counter = Counter()
    category_max = limits.get("category_item_max")
    # Once per export, not per row: the readiness rules take the same date for every listing.
    today = timezone.localdate()
    encode = _CsvCells()
    skipped_cells = _SkippedCells(encode)
    line_end = report.dialect.lineterminator
    try:
        for chunk in iter_listing_facts(source, CHUNK):
            for position, (_listing_id, is_opted_in, facts) in enumerate(chunk):
                if time.monotonic() - last_beat > HEARTBEAT_SECONDS:
                    ExportJob.objects.filter(pk=job.pk).update(
                        processed=processed + position, heartbeat_at=timezone.now()
                    )
                    last_beat = time.monotonic()
                found = problems(facts, fmt, limits, today)
                if not is_opted_in:
                    found.insert(0, Problem("opted_out", _("Pemilik tidak lagi ikut kanal ini."), "listing"))
                if category_max and not found and per_category[facts.category_name] >= category_max:
                    found.append(
                        Problem(
                            "category_full",
                            _('Kategori "%(category)s" sudah berisi %(max)s item (batas kanal).')
                            % {"category": facts.category_name, "max": category_max},
                            "product",
                        )
                    )
                photo_bytes = None
                if not found and pack is not None and facts.photo:
                    try:
                        photo_bytes = _photo(facts.photo, limits)
                    except PhotoUnreadable as exc:
                        logger.warning("photo of product %s unreadable: %s", facts.product_id, exc)
                        found.append(Problem("photo_unreadable", _("Foto produk tidak dapat dibaca."), "photo"))
                if found:
                    skipped += 1
                    # The same bytes as report.writerow(product cells + problem cells) per problem.
                    product = encode(formula_safe_row([facts.product_id, facts.name, facts.business_name]))
                    report_handle.write("".join(f"{product},{skipped_cells(problem)}{line_end}" for problem in found))
                    continue
                per_category[facts.category_name] += 1
                row, warnings = cell_values(fmt, facts, limits, position=per_category[facts.category_name])
                sink.write(row)
                rows += 1
                if photo_bytes is not None:
                    pack.writestr(fmt.image_name(facts), photo_bytes)
                if warnings:
                    warned += 1
                    for warning in warnings:
                        report.writerow(
                            formula_safe_row(
                                [facts.product_id, facts.name, facts.business_name, "peringatan", "trimmed", warning]
                            )
                        )
            processed += len(chunk)
            ExportJob.objects.filter(pk=job.pk).update(processed=processed, heartbeat_at=timezone.now())
            last_beat = time.monotonic()
    finally:
        sink.close()
        report_handle.close()
        if pack is not None:
            pack.close()

    with open(data_path, "rb") as handle:
        job.file.save(data_path.name, File(handle), save=False)
    job.checksum = file_sha256(data_path)
    with open(report_path, "rb") as handle:
        job.report.save(report_path.name, File(handle), save=False)
    if pack is not None:
        with open(zip_path, "rb") as handle:
            job.image_pack.save(zip_path.name, File(handle), save=False)
        job.image_pack_checksum = file_sha256(zip_path)
    job.status = ExportStatus.DONE
    job.total, job.processed = total, processed
    job.row_count, job.skipped_count, job.warning_count = rows, skipped, warned
    job.finished_at = timezone.now()
    job.save()


def _photo(photo, limits: dict) -> bytes:
    storage = get_image_model()._meta.get_field("file").storage
    try:
        with storage.open(photo.file_name, "rb") as source:
            return channel_jpeg(
                source, side=limits["image_px"], min_px=limits["image_min_px"], max_bytes=limits["image_max_bytes"]
            )
    except OSError as exc:
        raise PhotoUnreadable(str(exc)) from exc
