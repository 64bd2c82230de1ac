"""Dashboards in the browser: staff open the programme dashboard, change a filter and get
charts drawn by Chart.js with tables that follow the filter (screenshot kept in
var/test-results/dashboard.png); a bank officer sees their lender's charts; a visitor's view of
a product page shows up in the owner's chart on /akun/."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.catalog.factories import ProductFactory
from tests.dashboards.fixtures import build_programme
from tests.e2e.helpers import login
from tests.e2e.test_csp import Watch
from tests.financing.factories import BankOfficerFactory
from tests.portal.factories import BusinessFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-results"

# True when the canvas has a Chart.js instance and some non-transparent pixels.
CHART_DRAWN = """(canvas) => {
  const chart = window.Chart && window.Chart.getChart(canvas);
  if (!chart) return false;
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted > 500;
}"""


def admin_login(page: Page, base: str, username: str, next_url: str):
    page.goto(f"{base}/admin/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "rahasia-123")
    page.locator("button[type=submit]").click()


def table_rows(page: Page, key: str) -> list[str]:
    """Each row's cells joined by tabs, whether the table is laid out as a table or as phone cards."""
    return (
        page.get_by_test_id(f"table-{key}")
        .locator("tbody tr")
        .evaluate_all("rows => rows.map(row => Array.from(row.cells, cell => cell.innerText.trim()).join('\\t'))")
    )


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_staff_filters_the_dashboard_and_charts_follow(live_server, browser):
    build_programme()
    UserFactory(username="loket", roles=["counter_staff"])
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    watch = Watch(context)
    page = context.new_page()
    admin_login(page, live_server.url, "loket", "/admin/dasbor/")
    expect(page.get_by_test_id("staff-dashboard")).to_be_visible()

    canvas = page.get_by_test_id("chart-kecamatan")
    expect(canvas).to_have_attribute("data-rendered", "true")
    assert canvas.evaluate(CHART_DRAWN)
    assert page.get_by_test_id("chart-funnel").evaluate(CHART_DRAWN)
    kecamatan = [row.split("\t") for row in table_rows(page, "kecamatan")]
    assert ["Weleri", "9", "6"] in kecamatan and ["Plantungan", "<5", "<5"] in kecamatan
    assert table_rows(page, "funnel")[0].split("\t")[:2] == ["Terdaftar", "12"]
    expect(page.get_by_test_id("suppressed-note-kecamatan")).to_be_visible()

    page.select_option("select[name=kecamatan]", label="Plantungan")
    page.get_by_test_id("apply-filters").click()
    expect(page).to_have_url(f"{live_server.url}/admin/dasbor/?date_from=" + page.url.split("date_from=")[1])
    assert "kecamatan=33.24.01" in page.url
    expect(page.get_by_test_id("table-kecamatan").locator("tbody tr")).to_have_count(1)
    assert [row.split("\t") for row in table_rows(page, "kecamatan")] == [["Plantungan", "<5", "<5"]]
    assert table_rows(page, "funnel")[0].split("\t")[:2] == ["Terdaftar", "<5"]
    expect(page.get_by_test_id("chart-financing-lender")).to_have_attribute("data-rendered", "true")
    assert page.get_by_test_id("chart-financing-lender").evaluate(CHART_DRAWN)
    # The chart follows the table: the only bar (Plantungan, <5) is suppressed, so no data.
    assert page.get_by_test_id("chart-kecamatan").evaluate(
        "(c) => window.Chart.getChart(c).data.datasets.map((d) => d.data)"
    ) == [[None], [None]]

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.select_option("select[name=kecamatan]", value="")
    page.get_by_test_id("apply-filters").click()
    expect(page.get_by_test_id("chart-registrations")).to_have_attribute("data-rendered", "true")
    # The admin scrolls inside its own layout: make the window as tall as the dashboard.
    height = page.get_by_test_id("staff-dashboard").evaluate("(d) => d.scrollHeight + 300")
    page.set_viewport_size({"width": 1280, "height": min(height, 12000)})
    # Charts resize with the window: on its ResizeObserver, drawn in the next animation frame.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 20_000

    with page.expect_download() as download_info:
        page.get_by_test_id("csv-funnel").click()
    content = Path(download_info.value.path()).read_text()
    assert content.splitlines()[1] == "Terdaftar,12,100.0,100.0"
    assert watch.violations(page) == []
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_bank_officer_sees_own_lender_charts_on_a_phone(live_server, browser, phone_context_args):
    build_programme()
    officer = BankOfficerFactory()
    context = browser.new_context(**phone_context_args, locale="id-ID")
    watch = Watch(context)
    page = context.new_page()
    login(page, live_server.url, officer.user.username, "/bank/")
    page.get_by_test_id("bank-dashboard-link").click()
    canvas = page.get_by_test_id("chart-financing-product")
    expect(canvas).to_have_attribute("data-rendered", "true")
    assert canvas.evaluate(CHART_DRAWN)
    assert canvas.evaluate("(c) => c.getBoundingClientRect().width") <= 390
    assert table_rows(page, "financing-product") == ["KUR Mikro\t0\t0\t0\t0\t0\t5\t5\tRp 100.000.000\tRp 75.000.000"]
    expect(page.get_by_test_id("bank-dashboard")).not_to_contain_text("BKK")
    # Readable at 390 px: the page does not scroll sideways (wide tables scroll in their box).
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "dashboard-bank-phone.png"), full_page=True)
    assert watch.violations(page) == []  # Chart.js and the page stay within script-src/style-src 'self'
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_product_view_reaches_the_owner_chart(live_server, browser):
    business = BusinessFactory()
    product = ProductFactory(business=business, name="Bandeng Presto Juwana")
    visitor = browser.new_context(locale="id-ID")
    visitor_watch = Watch(visitor)
    visitor_page = visitor.new_page()
    with visitor_page.expect_response(lambda r: "/produk/dilihat/" in r.url) as beacon:
        visitor_page.goto(f"{live_server.url}/produk/{product.slug}/")
    assert beacon.value.status == 204
    assert visitor_watch.violations(visitor_page) == []
    visitor.close()

    owner = browser.new_context(locale="id-ID")
    watch = Watch(owner)
    page = owner.new_page()
    login(page, live_server.url, business.owner.username, "/akun/")
    expect(page.get_by_test_id("owner-activity-totals")).to_have_text(
        "30 hari terakhir: 1 kunjungan halaman produk, 0 pesanan dibayar."
    )
    canvas = page.get_by_test_id("chart-owner-activity")
    expect(canvas).to_have_attribute("data-rendered", "true")
    assert canvas.evaluate(CHART_DRAWN)
    assert watch.violations(page) == []
    owner.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_without_chart_js_the_tables_remain(live_server, browser):
    """Fail soft: an offline build without static/vendor/ (or a blocked script) leaves the
    numbers readable: the chart boxes are hidden, every table is there."""
    build_programme()
    UserFactory(username="loket", roles=["counter_staff"])
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.route("**/static/vendor/chart.umd.min.js", lambda route: route.abort())
    admin_login(page, live_server.url, "loket", "/admin/dasbor/")
    expect(page.locator("html.no-charts")).to_have_count(1)
    expect(page.get_by_test_id("chart-funnel")).to_be_hidden()
    assert table_rows(page, "funnel")[0].split("\t")[:2] == ["Terdaftar", "12"]
    context.close()
