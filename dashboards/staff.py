"""The DPMPTSP/Disperinkop dashboard: every figure from aggregate queries in the owning app's
selectors, suppressed, cached briefly per filter combination and language."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalog.selectors import has_published_product, orders_by_month
from core.figures import CACHE_SECONDS, Figure, Series, amount, as_date, count, month_label, percent, tally
from financing.dashboards import pipeline_figure
from financing.models import Lead
from financing.selectors import business_financed, business_has_lead
from partners.selectors import business_exported, business_ready_for_channel, exports_by_channel
from registry.dashboard_filters import DashboardFilters
from registry.models import BusinessStatus, SizeClass
from registry.selectors import (
    business_funnel,
    businesses_by,
    kbli_sections,
    region_kecamatan,
    registrations_by_month,
)
from training.models import Topic
from training.selectors import business_attended, business_certified, training_by_topic


def funnel_steps() -> list[tuple[str, str, object]]:
    """(key, label, condition on Business) for each step of the outcome funnel, in order."""
    return [
        ("registered", _("Terdaftar"), None),
        ("verified", _("Terverifikasi"), Q(status=BusinessStatus.VERIFIED)),
        ("published", _("Produk tayang"), has_published_product()),
        ("trained", _("Ikut pelatihan (hadir)"), business_attended()),
        ("certified", _("Bersertifikat pelatihan"), business_certified()),
        ("ready", _("Siap kanal mitra"), business_ready_for_channel()),
        ("exported", _("Diekspor ke mitra"), business_exported()),
        ("lead", _("Mengajukan pembiayaan"), business_has_lead()),
        ("financed", _("Dibiayai (dicairkan)"), business_financed()),
    ]


def registrations_figure(filters: DashboardFilters) -> Figure:
    months = filters.months()
    statuses = [s for s in BusinessStatus if s != BusinessStatus.DRAFT]
    grid = {(as_date(r["month"]), r["status"]): r["n"] for r in registrations_by_month(filters)}
    return Figure(
        key="registrations",
        title=_("Pendaftaran per bulan menurut status"),
        label_heading=_("Bulan"),
        labels=[month_label(m) for m in months],
        stacked=True,
        series=[Series(s.label, [count(grid.get((m, s.value), 0)) for m in months]) for s in statuses],
    )


def _by_business_field(filters, field: str, key: str, title: str, heading: str, labels: dict, **options) -> Figure:
    rows = {r[field]: r for r in businesses_by(filters, field)}
    order = list(labels) + [k for k in rows if k not in labels]  # e.g. None: no kecamatan/KBLI given
    return Figure(
        key=key,
        title=title,
        label_heading=heading,
        labels=[labels.get(k) or _("(tidak diisi)") for k in order],
        series=[
            Series(_("Terdaftar"), [count(rows.get(k, {}).get("total", 0)) for k in order]),
            Series(_("Terverifikasi"), [count(rows.get(k, {}).get("verified", 0)) for k in order]),
        ],
        **options,
    )


def kecamatan_figure(filters: DashboardFilters) -> Figure:
    kecamatan = {k.code: k.name for k in region_kecamatan() if not filters.kecamatan or k.code == filters.kecamatan}
    return _by_business_field(
        filters, "kecamatan_id", "kecamatan", _("Usaha per kecamatan"), _("Kecamatan"), kecamatan, horizontal=True
    )


def sector_figure(filters: DashboardFilters) -> Figure:
    present = {r["primary_kbli__section"] for r in businesses_by(filters, "primary_kbli__section")}
    sections = {
        s.code: Truncator(f"{s.code} · {s.title.capitalize()}").chars(48) for s in kbli_sections() if s.code in present
    }
    return _by_business_field(
        filters,
        "primary_kbli__section",
        "sector",
        _("Usaha per sektor (kategori KBLI)"),
        _("Sektor"),
        sections,
        horizontal=True,
    )


def size_figure(filters: DashboardFilters) -> Figure:
    sizes = {
        value: label for value, label in SizeClass.choices if not filters.size_class or value == filters.size_class
    }
    return _by_business_field(filters, "size_class", "size", _("Usaha per skala usaha"), _("Skala"), sizes)


def funnel_figure(filters: DashboardFilters) -> Figure:
    steps = funnel_steps()
    counts = business_funnel(filters, [(key, condition) for key, _label, condition in steps])
    cells = [count(counts[key]) for key, _label, _c in steps]
    return Figure(
        key="funnel",
        title=_("Perjalanan usaha: dari terdaftar sampai dibiayai"),
        label_heading=_("Langkah"),
        labels=[label for _k, label, _c in steps],
        horizontal=True,
        series=[Series(_("Jumlah usaha"), cells)],
        extra_columns=[
            Series(_("% dari terdaftar"), [percent(c, cells[0]) for c in cells]),
            Series(
                _("% dari langkah sebelumnya"),
                [percent(c, cells[i - 1]) if i else percent(c, c) for i, c in enumerate(cells)],
            ),
        ],
        note=_(
            "Usaha yang mendaftar dalam periode ini; tiap langkah dihitung sendiri (usaha bisa dibiayai "
            "tanpa diekspor), sehingga persentase antarlangkah bisa lebih dari 100 %. Siap kanal mitra = "
            "dimasukkan kurator ke batch kurasi; diekspor = ikut ekspor mitra yang selesai."
        ),
    )


def training_figure(filters: DashboardFilters) -> Figure:
    rows = training_by_topic(filters)
    topics = [t for t in Topic if t.value in rows]
    get = lambda t, k: rows[t.value].get(k, 0)  # noqa: E731
    filled = [count(get(t, "filled"), get(t, "filled_b")) for t in topics]
    attended = [count(get(t, "attended"), get(t, "attended_b")) for t in topics]
    certified = [count(get(t, "certified"), get(t, "certified_b")) for t in topics]
    seats = [tally(get(t, "capacity")) for t in topics]
    return Figure(
        key="training",
        title=_("Pelatihan: kursi terisi, kehadiran, sertifikat"),
        label_heading=_("Topik"),
        labels=[t.label for t in topics],
        horizontal=True,
        series=[
            Series(_("Kursi"), seats),
            Series(_("Kursi terisi"), filled),
            Series(_("Peserta hadir"), attended),
            Series(_("Bersertifikat"), certified),
        ],
        extra_columns=[
            Series(_("Keterisian"), [percent(f, s) for f, s in zip(filled, seats)]),
            Series(_("Tingkat kehadiran"), [percent(a, f) for a, f in zip(attended, filled)]),
            Series(_("Tingkat sertifikat"), [percent(c, a) for c, a in zip(certified, attended)]),
        ],
        note=_(
            "Sesi yang mulai dalam periode ini. Saringan kecamatan/sektor/skala berlaku untuk peserta, "
            "bukan untuk jumlah kursi."
        ),
    )


def exports_figure(filters: DashboardFilters) -> Figure:
    channels = list(exports_by_channel(filters).values())
    return Figure(
        key="exports",
        title=_("Ekspor ke kanal mitra"),
        label_heading=_("Kanal"),
        labels=[c["name"] for c in channels],
        series=[
            Series(_("Usaha diekspor"), [count(c["businesses"]) for c in channels]),
            Series(_("Produk diekspor"), [count(c["products"], c["businesses"]) for c in channels]),
        ],
        extra_columns=[Series(_("Berkas ekspor selesai"), [tally(c["files"]) for c in channels])],
        note=_("Ekspor yang selesai dalam periode ini. Berkas ekspor tidak disaring per kecamatan/sektor/skala."),
    )


def orders_figures(filters: DashboardFilters) -> list[Figure]:
    months = filters.months()
    rows = {as_date(r["month"]): r for r in orders_by_month(filters)}
    orders = [count(rows[m]["n"], rows[m]["businesses"]) if m in rows else count(0) for m in months]
    sales = [amount(rows[m]["sales"], rows[m]["businesses"]) if m in rows else amount(0, 0) for m in months]
    sellers = [count(rows[m]["businesses"]) if m in rows else count(0) for m in months]
    labels = [month_label(m) for m in months]
    return [
        Figure(
            key="orders",
            title=_("Pesanan dibayar per bulan"),
            label_heading=_("Bulan"),
            labels=labels,
            series=[Series(_("Pesanan"), orders)],
            extra_columns=[Series(_("Usaha penjual"), sellers)],
        ),
        Figure(
            key="sales",
            title=_("Penjualan per bulan (Rp)"),
            label_heading=_("Bulan"),
            labels=labels,
            chart="line",
            series=[Series(_("Penjualan"), sales)],
            extra_columns=[Series(_("Usaha penjual"), sellers)],
        ),
    ]


def staff_figures(filters: DashboardFilters) -> list[dict]:
    """Every figure of the staff dashboard as template/JSON-ready dicts, cached briefly."""

    def build():
        leads = Lead.objects.all()
        figures = [
            registrations_figure(filters),
            funnel_figure(filters),
            kecamatan_figure(filters),
            sector_figure(filters),
            size_figure(filters),
            training_figure(filters),
            pipeline_figure(
                leads,
                filters,
                key="financing-lender",
                title=_("Pembiayaan per bank dan status"),
                group=("lender__name",),
                heading=_("Bank"),
            ),
            pipeline_figure(
                leads,
                filters,
                key="financing-product",
                title=_("Pembiayaan per produk dan status"),
                group=("lender__name", "product__name"),
                heading=_("Produk"),
            ),
            exports_figure(filters),
            *orders_figures(filters),
        ]
        return [f.as_context() for f in figures]

    return cache.get_or_set(filters.cache_key(f"staff:{get_language()}"), build, CACHE_SECONDS)


def headline(filters: DashboardFilters | None = None) -> list[dict]:
    """The funnel's steps as short figures for the Wagtail admin home panel."""
    filters = filters or DashboardFilters.default()
    funnel = next(f for f in staff_figures(filters) if f["key"] == "funnel")
    return [{"label": row[0], "value": row[1]} for row in funnel["rows"]]
