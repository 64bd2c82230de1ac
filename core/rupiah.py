"""Whole-rupiah amounts as people type them, in one place for every form, import and admin field.

Indonesians group thousands with dots (``15.000``), may write the currency (``Rp 15.000``,
``Rp15.000,-``) and say large amounts in words (``1,5 juta``, ``25 jt``, ``500 rb``). Python's
``int()`` understands none of that and Django's IntegerField strips a trailing ``.000`` as if
it were a decimal, which is how "25.000.000" was once stored as Rp 25. ``parse_rupiah`` reads
every form people use and refuses what could mean two amounts, with a message saying how to
write it; the model field, form field and widget below carry it everywhere a rupiah is typed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Word → multiplier. "m"/"M" is left out on purpose: it reads as "miliar" to some and "million" to others.
MULTIPLIERS = {
    "rb": 1_000,
    "ribu": 1_000,
    "k": 1_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
    "m": None,
}
_CURRENCY = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s*(rupiah|rp\.?)$", re.IGNORECASE)  # "15.000 rupiah"
_NO_CENTS = re.compile(r"(,-|,00|\.-|-)$")  # "Rp15.000,-" and "15.000,00": the written "no cents"
_NUMBER_WORD = re.compile(r"^(?P<number>[\d.,\s]*\d)\s*(?P<word>[a-z]+)?$")
_GROUPED = re.compile(r"^\d{1,3}([. ]\d{3})+$")


def format_rupiah(amount: int) -> str:
    """15000 → "Rp 15.000"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def _invalid(example: str) -> ValidationError:
    return ValidationError(
        _("Jumlah rupiah tidak terbaca. Tulis seperti %(example)s.") % {"example": example}, code="invalid"
    )


def _ambiguous(text: str) -> ValidationError:
    return ValidationError(
        _("“%(text)s” bisa berarti dua jumlah. Tulis tanpa pemisah (15000) atau dengan titik per ribuan (15.000).")
        % {"text": text},
        code="ambiguous",
    )


def _plain_number(text: str) -> int:
    """Digits with Indonesian grouping and no word: "15000", "15.000", "15 000", "15.000.000"."""
    if text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"[. ]", "", text))
    if "," in text:
        whole, _sep, fraction = text.rpartition(",")
        if len(fraction) == 3 and fraction.isdigit():
            raise _ambiguous(text)  # "15,000": English grouping or fifteen rupiah with decimals
        if fraction and set(fraction) == {"0"} and (whole.isdigit() or _GROUPED.match(whole)):
            return int(re.sub(r"[. ]", "", whole))
        raise ValidationError(_("Rupiah ditulis tanpa sen (bilangan bulat)."), code="fraction")
    if "." in text:
        raise _ambiguous(text)  # "15.00", "1.5", "1.5000": not a thousands grouping
    raise _invalid("15.000")


def _scaled_number(number: str, multiplier: int, original: str) -> int:
    """The number before a word: "1,5" juta, "25" jt, "1.500" rb; comma is the decimal mark."""
    if "," in number:
        whole, _sep, fraction = number.partition(",")
        if not (not whole or _GROUPED.match(whole) or whole.isdigit()) or not fraction.isdigit():
            raise _invalid("1,5 juta")
        value = Decimal(f"{re.sub(r'[. ]', '', whole) or 0}.{fraction}")
    elif _GROUPED.match(number) or number.isdigit():
        value = Decimal(re.sub(r"[. ]", "", number))
    elif re.fullmatch(r"\d+\.\d{1,2}", number):
        value = Decimal(number)  # "1.5 juta": only a decimal reading makes sense before a word
    else:
        raise _ambiguous(original)
    amount = value * multiplier
    if amount != amount.to_integral_value():
        raise ValidationError(_("Rupiah ditulis tanpa sen (bilangan bulat)."), code="fraction")
    return int(amount)


def parse_rupiah(value) -> int:
    """A whole-rupiah amount from what a person typed, or ValidationError saying how to write it."""
    if isinstance(value, bool):
        raise _invalid("15.000")
    if isinstance(value, int):
        return value
    if isinstance(value, float):  # spreadsheet cells arrive as floats
        if value.is_integer():
            return int(value)
        raise ValidationError(_("Rupiah ditulis tanpa sen (bilangan bulat)."), code="fraction")
    text = re.sub(r"\s+", " ", str(value)).strip()
    if not text:
        raise _invalid("15.000")
    if text.startswith("-"):
        raise ValidationError(_("Jumlah tidak boleh negatif."), code="negative")
    body = _CURRENCY_AFTER.sub("", _CURRENCY.sub("", text)).strip()
    body = _NO_CENTS.sub("", body).strip()
    match = _NUMBER_WORD.match(body.lower())
    if not match:
        raise _invalid("15.000")
    number, word = match.group("number").strip(), match.group("word")
    if word is None:
        return _plain_number(number)
    if word not in MULTIPLIERS:
        raise _invalid("1,5 juta")
    multiplier = MULTIPLIERS[word]
    if multiplier is None:
        raise ValidationError(_("Tulis “juta” atau “miliar”, bukan “%(word)s”.") % {"word": word}, code="ambiguous")
    try:
        return _scaled_number(number, multiplier, text)
    except InvalidOperation as exc:
        raise _invalid("1,5 juta") from exc


class RupiahInput(forms.TextInput):
    """A text box (dots and words are allowed) with the phone's number pad; portal.js groups the
    digits as they are typed and shows the amount it reads."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", "data-rupiah": "", **(attrs or {})})

    def format_value(self, value):
        # An int from the database is shown grouped; what a person typed is shown back as typed.
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}".replace(",", ".")
        return super().format_value(value)


class RupiahFormField(forms.IntegerField):
    widget = RupiahInput

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        super().__init__(min_value=None, max_value=None, **kwargs)
        # Limits checked here, with amounts written the rupiah way, not Django's "Pastikan nilai ini…".
        self.min_amount, self.max_amount = min_value, max_value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_rupiah(value)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_amount is not None and value < self.min_amount:
            raise ValidationError(
                _("Minimal %(amount)s.") % {"amount": format_rupiah(self.min_amount)}, code="min_value"
            )
        if self.max_amount is not None and value > self.max_amount:
            raise ValidationError(
                _("Maksimal %(amount)s.") % {"amount": format_rupiah(self.max_amount)}, code="max_value"
            )


class RupiahField(models.PositiveBigIntegerField):
    """A whole-rupiah amount; every form made from it (Django, Wagtail admin) reads amounts as typed."""

    def formfield(self, **kwargs):
        kwargs.pop("min_value", None)
        return super().formfield(**{"form_class": RupiahFormField, "min_value": 0, **kwargs})
