"""Every page a person reaches, per role, for the phone-size browser check (tests/e2e/
test_every_page_on_a_phone.py) and the screenshot command (scripts/screenshots).

A page is a fixed path or "the first link matching a selector on another page", so the same list
works on the demo data and on the check's own fixtures. Keep it complete: a new page a user
reaches belongs here, so the check and the screenshots see it.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page


@dataclass(frozen=True)
class Visit:
    role: str  # a key of the usernames given to visit_all; "pengunjung" is signed out
    name: str
    path: str
    link: str | None = None  # open `path`, then follow the first link matching this selector
    staff: bool = False  # a Wagtail admin page (desktop work; checked for reachability, not at 360 px)

    def url(self, page: Page, base_url: str) -> str | None:
        page.goto(base_url + self.path)
        if not self.link:
            return base_url + self.path
        link = page.locator(self.link).first
        if link.count() == 0:
            return None
        href = link.get_attribute("href")
        return href if href.startswith("http") else base_url + href


PUBLIC = "pengunjung"
OWNER = "pemilik"
BANK = "bank"
COUNTER = "loket"
TRAINING = "pelatihan"
CURATOR = "kurator"

VISITS = [
    Visit(PUBLIC, "beranda", "/"),
    Visit(PUBLIC, "katalog", "/produk/"),
    Visit(PUBLIC, "katalog-cari", "/produk/?q=kripik"),
    Visit(PUBLIC, "katalog-cari-salah-ketik", "/produk/?q=kripk+tmpe"),
    Visit(PUBLIC, "katalog-cari-kata-sehari-hari", "/produk/?q=cemilan"),
    Visit(PUBLIC, "katalog-cari-tanpa-hasil", "/produk/?q=zzzqqxx"),
    Visit(PUBLIC, "katalog-filter", "/produk/?category=makanan-minuman&sort=price_asc"),
    Visit(PUBLIC, "produk", "/produk/", link=".product-card a[href^='/produk/']:not([tabindex])"),
    Visit(PUBLIC, "direktori-usaha", "/usaha/"),
    Visit(PUBLIC, "profil-usaha", "/usaha/", link="main a[href^='/usaha/'][href$='/']:not([href='/usaha/'])"),
    Visit(PUBLIC, "pelatihan", "/pelatihan/"),
    Visit(PUBLIC, "sesi-pelatihan", "/pelatihan/", link="main a[href^='/pelatihan/sesi/']"),
    Visit(PUBLIC, "pembiayaan", "/pembiayaan/"),
    Visit(PUBLIC, "mitra", "/mitra/"),
    Visit(PUBLIC, "keranjang", "/keranjang/"),
    Visit(PUBLIC, "cek-pesanan", "/keranjang/pesanan/"),
    Visit(PUBLIC, "daftar-usaha", "/daftar-usaha/"),
    Visit(PUBLIC, "masuk", "/akun/login/"),
    Visit(PUBLIC, "lupa-sandi", "/akun/password_reset/"),
    Visit(OWNER, "akun", "/akun/"),
    Visit(OWNER, "produk-saya", "/akun/produk/"),
    Visit(OWNER, "produk-baru", "/akun/produk/baru/"),
    Visit(
        OWNER,
        "ubah-produk",
        "/akun/produk/",
        link="main a[href^='/akun/produk/'][href$='/']:not([href*='baru']):not([href*='impor'])",
    ),
    Visit(OWNER, "impor-produk", "/akun/produk/impor/"),
    Visit(OWNER, "pesanan-masuk", "/akun/pesanan/"),
    Visit(OWNER, "pembelian", "/akun/pembelian/"),
    Visit(OWNER, "ubah-usaha", "/akun/", link="[data-testid=edit-business]"),
    Visit(OWNER, "data-pribadi", "/akun/data/"),
    Visit(OWNER, "pembiayaan-pemilik", "/pembiayaan/"),
    Visit(OWNER, "pengajuan-pembiayaan", "/pembiayaan/pengajuan/"),
    Visit(OWNER, "mitra-produk", "/mitra/produk/"),
    Visit(BANK, "lead-bank", "/bank/"),
    Visit(BANK, "detail-lead", "/bank/", link="main a[href^='/bank/lead/']"),
    Visit(BANK, "dasbor-bank", "/bank/dasbor/"),
    Visit(COUNTER, "admin-beranda", "/admin/", staff=True),
    Visit(COUNTER, "antrean-verifikasi", "/admin/verifikasi/", staff=True),
    Visit(COUNTER, "moderasi-produk", "/admin/katalog/moderasi/", staff=True),
    Visit(COUNTER, "statistik-pembiayaan", "/bank/statistik/", staff=True),
    Visit(TRAINING, "admin-pelatihan", "/admin/", staff=True),
    Visit(TRAINING, "sesi-admin", "/admin/pelatihan/sesi/", staff=True),
    Visit(
        TRAINING,
        "kelola-sesi",
        "/admin/pelatihan/sesi/",
        link="a[href*='/admin/pelatihan/kelola/']:not([href*='absen'])",
        staff=True,
    ),
    Visit(CURATOR, "admin-kurator", "/admin/", staff=True),
]


def login(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/akun/login/")
    page.get_by_label("Nama pengguna atau email").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}
SCREENSHOT_SIZES = {
    "ponsel": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
MIN_TAP = 40  # px; WCAG 2.5.8 asks 24, people's thumbs ask more

# What a person on a phone would notice, measured in the page: anything wider than the screen,
# controls too small to tap, and form controls without a label (a screen reader reads nothing).
_PROBLEMS_JS = """(minTap) => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) problems.push(`page is ${document.documentElement.scrollWidth}px wide on a ${width}px screen`);
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? `[name=${el.name}]` : '') + ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30) + '"';
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  for (const el of document.querySelectorAll('main *, header *')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && !el.closest('.gallery-thumbs, [data-scrolls]')) {
      problems.push(`${describe(el)} reaches ${Math.round(r.right)}px`);
      break;
    }
  }
  const controls = 'button, select, textarea, input:not([type=hidden]), a.button, .site-nav a, .cart-link, .pagination a';
  for (const el of document.querySelectorAll(controls)) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    const box = (el.type === 'checkbox' || el.type === 'radio') && el.labels && el.labels[0] ? el.labels[0].getBoundingClientRect() : r;
    if (box.height < minTap - 0.5) problems.push(`${describe(el)} is ${Math.round(box.height)}px tall`);
  }
  for (const el of document.querySelectorAll('select, textarea, input:not([type=hidden]):not([type=submit]):not([type=button])')) {
    if (!visible(el)) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title;
    if (!named) problems.push(`${describe(el)} has no label`);
  }
  return problems;
}"""


def page_problems(page: Page) -> list[str]:
    return page.evaluate(_PROBLEMS_JS, MIN_TAP)


def walk(
    browser, base_url: str, role: str, *, username: str, password: str, context_args: dict, check: bool, on_page=None
) -> list[str]:
    """Opens every page of `role` in a fresh browser context (signed in unless the role is
    public) and returns what a person would notice: missing links, non-200 answers, console
    errors and, with `check`, page_problems on pages that are not staff pages. `on_page(visit,
    page)` runs on each page opened (the screenshot command takes its PNG there)."""
    context = browser.new_context(**context_args, locale="id-ID")
    page = context.new_page()
    errors: list[str] = []
    # Wagtail's userbar logs its accessibility checker's results to the console for staff.
    page.on(
        "console", lambda m: errors.append(m.text) if m.type == "error" and not m.text.startswith("axe.run") else None
    )
    if role != PUBLIC:
        login(page, base_url, username, password)
    found = []
    for visit in (v for v in VISITS if v.role == role):
        url = visit.url(page, base_url)
        if url is None:
            found.append(f"{visit.name}: no link {visit.link} on {visit.path}")
            continue
        errors.clear()
        response = page.goto(url)
        if response is None or response.status != 200:
            found.append(f"{visit.name}: HTTP {response.status if response else '?'} at {url}")
            continue
        if on_page:
            on_page(visit, page)
        if check and not visit.staff:
            found += [f"{visit.name}: {problem}" for problem in page_problems(page)]
        found += [f"{visit.name}: console: {error}" for error in errors]
    context.close()
    return found
