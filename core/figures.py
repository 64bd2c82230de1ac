"""A dashboard figure: a chart spec, the same numbers as a table, and CSV.

Small-cell suppression: a cell that rests on 1–4 businesses could single a business out, so its
count is shown as "<5" in the table and the CSV (a count of something else, e.g. orders, that is
5 or more but rests on fewer than 5 businesses shows "–"), its amounts and rates as "–", and the
chart draws nothing for it (the value is null: a gap, no bar, no point). A zero stays 0. The note
under a figure with suppressed cells says so. Figures are plain dicts/lists so they can be
cached and passed to `json_script`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core.spreadsheets import formula_safe_text

CACHE_SECONDS = 120  # figures may lag the database by two minutes
SMALL_CELL = 5  # fewer businesses than this behind a cell and the cell is suppressed
SUPPRESSED_COUNT = "<5"
SUPPRESSED_VALUE = "–"

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Order chosen so neighbouring series contrast in lightness as well as hue.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def is_small(businesses: int | None) -> bool:
    return businesses is not None and 0 < businesses < SMALL_CELL


@dataclass
class Cell:
    """One number of a figure. `businesses` is how many distinct businesses it rests on."""

    value: int | float | None
    businesses: int | None = None
    kind: str = "count"  # count | amount | percent | plain

    @property
    def suppressed(self) -> bool:
        return is_small(self.businesses)

    @property
    def _suppressed_text(self) -> str:
        if self.kind == "count" and self.value is not None and self.value < SMALL_CELL:
            return SUPPRESSED_COUNT
        return SUPPRESSED_VALUE

    @property
    def chart_value(self):
        return None if self.suppressed or self.value is None else self.value

    @property
    def text(self) -> str:
        if self.kind == "plain":
            return str(self.value)
        if self.suppressed or self.value is None:
            return self._suppressed_text
        if self.kind == "percent":
            return f"{number_format(self.value, 1)} %"
        if self.kind == "amount":
            return "Rp " + number_format(int(self.value), 0, force_grouping=True)
        return number_format(self.value, 0, force_grouping=True)

    @property
    def csv(self) -> str:
        if self.kind == "plain":
            return str(self.value)
        if self.suppressed or self.value is None:
            return self._suppressed_text
        return f"{self.value:.1f}" if self.kind == "percent" else str(int(self.value))


def count(value: int | None, businesses: int | None = None) -> Cell:
    value = value or 0
    return Cell(value, value if businesses is None else businesses, "count")


def tally(value: int | None) -> Cell:
    """A count of things that are not businesses on their own (seats, export files): never suppressed."""
    return Cell(value or 0, None, "count")


def amount(value: int | None, businesses: int | None) -> Cell:
    return Cell(value or 0, businesses, "amount")


def percent(numerator: Cell, denominator: Cell) -> Cell:
    """A rate between two cells; suppressed when either side is (it would reveal the small one)."""
    if numerator.suppressed or denominator.suppressed:
        return Cell(None, 1, "percent")
    if not denominator.value or numerator.value is None:
        return Cell(None, None, "percent")
    return Cell(round(numerator.value * 100 / denominator.value, 1), None, "percent")


def plain(value) -> Cell:
    return Cell(value, None, "plain")


@dataclass
class Series:
    label: str
    cells: list[Cell]
    kind: str = ""  # "line" to draw over bars


@dataclass
class Figure:
    key: str
    title: str
    labels: list[str]
    series: list[Series]
    label_heading: str = ""
    chart: str = "bar"  # bar | line
    stacked: bool = False
    horizontal: bool = False
    percent_axis: bool = False
    extra_columns: list[Series] = field(default_factory=list)  # in the table/CSV, not drawn
    note: str = ""

    @property
    def has_suppressed(self) -> bool:
        return any(c.suppressed for s in self.series + self.extra_columns for c in s.cells)

    @property
    def columns(self) -> list[str]:
        return [self.label_heading] + [s.label for s in self.series + self.extra_columns]

    @property
    def rows(self) -> list[list[Cell]]:
        all_series = self.series + self.extra_columns
        return [[plain(label)] + [s.cells[i] for s in all_series] for i, label in enumerate(self.labels)]

    @property
    def summary(self) -> str:
        """The chart's alternative text: what is drawn and where the biggest value is."""
        parts = [
            _("Grafik %(kind)s: %(title)s.")
            % {"kind": _("batang") if self.chart == "bar" else _("garis"), "title": self.title}
        ]
        if not self.labels:
            parts.append(_("Belum ada data untuk saringan ini."))
        for series in self.series[:3]:
            values = [
                (c.chart_value, label) for c, label in zip(series.cells, self.labels) if c.chart_value is not None
            ]
            if values:
                top_value, top_label = max(values, key=lambda v: v[0])
                top_cell = next(c for c, label in zip(series.cells, self.labels) if label == top_label)
                parts.append(
                    _("%(series)s tertinggi: %(label)s (%(value)s).")
                    % {"series": series.label, "label": top_label, "value": top_cell.text}
                )
        if self.has_suppressed:
            parts.append(_("Sebagian sel disembunyikan (kurang dari 5 usaha)."))
        parts.append(_("Angka lengkap ada di tabel di bawah grafik."))
        return " ".join(parts)

    def chart_spec(self) -> dict:
        """What static/js/dashboard.js draws (via json_script): numbers only, no names of people."""
        return {
            "type": self.chart,
            "labels": self.labels,
            "stacked": self.stacked,
            "horizontal": self.horizontal,
            "percent": self.percent_axis,
            "title": self.title,
            "datasets": [
                {
                    "label": s.label,
                    "type": s.kind or self.chart,
                    "data": [c.chart_value for c in s.cells],
                    "text": [c.text for c in s.cells],
                    "color": PALETTE[i % len(PALETTE)],
                }
                for i, s in enumerate(self.series)
            ],
        }

    def without_suppression(self) -> Figure:
        """For readers who may see every business behind the numbers already (a bank's officers
        over their own leads, which they work by name): nothing is hidden from them."""
        for series in self.series + self.extra_columns:
            for cell in series.cells:
                cell.businesses = None
        return self

    def as_context(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "summary": self.summary,
            "note": self.note,
            "has_suppressed": self.has_suppressed,
            "columns": self.columns,
            "rows": [[c.text for c in row] for row in self.rows],
            "chart": self.chart_spec(),
            "csv_rows": [[c.csv for c in row] for row in self.rows],
        }


# Spreadsheet formula injection: the shared guard (core.spreadsheets).
csv_safe = formula_safe_text


def figure_csv(figure: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_safe(c) for c in figure["columns"]])
    for row in figure["csv_rows"]:
        writer.writerow([csv_safe(c) for c in row])
    return out.getvalue()


def csv_response(figure: dict, filename: str) -> HttpResponse:
    response = HttpResponse(figure_csv(figure), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def month_label(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value
