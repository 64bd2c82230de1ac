"""One product as a row of a partner's file or feed: the format's values, cleaned of characters
XLSX cannot hold, neutralised against spreadsheet formulas, and trimmed to the channel's limits.
Shared by the export files (partners.exports) and the JSON feed (partners.selectors.feed)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from core.spreadsheets import formula_safe

# Characters XML (and so XLSX) cannot hold; CSV gets the same text so both files agree.
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")
# Spreadsheet formula injection: core.spreadsheets is the one guard for every export.
neutralise = formula_safe


def cell_values(fmt, facts, limits: dict, *, position: int, spreadsheet: bool = True) -> tuple[list, list[str]]:
    """The row for one product and the warnings about fields trimmed to the channel's limits.
    `spreadsheet` neutralises formula-like text (not needed in JSON)."""
    raw = fmt.values(facts, limits, position=position)
    row, warnings = [], []
    for column in fmt.columns:
        value = raw[column.key]
        if column.kind == "int":
            row.append("" if value is None else int(value))
            continue
        text = ILLEGAL_CHARACTERS.sub("", str(value or "")).strip()
        # Neutralise first, then trim: the quote counts towards the partner's limit too.
        if spreadsheet:
            text = neutralise(text)
        limit = limits.get(column.limit) if column.limit else None
        if limit and len(text) > limit:
            warnings.append(
                _("Kolom %(column)s dipotong dari %(length)s menjadi %(limit)s karakter.")
                % {"column": column.header, "length": len(text), "limit": limit}
            )
            text = text[:limit].rstrip()
        row.append(text)
    return row, warnings
