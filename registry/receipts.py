"""The registration receipt: a one-page PDF with the registration number and a QR code that
opens the public status page. Contains no NIK."""

from __future__ import annotations

import io

import qrcode
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


def qr_png(data: str) -> bytes:
    image = qrcode.make(data, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def receipt_pdf(*, business, status_url: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{_('Tanda terima pendaftaran')} {business.registration_number}")
    width, height = A4
    y = height - 25 * mm
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(20 * mm, y, f"{settings.PORTAL_NAME} · {_('Mal Pelayanan Publik')}")
    y -= 10 * mm
    pdf.setFont("Helvetica", 12)
    pdf.drawString(20 * mm, y, _("Tanda terima pendaftaran usaha"))
    y -= 14 * mm
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(20 * mm, y, business.registration_number)
    pdf.setFont("Helvetica", 11)
    rows = [
        (_("Nama usaha"), business.name),
        (_("Pemilik"), business.owner.owner_profile.full_name if hasattr(business.owner, "owner_profile") else ""),
        (_("Kecamatan"), business.kecamatan.name if business.kecamatan else ""),
        (_("Status"), str(business.get_status_display())),
        (
            _("Dikirim"),
            timezone.localtime(business.submitted_at).strftime("%d-%m-%Y %H:%M") if business.submitted_at else "",
        ),
        (_("Jalur"), str(business.get_channel_display())),
    ]
    y -= 12 * mm
    for label, value in rows:
        pdf.drawString(20 * mm, y, f"{label}:")
        pdf.drawString(55 * mm, y, str(value)[:70])
        y -= 7 * mm
    qr = ImageReader(io.BytesIO(qr_png(status_url)))
    pdf.drawImage(qr, width - 70 * mm, height - 85 * mm, 50 * mm, 50 * mm)
    y -= 6 * mm
    pdf.setFont("Helvetica", 9)
    pdf.drawString(20 * mm, y, _("Pindai kode QR atau buka tautan ini untuk melihat status pendaftaran:"))
    y -= 5 * mm
    pdf.drawString(20 * mm, y, status_url)
    y -= 8 * mm
    pdf.drawString(20 * mm, y, _("Tunjukkan tanda terima ini di loket DPMPTSP bila diminta."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
