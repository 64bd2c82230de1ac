"""The Content-Security-Policy holds in a real browser: the main pages, the payment page with
Stripe.js (localstripe's stand-in), the Wagtail admin and the Swagger UI load and work without a
single CSP violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from catalog.models import ProductStatus
from portal import roles
from search.testing import index_now
from tests.catalog.factories import ProductFactory, make_checkout
from tests.e2e.helpers import login
from tests.portal.factories import BusinessFactory, UserFactory
from tests.training.factories import SessionFactory

# Collects every violation the page reports, from the first script on.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Watch:
    """Console messages and securitypolicyviolation events of one browser context."""

    def __init__(self, context):
        self.console: list[str] = []
        context.add_init_script(LISTEN)
        context.on("console", lambda message: self.console.append(message.text))
        context.on("page", lambda page: None)

    def violations(self, page: Page) -> list[str]:
        events = page.evaluate("window.__csp || []")
        console = [m for m in self.console if "Content Security Policy" in m or "Content-Security-Policy" in m]
        return [*events, *console]


def visit(page: Page, watch: Watch, url: str, ready: str = "main, #main, body") -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    assert "content-security-policy" in response.headers, url
    page.wait_for_load_state("networkidle")
    expect(page.locator(ready).first).to_be_visible()
    assert watch.violations(page) == [], url


def signed_in(page: Page, base: str, username: str) -> None:
    login(page, base, username)
    page.wait_for_load_state("networkidle")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_main_pages_pass_the_csp(live_server, browser, phone_context_args):
    base = live_server.url
    business = BusinessFactory(name="Bandeng Bu Tini", slug="bandeng-bu-tini", owner__username="tini")
    product = ProductFactory(business=business, name="Bandeng Presto", slug="bandeng-presto", stock=9)
    ProductFactory(business=business, status=ProductStatus.DRAFT)
    index_now()  # the catalogue lists through the search index (Celery indexes after commit)
    session = SessionFactory()
    context = browser.new_context(**phone_context_args)
    watch = Watch(context)
    page = context.new_page()

    for path in [
        "/",
        "/produk/",
        f"/produk/{product.slug}/",
        "/usaha/",
        f"/usaha/{business.slug}/",
        "/pelatihan/",
        f"/pelatihan/sesi/{session.pk}/",
        "/akun/login/",
        "/daftar-usaha/",
        "/en/produk/",
    ]:
        visit(page, watch, base + path)

    # The search box's suggestions are fetched by script (connect-src 'self').
    page.goto(base + "/produk/")
    page.get_by_test_id("site-search").fill("band")  # (not #id_q, the catalogue's own filter)
    # Until the debounced fetch has its answer, or the policy refused something on the way.
    page.wait_for_function(
        "() => window.__csp.length || performance.getEntriesByType('resource')"
        ".some((entry) => entry.name.includes('/api/v1/search/suggest/'))"
    )
    assert watch.violations(page) == []

    # Logged in as the owner: account, products, financing (form and results), cart, checkout.
    signed_in(page, base, "tini")
    for path in [
        "/akun/",
        "/akun/produk/",
        f"/akun/produk/{product.pk}/",
        "/akun/pesanan/",
        "/pembiayaan/",
        "/pembiayaan/pengajuan/",
        "/mitra/",
        "/keranjang/",
    ]:
        visit(page, watch, base + path)
    page.goto(base + "/pembiayaan/")
    page.get_by_label("Plafon yang dibutuhkan (Rp)").fill("25000000")
    page.get_by_label("Tujuan").select_option("modal_kerja")
    page.get_by_label("Jangka waktu (bulan)").fill("24")
    page.get_by_role("button", name="Cari produk yang cocok").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("kur-tier")).to_be_visible()
    assert watch.violations(page) == []

    # The cart and the checkout form (its script fills the desa list).
    page.goto(f"{base}/produk/{product.slug}/")
    page.get_by_role("button", name="Tambah ke keranjang").click()
    visit(page, watch, base + "/keranjang/")
    visit(page, watch, base + "/keranjang/checkout/")
    page.check("input[name=fulfilment][value=delivery]")
    page.select_option("#id_kecamatan", label="Kendal")
    expect(page.locator("#id_desa option").nth(1)).to_be_attached()
    assert watch.violations(page) == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_payment_page_with_stripe_js_passes_the_csp(live_server, browser):
    """Stripe.js is loaded from the origin in STRIPE_JS_URL, mounts its card form and talks to
    its API: all allowed by the policy, nothing else is."""
    base = live_server.url
    buyer = UserFactory(username="budi")
    product = ProductFactory(stock=5, price=20_000)
    checkout = make_checkout((product, 1), buyer=buyer)
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    signed_in(page, base, "budi")
    visit(page, watch, f"{base}/keranjang/bayar/{checkout.reference}/", ready="#payment-form")
    card = page.locator("#card-element")
    expect(card.locator("input[placeholder=number]")).to_be_visible()
    card.locator("input[placeholder=number]").fill("4242424242424242")
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("30")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("51311")
    page.get_by_role("button", name="Bayar Rp 20.000").click()
    expect(page.locator("#payment-wait")).to_be_visible(timeout=15_000)
    assert watch.violations(page) == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_admin_and_api_docs_pass_the_csp(live_server, browser):
    base = live_server.url
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    UserFactory(username="loket", roles=[roles.COUNTER_STAFF])
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    visit(page, watch, f"{base}/api/v1/docs/", ready=".swagger-ui .info")
    expect(page.get_by_text("Etalase MPP API")).to_be_visible()

    signed_in(page, base, "admin")
    for path in [
        "/admin/",
        "/admin/pages/",
        "/admin/images/",
        "/admin/verifikasi/",
        "/admin/katalog/moderasi/",
        "/admin/mitra/",
    ]:
        visit(page, watch, base + path)
    signed_in(page, base, "loket")
    visit(page, watch, f"{base}/admin/verifikasi/")
