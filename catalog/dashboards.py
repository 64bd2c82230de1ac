"""The owner's own chart on /akun/: product page views and paid orders per day (nothing to
suppress: it is their own data)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from catalog.selectors import owner_daily_activity
from core.figures import Cell, Figure, Series

DAYS = 30


def owner_activity_figure(user) -> dict:
    days = owner_daily_activity(user, days=DAYS)
    own = lambda n: Cell(n, None, "count")  # noqa: E731
    figure = Figure(
        key="owner-activity",
        title=_("Kunjungan produk dan pesanan, 30 hari terakhir"),
        label_heading=_("Tanggal"),
        labels=[date_format(d["day"], "j M") for d in days],
        series=[
            Series(_("Kunjungan halaman produk"), [own(d["views"]) for d in days]),
            Series(_("Pesanan dibayar"), [own(d["orders"]) for d in days], kind="line"),
        ],
    ).as_context()
    figure["totals"] = {"views": sum(d["views"] for d in days), "orders": sum(d["orders"] for d in days)}
    figure["csv_rows"] = [[d["day"].isoformat(), str(d["views"]), str(d["orders"])] for d in days]
    return figure
