"""Files produced by training: the iCalendar event, QR codes, the certificate PDF and the XLSX
exports for officers."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, datetime

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from core.spreadsheets import formula_safe

from .models import Certificate, Session

# --- iCalendar (RFC 5545) ----------------------------------------------------------------------


def _ics_escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _ics_fold(line: str) -> str:
    # Lines longer than 75 octets are folded with CRLF + space.
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > 74:
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def session_ical(session: Session, *, url: str) -> str:
    """One VEVENT for the first day, repeated daily for multi-day sessions."""
    first_start = session.starts_at()
    first_end = timezone.make_aware(datetime.combine(session.first_day, session.daily_end))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Etalase MPP//Pelatihan//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:training-session-{session.pk}@etalase-mpp",
        f"DTSTAMP:{_utc(session.updated_at or timezone.now())}",
        f"DTSTART:{_utc(first_start)}",
        f"DTEND:{_utc(first_end)}",
    ]
    if session.is_multi_day:
        lines.append(f"RRULE:FREQ=DAILY;COUNT={len(session.days)}")
    lines += [
        f"SUMMARY:{_ics_escape(session.programme.title)}",
        f"LOCATION:{_ics_escape(session.venue_label)}",
        f"DESCRIPTION:{_ics_escape(session.programme.description[:500])}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if session.is_cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_ics_fold(line) for line in lines) + "\r\n"


# --- QR codes ------------------------------------------------------------------------------------


def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


# --- certificate PDF -----------------------------------------------------------------------------


def certificate_verification_url(certificate: Certificate) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("certificates:verify", args=[certificate.code])


def certificate_pdf(certificate: Certificate) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Sertifikat {certificate.code}")
    brand = HexColor("#0b5d4b")
    pdf.setStrokeColor(brand)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setFillColor(brand)
    pdf.setFont("Helvetica-Bold", 30)
    pdf.drawCentredString(width / 2, height - 110, _("SERTIFIKAT PELATIHAN"))
    pdf.setFillColor(HexColor("#1d2327"))
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 150, _("diberikan kepada"))
    pdf.setFont("Helvetica-Bold", 26)
    pdf.drawCentredString(width / 2, height - 195, certificate.participant_name)
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 222, certificate.business.name)
    pdf.drawCentredString(width / 2, height - 262, _("telah mengikuti pelatihan"))
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawCentredString(width / 2, height - 290, certificate.programme_title)
    pdf.setFont("Helvetica", 13)
    if certificate.first_day == certificate.last_day:
        period = f"{certificate.first_day:%d-%m-%Y}"
    else:
        period = f"{certificate.first_day:%d-%m-%Y} – {certificate.last_day:%d-%m-%Y}"
    pdf.drawCentredString(
        width / 2,
        height - 318,
        _("%(period)s, diselenggarakan oleh %(organiser)s")
        % {"period": period, "organiser": certificate.get_organiser_display()},
    )
    url = certificate_verification_url(certificate)
    widget = QrCodeWidget(url)
    x0, y0, x1, y1 = widget.getBounds()
    size = 110
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, 60, 50)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(180, 120, _("Nomor sertifikat: %(code)s") % {"code": certificate.code})
    pdf.drawString(180, 104, _("Periksa keaslian: %(url)s") % {"url": url})
    pdf.drawString(
        180, 88, _("Diterbitkan %(date)s") % {"date": timezone.localtime(certificate.issued_at).strftime("%d-%m-%Y")}
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- XLSX exports ------------------------------------------------------------------------------


# Spreadsheet formula injection: the shared guard (core.spreadsheets).
safe_cell = formula_safe


def xlsx_bytes(title: str, header: list[str], rows: Iterable[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
