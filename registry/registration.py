"""Registration domain rules that are not database writes: the wizard's steps, consent texts,
registration numbers, status-page tokens and upload checks."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.crypto import digest
from core.images import ImageRefused, Refusal, inspect_image


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str


STEPS = (
    Step(1, "pemilik", _("Pemilik")),
    Step(2, "usaha", _("Usaha")),
    Step(3, "lokasi", _("Lokasi")),
    Step(4, "sertifikasi", _("Sertifikasi")),
    Step(5, "persetujuan", _("Persetujuan & kirim")),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
LAST_STEP = len(STEPS)


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    label: str  # what the consent is for, in words (staff read it; the owner reads `text`)
    version: str
    text: str
    is_required: bool


# The exact text a person agrees to is stored with each Consent row (UU 27/2022); a new wording
# gets a new version so old records keep what was actually agreed.
CONSENTS = (
    ConsentText(
        "registration_processing",
        _("Data pribadi diproses untuk pendaftaran dan verifikasi"),
        "2026-01",
        "Saya setuju data pribadi saya (nama, NIK, nomor HP, email) diproses oleh DPMPTSP untuk "
        "pendaftaran dan verifikasi usaha di Mal Pelayanan Publik.",
        True,
    ),
    ConsentText(
        "public_profile",
        _("Profil usaha tampil di direktori publik"),
        "2026-01",
        "Saya setuju profil usaha saya (nama usaha, lokasi, bidang usaha, sertifikasi) ditampilkan "
        "di direktori publik setelah diverifikasi. NIK tidak pernah ditampilkan.",
        True,
    ),
    ConsentText(
        "program_information",
        _("Bersedia dihubungi tentang pelatihan, pembiayaan dan kemitraan"),
        "2026-01",
        "Saya bersedia dihubungi tentang pelatihan, pembiayaan dan program kemitraan untuk UMKM.",
        False,
    ),
)
CONSENT_BY_PURPOSE = {consent.purpose: consent for consent in CONSENTS}


@dataclass(frozen=True)
class ConsentPurpose:
    label: str
    # codes -> {code: name} for purposes whose recipient is another party (a bank), in one query
    recipient_names: Callable[[set[str]], dict[str, str]] | None = None


# Purposes collected elsewhere register here from their AppConfig.ready() (financing: sharing
# an application with a bank), so the portal names them without importing those apps.
CONSENT_PURPOSES: dict[str, ConsentPurpose] = {c.purpose: ConsentPurpose(c.label) for c in CONSENTS}


def register_consent_purpose(purpose: str, label: str, recipient_names=None) -> None:
    CONSENT_PURPOSES[purpose] = ConsentPurpose(label, recipient_names)


def consent_version_label(text_version: str) -> str:
    """Versions 2026-01 and financing-2026-1 are wordings of January 2026: versi Januari 2026."""
    match = re.search(r"(\d{4})-(\d{1,2})$", text_version)
    if match and 1 <= int(match.group(2)) <= 12:
        month = date_format(date(int(match.group(1)), int(match.group(2)), 1), "F Y")
        return _("versi %(month)s") % {"month": month}
    return _("versi %(version)s") % {"version": text_version}


def describe_consents(consents):
    """Each consent with `purpose_label`, `recipient_name` and `version_label` in words (one
    query per recipient kind, whatever the number of consents)."""
    consents = list(consents)
    names: dict[str, dict[str, str]] = {}
    for purpose in {c.purpose for c in consents}:
        known = CONSENT_PURPOSES.get(purpose)
        if known and known.recipient_names:
            names[purpose] = known.recipient_names({c.recipient for c in consents if c.purpose == purpose})
    for consent in consents:
        known = CONSENT_PURPOSES.get(consent.purpose)
        consent.purpose_label = known.label if known else consent.purpose
        consent.recipient_name = names.get(consent.purpose, {}).get(consent.recipient, consent.recipient)
        consent.version_label = consent_version_label(consent.text_version)
    return consents


# Scans of certificates: what staff can open side by side in the verification queue.
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_MAX_PIXELS = 25_000_000
UPLOAD_MIN_SIDE = 300
UPLOAD_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def validate_scan(upload) -> None:
    """Type (by extension and content), size and pixel count of an uploaded scan."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in UPLOAD_TYPES:
        raise ValidationError(_("Jenis berkas tidak didukung. Unggah PDF, JPG atau PNG."), code="scan_type")
    if upload.size > UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB). Maksimal 5 MB."),
            code="scan_size",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise ValidationError(_("Berkas PDF tidak valid."), code="scan_type")
        return
    # Pillow's own decompression-bomb guard (core.images) answers with the same "too big" as
    # our lower pixel limit.
    try:
        inspect_image(upload, formats=("JPEG", "PNG"), max_pixels=UPLOAD_MAX_PIXELS, min_side=UPLOAD_MIN_SIDE)
    except ImageRefused as refused:
        header = refused.header
        if refused.reason == Refusal.BOMB:
            raise ValidationError(_("Gambar terlalu besar. Maksimal 25 megapiksel."), code="scan_pixels") from refused
        if refused.reason == Refusal.FORMAT:
            raise ValidationError(
                _("Jenis berkas tidak didukung. Unggah PDF, JPG atau PNG."), code="scan_type"
            ) from refused
        if refused.reason == Refusal.TOO_MANY_PIXELS and header is not None:
            raise ValidationError(
                _("Gambar terlalu besar (%(w)s×%(h)s piksel). Maksimal 25 megapiksel."),
                code="scan_pixels",
                params={"w": header.width, "h": header.height},
            ) from refused
        if refused.reason == Refusal.TOO_SMALL and header is not None:
            raise ValidationError(
                _("Gambar terlalu kecil untuk dibaca (%(w)s×%(h)s piksel). Minimal 300 piksel per sisi."),
                code="scan_pixels",
                params={"w": header.width, "h": header.height},
            ) from refused
        raise ValidationError(_("Berkas gambar tidak dapat dibaca."), code="scan_type") from refused


def registration_number_for(business) -> str:
    """MPP-<region>-<yymm>-<id>: unique through the primary key, readable at the counter."""
    region = settings.PORTAL_REGION_CODE.replace(".", "")
    stamp = business.submitted_at or business.created_at
    return f"MPP-{region}-{stamp:%y%m}-{business.pk:06d}"


def status_token(registration_number: str) -> str:
    """Unguessable part of the status-page URL so numbers alone reveal nothing."""
    return digest(f"status:{registration_number}")[:20]


def status_path(business) -> str:
    return reverse(
        "registry:registration-status",
        args=[business.registration_number, status_token(business.registration_number)],
    )


def status_url(business) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + status_path(business)
