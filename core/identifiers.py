"""Validators for the Indonesian identifiers the portal stores (see docs/domain.md).

Each `validate_*` returns the normalised value or raises django's ValidationError with a
translated message; they are used by forms, serializers and importers alike.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.id import nik as stdnum_nik
from stdnum.id import npwp as stdnum_npwp

if TYPE_CHECKING:  # django-stubs' name for a str or a lazy translation; not needed at run time
    from django_stubs_ext import StrOrPromise

# ASCII digits only: \d would also take Arabic-Indic, Devanagari or fullwidth digits (and $ a
# trailing newline), which would be stored as identifiers no other system can read.
DIGITS = re.compile(r"\A[0-9]+\Z")


def is_ascii_digits(value) -> bool:
    """True for "0"–"9" only: str.isdigit() also takes "٢" or "²" (which int() then refuses)."""
    return bool(DIGITS.match(str(value)))


# A Kemendagri region code: province, regency, kecamatan, desa (33, 33.24, 33.24.12, 33.24.12.2001).
REGION_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")


def split_codes(text: str) -> list[str]:
    """Codes typed in the admin, separated by commas, semicolons or line breaks."""
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]


def validate_region_codes(text: str) -> str:
    """A service area typed in the admin: Kemendagri codes in ASCII digits, comma-separated."""
    wrong = [code for code in split_codes(text) if not REGION_CODE.fullmatch(code)]
    if wrong:
        raise ValidationError(
            _("Kode wilayah tidak valid: %(codes)s. Tulis kode Kemendagri dengan angka 0–9, mis. 33.24 atau 33.24.12."),
            code="region_code",
            params={"codes": ", ".join(wrong)},
        )
    return text


def validate_kbli_prefixes(text: str) -> str:
    """KBLI prefixes typed in the admin: one to five ASCII digits each, comma-separated."""
    wrong = [code for code in split_codes(text) if not (is_ascii_digits(code) and len(code) <= 5)]
    if wrong:
        raise ValidationError(
            _("Awalan KBLI tidak valid: %(codes)s. Tulis 1–5 angka 0–9, mis. 01 atau 10794."),
            code="kbli_prefix",
            params={"codes": ", ".join(wrong)},
        )
    return text


# Kemendagri's region codes (the first six NIK digits are a kecamatan); registry loads its
# regions from the same file.
WILAYAH_CSV = Path(__file__).resolve().parent / "data" / "wilayah.csv"


@functools.cache
def kecamatan_codes() -> frozenset[str]:
    """All kecamatan codes without dots (e.g. "332401"), from the shipped Kemendagri list."""
    with open(WILAYAH_CSV, encoding="utf-8") as handle:
        return frozenset(row["kode"].replace(".", "") for row in csv.DictReader(handle) if row["kode"].count(".") == 2)


def _digits_only(value: str) -> str:
    return re.sub(r"[\s.\-]", "", str(value or ""))


def _digits_of_length(value: str, length: int, message: StrOrPromise, code: str) -> str:
    """The value's digits (spaces, dots and dashes dropped), refused unless exactly `length`."""
    digits = _digits_only(value)
    if not DIGITS.match(digits) or len(digits) != length:
        raise ValidationError(message, code=code)
    return digits


def validate_nik(value: str) -> str:
    number = _digits_of_length(value, 16, _("NIK harus 16 digit angka."), "nik_length")
    if number[:6] not in kecamatan_codes():
        raise ValidationError(
            _("6 digit pertama NIK (%(code)s) bukan kode kecamatan yang terdaftar."),
            code="nik_region",
            params={"code": number[:6]},
        )
    try:
        stdnum_nik.validate(number)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(_("Tanggal lahir dalam NIK tidak valid."), code="nik_date") from exc
    if number[12:] == "0000":
        raise ValidationError(_("Nomor urut NIK tidak boleh 0000."), code="nik_serial")
    return number


def validate_nib(value: str) -> str:
    number = _digits_of_length(value, 13, _("NIB harus 13 digit angka."), "nib_length")
    return number


def validate_npwp(value: str) -> str:
    number = _digits_only(value)
    if len(number) == 15:
        number = "0" + number
    if not DIGITS.match(number) or len(number) != 16:
        raise ValidationError(_("NPWP harus 15 atau 16 digit angka."), code="npwp_length")
    if number[0] == "0" and not stdnum_npwp.is_valid(number[1:]):
        raise ValidationError(_("NPWP tidak valid."), code="npwp_invalid")
    return number


def validate_kbli_format(value: str) -> str:
    return _digits_of_length(value, 5, _("Kode KBLI harus 5 digit angka."), "kbli_length")


E164_MOBILE = re.compile(r"\+628[0-9]{8,11}")


def normalize_phone(value: str) -> str:
    """Indonesian mobile number → E.164 (+628…). Accepts +62…, 62… and 08…"""
    raw = re.sub(r"[\s\-().]", "", str(value or ""))
    if raw.startswith("62"):
        raw = "+" + raw
    try:
        parsed = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Nomor telepon tidak dikenali."), code="phone_parse") from exc
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    # Checked on the E.164 text itself: a leading zero the parser keeps ("008…" read as an
    # Italian-style zero) would otherwise pass as "+62008…".
    if not E164_MOBILE.fullmatch(e164) or not phonenumbers.is_possible_number(parsed):
        raise ValidationError(
            _("Nomor HP harus nomor Indonesia yang diawali 08, 628 atau +628 (10–13 digit)."),
            code="phone_invalid",
        )
    return e164


def ean13_check_digit(first12: str) -> int:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def validate_ean13(value: str) -> str:
    code = _digits_of_length(value, 13, _("Barcode EAN-13 harus 13 digit angka."), "ean_length")
    if ean13_check_digit(code[:12]) != int(code[12]):
        raise ValidationError(_("Digit pemeriksa barcode EAN-13 salah."), code="ean_check_digit")
    return code


def validate_pirt(value: str) -> str:
    number = _digits_of_length(value, 15, _("Nomor P-IRT harus 15 digit angka."), "pirt_length")
    return number


BPOM_PATTERN = re.compile(r"(MD|ML)[0-9]{12}")


def validate_bpom(value: str) -> str:
    number = re.sub(r"\s", "", str(value or "")).upper()
    if not BPOM_PATTERN.fullmatch(number):
        raise ValidationError(_("Nomor BPOM harus diawali MD atau ML lalu 12 digit angka."), code="bpom_format")
    return number


HALAL_PATTERN = re.compile(r"ID[0-9]{8,20}")


def validate_halal(value: str) -> str:
    number = re.sub(r"[\s\-]", "", str(value or "")).upper()
    if not HALAL_PATTERN.fullmatch(number):
        raise ValidationError(_("Nomor sertifikat halal harus diawali ID lalu angka."), code="halal_format")
    return number


def mask_nik(value: str | None) -> str:
    if not value:
        return ""
    return value[:4] + "•" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    return value[:6] + "•" * max(len(value) - 9, 0) + value[-3:]


def mask_email(value: str | None) -> str:
    """Enough for the owner to recognise their address, not enough to harvest it."""
    if not value or "@" not in value:
        return ""
    local, _at, domain = value.partition("@")
    return f"{local[:2]}{'•' * max(len(local) - 2, 1)}@{domain}"


def whatsapp_url(e164_phone: str, text: str = "") -> str:
    url = f"https://wa.me/{e164_phone.lstrip('+')}"
    return f"{url}?text={quote(text)}" if text else url
