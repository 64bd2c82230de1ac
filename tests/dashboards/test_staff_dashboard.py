"""The DPMPTSP/Disperinkop dashboard in the Wagtail admin: each figure against the programme
fixture's known counts (tests/dashboards/fixtures.py), suppression, filters, CSV and access."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.staff import staff_figures
from registry.dashboard_filters import DashboardFilters
from tests.portal.factories import OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/dasbor/"


def figures(**filters) -> dict[str, dict]:
    base = DashboardFilters.default()
    return {f["key"]: f for f in staff_figures(DashboardFilters(base.date_from, base.date_to, **filters))}


def csv_rows(client, key: str, query: str = "") -> list[list[str]]:
    response = client.get(f"{URL}csv/{key}/{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="dasbor-{key}-')
    return list(csv.reader(io.StringIO(response.content.decode())))


def current_month_row(figure):
    return figure["csv_rows"][-1]


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="loket", roles=["counter_staff"]))
    return client


def test_funnel_counts_and_conversions(programme, staff_client):
    assert csv_rows(staff_client, "funnel") == [
        ["Langkah", "Jumlah usaha", "% dari terdaftar", "% dari langkah sebelumnya"],
        ["Terdaftar", "12", "100.0", "100.0"],
        ["Terverifikasi", "9", "75.0", "75.0"],
        ["Produk tayang", "6", "50.0", "66.7"],
        ["Ikut pelatihan (hadir)", "5", "41.7", "83.3"],
        ["Bersertifikat pelatihan", "<5", "–", "–"],  # 3 certified: suppressed, and the rates beside it
        ["Siap kanal mitra", "5", "41.7", "–"],  # its step-over-step rate would reveal the 3
        ["Diekspor ke mitra", "5", "41.7", "100.0"],
        ["Mengajukan pembiayaan", "7", "58.3", "140.0"],
        ["Dibiayai (dicairkan)", "5", "41.7", "71.4"],
    ]


def test_registrations_per_month_by_status(programme):
    figure = figures()["registrations"]
    assert figure["columns"] == ["Bulan", "Menunggu verifikasi", "Terverifikasi", "Perlu perbaikan", "Ditolak"]
    assert len(figure["rows"]) == 12  # the default period: twelve months, empty ones as 0
    assert current_month_row(figure)[1:] == ["<5", "9", "0", "<5"]
    assert figure["csv_rows"][0][1:] == ["0", "0", "0", "0"]
    # The chart draws no bar for a suppressed cell.
    datasets = {d["label"]: d for d in figure["chart"]["datasets"]}
    assert datasets["Menunggu verifikasi"]["data"][-1] is None
    assert datasets["Menunggu verifikasi"]["text"][-1] == "<5"
    assert datasets["Terverifikasi"]["data"][-1] == 9


def test_businesses_by_kecamatan_sector_and_size(programme):
    found = figures()
    kecamatan = {row[0]: row[1:] for row in found["kecamatan"]["csv_rows"]}
    assert kecamatan["Weleri"] == ["9", "6"] and kecamatan["Plantungan"] == ["<5", "<5"]
    assert kecamatan["Kendal"] == ["0", "0"]  # every kecamatan of the region is listed
    assert len(kecamatan) == 20
    assert found["kecamatan"]["chart"]["horizontal"] is True
    sector = {row[0][:1]: row[1:] for row in found["sector"]["csv_rows"]}
    assert sector == {"C": ["9", "6"], "G": ["<5", "<5"]}
    size = {row[0]: row[1:] for row in found["size"]["csv_rows"]}
    assert size["Mikro"] == ["9", "6"] and size["Kecil"] == ["<5", "<5"] and size["Menengah"] == ["0", "0"]


def test_training_seats_attendance_and_certificates(programme):
    figure = figures()["training"]
    assert figure["columns"] == [
        "Topik",
        "Kursi",
        "Kursi terisi",
        "Peserta hadir",
        "Bersertifikat",
        "Keterisian",
        "Tingkat kehadiran",
        "Tingkat sertifikat",
    ]
    assert figure["csv_rows"] == [["Kemasan dan label", "10", "6", "5", "<5", "60.0", "83.3", "–"]]


def test_financing_pipeline_by_lender_and_product(programme):
    found = figures()
    lender = {row[0]: row[1:] for row in found["financing-lender"]["csv_rows"]}
    # Baru, dihubungi, disurvei, disetujui, ditolak, dicairkan, leads, plafon, dicairkan (Rp)
    assert lender["BRI"] == ["0", "0", "0", "0", "0", "5", "5", "100000000", "75000000"]
    assert lender["BPR BKK Kendal"] == ["<5", "0", "0", "0", "0", "0", "<5", "–", "0"]
    product = {row[0]: row[1:] for row in found["financing-product"]["csv_rows"]}
    assert product["BRI · KUR Mikro"][-3:] == ["5", "100000000", "75000000"]
    assert set(product) == {"BRI · KUR Mikro", "BPR BKK Kendal · Kredit Modal Kerja BKK"}


def test_exports_orders_and_sales(programme):
    found = figures()
    exports = {row[0]: row[1:] for row in found["exports"]["csv_rows"]}
    assert exports["GoFood"] == ["5", "5", "1"]  # businesses, products, finished export files
    assert exports["GrabFood"] == ["0", "0", "0"]
    assert current_month_row(found["orders"]) == [current_month_row(found["orders"])[0], "6", "6"]
    assert current_month_row(found["sales"])[1:] == ["600000", "6"]  # the unpaid order is not a sale
    assert found["sales"]["chart"]["type"] == "line"


def test_filters_narrow_every_figure(programme):
    weleri = figures(kecamatan="33.24.12")
    assert [row[0] for row in weleri["kecamatan"]["csv_rows"]] == ["Weleri"]
    assert weleri["funnel"]["csv_rows"][0][1] == "9"
    assert {row[0] for row in weleri["financing-lender"]["csv_rows"]} == {"BRI"}
    kecil = figures(size_class="kecil")
    assert kecil["funnel"]["csv_rows"][0][1] == "<5"
    assert kecil["financing-lender"]["csv_rows"] == [["BPR BKK Kendal", "<5", "0", "0", "0", "0", "0", "<5", "–", "0"]]
    assert current_month_row(kecil["orders"])[1:] == ["0", "0"]
    industry = figures(sector="C")
    assert industry["funnel"]["csv_rows"][0][1] == "9"
    assert industry["training"]["csv_rows"][0][2] == "6"


def test_period_filter_excludes_other_months(programme):
    today = timezone.localdate()
    last_year = DashboardFilters(today.replace(year=today.year - 1, day=1), today.replace(year=today.year - 1, day=28))
    found = {f["key"]: f for f in staff_figures(last_year)}
    assert found["funnel"]["csv_rows"][0][1] == "0"
    assert found["training"]["csv_rows"] == []
    assert all(row[1] == "0" for row in found["orders"]["csv_rows"])


def test_page_renders_every_figure_with_chart_data_table_and_csv_link(programme, staff_client):
    response = staff_client.get(URL, {"kecamatan": "33.24.12"})
    assert response.status_code == 200
    html = response.content.decode()
    for key in (
        "registrations",
        "funnel",
        "kecamatan",
        "sector",
        "size",
        "training",
        "financing-lender",
        "financing-product",
        "exports",
        "orders",
        "sales",
    ):
        assert f'data-testid="figure-{key}"' in html
        assert f'<script id="chart-{key}-data" type="application/json">' in html
        assert f'href="/admin/dasbor/csv/{key}/?kecamatan=33.24.12"' in html
    assert 'role="img" aria-label="Grafik batang: Usaha per kecamatan.' in html
    assert "<script>" not in html.split('id="main"')[-1]  # no inline scripts (CSP script-src 'self')
    assert "static/vendor/chart.umd.min.js" in html and "static/js/dashboard.js" in html
    # Aggregates only: no business or owner names on the page.
    for business in programme.weleri_verified + programme.plantungan:
        assert business.name not in html
        assert business.owner.get_full_name() not in html or business.owner.get_full_name() == "Sri Rahayu"


def test_csv_of_a_filtered_figure(programme, staff_client):
    rows = csv_rows(staff_client, "kecamatan", "?kecamatan=33.24.01")
    assert rows == [["Kecamatan", "Terdaftar", "Terverifikasi"], ["Plantungan", "<5", "<5"]]
    assert staff_client.get(f"{URL}csv/nope/").status_code == 404


def test_invalid_period_is_explained_and_defaults_are_used(programme, staff_client):
    response = staff_client.get(URL, {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert "Tanggal awal harus sebelum atau sama dengan tanggal akhir." in response.content.decode()
    response = staff_client.get(URL, {"date_from": "bukan-tanggal"})
    assert "Masukkan tanggal yang valid." in response.content.decode()
    response = staff_client.get(URL, {"date_from": "2019-01-01", "date_to": "2026-01-01"})
    assert "Periode paling panjang 5 tahun." in response.content.decode()


def test_english_labels_for_a_user_who_prefers_english(programme, client):
    from wagtail.users.models import UserProfile

    user = UserFactory(roles=["administrator"])
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(preferred_language="en")
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert "Businesses per kecamatan" in html and "Download CSV" in html and "Registered" in html
    assert "Indonesian" not in html.split('id="figure-funnel"')[1][:200]


def test_figures_are_cached_per_filter(programme, django_assert_max_num_queries):
    staff_figures(DashboardFilters.default())
    with django_assert_max_num_queries(0):
        staff_figures(DashboardFilters.default())
    weleri = DashboardFilters(*DashboardFilters.default().__dict__.values())
    assert weleri.cache_key("staff") == DashboardFilters.default().cache_key("staff")
    assert DashboardFilters.default().cache_key("staff") != DashboardFilters(
        DashboardFilters.default().date_from, DashboardFilters.default().date_to, kecamatan="33.24.12"
    ).cache_key("staff")


@pytest.mark.parametrize("role", ["counter_staff", "training_officer", "partner_curator", "administrator"])
def test_every_staff_role_opens_the_dashboard(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}csv/funnel/").status_code == 200


def test_superuser_opens_the_dashboard(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(URL).status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get(f"{URL}csv/funnel/").status_code == 302


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: OwnerFactory(), id="owner"),
        pytest.param(lambda: UserFactory(roles=["bank_officer"]), id="bank-officer"),
    ],
)
def test_owner_and_bank_officer_cannot_open_the_staff_dashboard(client, make_user):
    client.force_login(make_user())
    for url in (URL, f"{URL}csv/funnel/"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Perjalanan usaha" not in response.content and b"Terdaftar" not in response.content


def test_admin_home_panel_and_menu_item(programme, staff_client):
    html = staff_client.get("/admin/").content.decode()
    assert 'data-testid="dashboard-summary"' in html
    assert "Dasbor program" in html and reverse("dashboards_staff") in html
    summary = html.split('data-testid="dashboard-summary"')[1].split("</section>")[0]
    assert "Terdaftar</dt>" in summary and ">12</dd>" in summary and "&lt;5</dd>" in summary


def test_query_count_does_not_grow_with_the_data(programme, django_assert_num_queries):
    """Aggregates only: twice the businesses, leads, orders and sign-ups, the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.dashboards.fixtures import build_programme

    with CaptureQueriesContext(connection) as first:
        staff_figures(DashboardFilters.default())
    build_programme()
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as second:
        found = {f["key"]: f for f in staff_figures(DashboardFilters.default())}
    assert len(second) == len(first) <= 25
    assert found["funnel"]["csv_rows"][0][1] == "24"


def test_summary_figures_come_first(programme, staff_client):
    html = staff_client.get("/admin/dasbor/").content.decode()
    headline = html.index('data-testid="dashboard-headline"')
    assert headline < html.index('class="dashboard-grid"')
    block = html[headline : html.index("</dl>", headline)]
    assert "<dt>Terdaftar</dt><dd>12</dd>" in block and "<dt>Bersertifikat pelatihan</dt><dd>&lt;5</dd>" in block
