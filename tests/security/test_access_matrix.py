"""Every URL the portal serves, requested as every role, answers as the table below says.

The URL list is not written by hand: it is walked from the resolver (site, API and our own
Wagtail admin views), path parameters are filled from one fixture world (owner A's business,
product, order, leads, registration...), and each route must appear in EXPECTED. A new view
without a permission decision therefore fails `test_every_route_has_a_decision` until someone
writes its row. Wagtail's and Django's own admin internals are represented by their entry
points (/admin/, /django-admin/), not walked one by one.

Outcomes: 200 / 400 / 403 / 404 / 405 / ... the status code; `login` a redirect to a login
page; `dash` Wagtail's "no permission" redirect to the dashboard; `go` any other redirect
(a permitted POST that redirects back). Row = roles in ROLES order.

To print what the portal answers now (when adding a row): ACCESS_MATRIX_PRINT=1 pytest -s ...
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from portal import roles

ROLES = ["anon", "owner_a", "owner_b", "counter", "training", "bri", "bkk", "curator", "admin"]

# Our own URL namespaces inside the Wagtail admin (first path segment after admin/).
PROJECT_ADMIN_PREFIXES = {
    "dasbor",
    "verifikasi",
    "sengketa-nik",
    "katalog",
    "mitra",
    "pelatihan",
    "financing_product",
    "financing_lender",
    "financing_branch",
    "financing_officer",
    "catalog_category",
    "search_synonym",
    "data-pribadi",
}
# Wagtail's own admin sections: covered by the /admin/ entry point row and Wagtail's tests.
WAGTAIL_ADMIN_PREFIXES = {
    "",
    "pages",
    "workflows",
    "images",
    "documents",
    "snippets",
    "reports",
    "api",
    "users",
    "sites",
    "groups",
    "redirects",
    "forms",
    "collections",
    "password_reset",
    "choose-page",
    "settings",
    "tag-autocomplete",
    "embeds",
    "editing-sessions",
    "test404",
    "sprite",
    "logout",
    "login",
    "jsi18n",
    "failwhale",
    "dismissibles",
    "choose-phone-link",
    "choose-external-link",
    "choose-email-link",
    "choose-anchor-link",
    "bulk",
    "block-preview",
    "account",
    "^.*",
}

# (route, method): outcomes for anon owner_a owner_b counter training bri bkk curator admin
EXPECTED: dict[tuple[str, str], str] = {}


def row(route: str, method: str, outcomes: str) -> None:
    cells = outcomes.split()
    assert len(cells) == len(ROLES), (route, method, cells)
    EXPECTED[(route, method)] = outcomes


# fmt: off
#   route                                                  method  anon   ownA   ownB   loket  latih  bri    bkk    kurat  admin
# --- public site ---
row("",                                                    "GET", "200    200    200    200    200    200    200    200    200")
row("healthz",                                             "GET", "200    200    200    200    200    200    200    200    200")
row("i18n/setlang/",                                       "POST", "go     go     go     go     go     go     go     go     go")
row("produk/",                                             "GET", "200    200    200    200    200    200    200    200    200")
row("produk/dilihat/<int:pk>/",                             "POST", "204    204    204    204    204    204    204    204    204")
row("produk/<slug:slug>/",                                 "GET", "200    200    200    200    200    200    200    200    200")
row("usaha/",                                              "GET", "200    200    200    200    200    200    200    200    200")
row("usaha/<slug:slug>/",                                  "GET", "200    200    200    200    200    200    200    200    200")
row("pelatihan/",                                          "GET", "200    200    200    200    200    200    200    200    200")
row("pelatihan/sesi/<int:pk>/",                            "GET", "200    200    200    200    200    200    200    200    200")
row("pelatihan/sesi/<int:pk>/kalender.ics",                "GET", "200    200    200    200    200    200    200    200    200")
row("sertifikat/<str:code>/",                              "GET", "200    200    200    200    200    200    200    200    200")
row("sertifikat/<str:code>/pdf/",                          "GET", "200    200    200    200    200    200    200    200    200")
row("daftar-usaha/status/<str:number>/<str:token>/",       "GET", "200    200    200    200    200    200    200    200    200")
row("mitra/",                                              "GET", "200    200    200    200    200    200    200    200    200")
row("webhooks/stripe/",                                    "POST", "400    400    400    400    400    400    400    400    400")
# --- accounts ---
row("akun/",                                               "GET", "login  200    200    200    200    200    200    200    200")
row("akun/login/",                                         "GET", "200    200    200    200    200    200    200    200    200")
row("akun/logout/",                                        "POST", "go     go     go     go     go     go     go     go     go")
row("akun/password_change/",                               "GET", "login  200    200    200    200    200    200    200    200")
row("akun/password_change/done/",                          "GET", "login  200    200    200    200    200    200    200    200")
row("akun/password_reset/",                                "GET", "200    200    200    200    200    200    200    200    200")
row("akun/password_reset/done/",                           "GET", "200    200    200    200    200    200    200    200    200")
row("akun/reset/<uidb64>/<token>/",                        "GET", "200    200    200    200    200    200    200    200    200")
row("akun/reset/done/",                                    "GET", "200    200    200    200    200    200    200    200    200")
# --- business registration (owner A's draft) ---
row("daftar-usaha/",                                       "GET", "200    200    200    200    200    200    200    200    200")
row("daftar-usaha/loket/",                                 "GET", "login  403    403    200    403    403    403    403    200")
row("daftar-usaha/<int:pk>/<slug:step>/",                  "GET", "login  200    404    404    404    404    404    404    200")
row("daftar-usaha/<int:pk>/selesai/",                      "GET", "login  200    404    404    404    404    404    404    200")
row("daftar-usaha/<int:pk>/tanda-terima.pdf",              "GET", "login  200    404    404    404    404    404    404    200")
row("daftar-usaha/kbli/",                                  "GET", "400    400    400    400    400    400    400    400    400")
row("daftar-usaha/periksa-email/",                         "GET", "200    200    200    200    200    200    200    200    200")
# An unknown signup link (a real one is tested in test_oracles.py): the same 404 for everyone.
row("daftar-usaha/konfirmasi/<str:token>/",                "GET", "404    404    404    404    404    404    404    404    404")
# --- owner's own business after submission (owner A's verified business); staff use the admin ---
row("akun/usaha/<int:pk>/ubah/",                           "GET", "login  200    404    404    404    404    404    404    404")
row("akun/usaha/<int:pk>/sertifikat/",                     "GET", "login  200    404    404    404    404    404    404    404")
# --- owner's catalogue (owner A's product, order) ---
row("akun/produk/",                                        "GET", "login  200    200    200    200    200    200    200    200")
row("akun/produk/baru/",                                   "GET", "login  200    200    200    200    200    200    200    200")
row("akun/produk/impor/",                                  "GET", "login  200    200    200    200    200    200    200    200")
row("akun/produk/impor/contoh.csv",                        "GET", "login  200    200    200    200    200    200    200    200")
row("akun/produk/<int:pk>/",                               "GET", "login  200    404    404    404    404    404    404    404")
row("akun/produk/<int:pk>/stok/",                          "POST", "login  go     404    404    404    404    404    404    404")
row("akun/produk/<int:pk>/foto/<int:image_pk>/hapus/",     "POST", "login  go     404    404    404    404    404    404    404")
row("akun/produk/<int:pk>/<str:action>/",                  "POST", "login  go     404    404    404    404    404    404    404")
row("akun/pesanan/",                                       "GET", "login  200    200    200    200    200    200    200    200")
row("akun/pesanan/<str:number>/status/",                   "POST", "login  go     404    404    404    404    404    404    404")
row("akun/pembelian/",                                     "GET", "login  200    200    200    200    200    200    200    200")
# --- personal data rights (the pk is owner A's deletion request / consent) ---
row("akun/data/",                                          "GET", "login  200    200    200    200    200    200    200    200")
row("akun/data/salinan/",                                  "POST", "login  go     go     go     go     go     go     go     go")
row("akun/data/permintaan/<int:pk>/status/",               "GET", "login  200    404    404    404    404    404    404    404")
row("akun/data/permintaan/<int:pk>/unduh/",                "GET", "login  go     404    404    404    404    404    404    404")
row("akun/data/hapus/",                                    "POST", "login  go     go     go     go     go     go     go     go")
row("akun/data/persetujuan/<int:pk>/tarik/",               "POST", "login  go     404    404    404    404    404    404    404")
row("akun/aktivitas.csv",                                "GET", "login  200    404    404    404    404    404    404    404")
# --- cart and payment (owner A's cart line; owner B's checkout) ---
row("keranjang/",                                          "GET", "200    200    200    200    200    200    200    200    200")
row("keranjang/tambah/",                                   "POST", "go     go     go     go     go     go     go     go     go")
row("keranjang/baris/<int:item_id>/",                      "POST", "go     go     go     go     go     go     go     go     go")
row("keranjang/checkout/",                                 "GET", "go     go     go     go     go     go     go     go     go")
row("keranjang/bayar/<str:reference>/",                    "GET", "404    404    200    404    404    404    404    404    404")
row("keranjang/bayar/<str:reference>/konfirmasi/",         "POST", "404    404    400    404    404    404    404    404    404")
row("keranjang/bayar/<str:reference>/status/",             "GET", "404    404    200    404    404    404    404    404    404")
row("keranjang/bayar/<str:reference>/batal/",              "POST", "404    404    400    404    404    404    404    404    404")
row("keranjang/pesanan/",                                  "GET", "200    200    200    200    200    200    200    200    200")
row("keranjang/pesanan/<str:reference>/<str:token>/",      "GET", "404    404    404    404    404    404    404    404    404")
row("favicon.ico",                                         "GET", "go     go     go     go     go     go     go     go     go")
# --- financing (owner A's consent; leads to BRI and BPR BKK; the BKK lead in the URL) ---
row("pembiayaan/",                                         "GET", "200    200    200    200    200    200    200    200    200")
row("pembiayaan/hasil/",                                   "GET", "login  400    400    400    400    400    400    400    400")
row("pembiayaan/persetujuan/",                             "GET", "login  400    400    400    400    400    400    400    400")
row("pembiayaan/pengajuan/",                               "GET", "login  200    200    200    200    200    200    200    200")
row("pembiayaan/persetujuan/<int:pk>/tarik/",              "POST", "login  go     404    404    404    404    404    404    404")
row("bank/",                                               "GET", "login  403    403    403    403    200    200    403    403")
row("bank/lead/<int:pk>/",                                 "GET", "login  403    403    403    403    404    200    403    403")
row("bank/lead/<int:pk>/dokumen/<int:certification_pk>/",  "GET", "login  403    403    403    403    404    200    403    403")
row("bank/lead/<int:pk>/status/",                          "POST", "login  403    403    403    403    404    400    403    403")
row("bank/ekspor.csv",                                     "GET", "login  403    403    403    403    200    200    403    403")
row("bank/dasbor/",                                         "GET", "login  403    403    403    403    200    200    403    403")
row("bank/dasbor/csv/<slug:key>/",                         "GET", "login  403    403    403    403    200    200    403    403")
row("bank/statistik/",                                     "GET", "login  403    403    200    403    403    403    403    200")
# --- training (owner A's registration; the session's organiser is the officer's) ---
row("pelatihan/sesi/<int:pk>/daftar/",                     "POST", "login  200    200    200    200    200    200    200    200")
row("pelatihan/pendaftaran/<str:code>/",                   "GET", "login  200    403    200    200    403    403    403    200")
row("pelatihan/pendaftaran/<str:code>/qr.svg",             "GET", "login  200    403    200    200    403    403    403    200")
row("pelatihan/pendaftaran/<str:code>/batal/",             "POST", "login  go     403    go     go     403    403    403    go")
row("pelatihan/pendaftaran/<str:code>/konfirmasi/",        "POST", "login  go     403    go     go     403    403    403    go")
row("pelatihan/pendaftaran/<str:code>/umpan-balik/",       "POST", "login  go     403    go     go     403    403    403    go")
# Moved into the admin (admin/pelatihan/kelola/...): old links redirect there, for anyone.
row("pelatihan/absen/<int:pk>/",                           "GET", "go     go     go     go     go     go     go     go     go")
row("pelatihan/kelola/<int:pk>/",                          "GET", "go     go     go     go     go     go     go     go     go")
row("pelatihan/kelola/<int:pk>/ekspor/<str:kind>.xlsx",    "GET", "go     go     go     go     go     go     go     go     go")
# --- partners, owner side (owner A's product and business) ---
row("mitra/produk/",                                       "GET", "login  200    200    200    200    200    200    200    200")
row("mitra/produk/<int:pk>/<slug:channel>/",               "GET", "login  200    404    404    404    404    404    404    404")
row("mitra/produk/<int:pk>/<slug:channel>/ikut/",          "POST", "login  go     404    404    404    404    404    404    404")
row("mitra/usaha/<int:pk>/jam/",                           "GET", "login  200    404    404    404    404    404    404    404")
# --- API ---
row("api/v1/schema/",                                      "GET", "200    200    200    200    200    200    200    200    200")
row("api/v1/docs/",                                        "GET", "200    200    200    200    200    200    200    200    200")
row("api/v1/businesses/",                                  "GET", "200    200    200    200    200    200    200    200    200")
row("api/v1/businesses/<int:pk>/",                         "GET", "200    200    200    200    200    200    200    200    200")
row("api/v1/products/",                                    "GET", "200    200    200    200    200    200    200    200    200")
row("api/v1/products/<int:pk>/",                           "GET", "200    200    200    200    200    200    200    200    200")
row("api/v1/search/suggest/",                              "GET", "200    200    200    200    200    200    200    200    200")
row("api/v1/search/products/",                             "GET", "200    200    200    200    200    200    200    200    200")
row("api/v1/financing/match/",                             "POST", "400    400    400    400    400    400    400    400    400")
row("api/v1/training/sessions/",                           "GET", "200    200    200    200    200    200    200    200    200")
row("api/v1/partners/<slug:channel>/listings/",            "GET", "401    401    401    401    401    401    401    401    401")
# --- our views inside the Wagtail admin ---
row("admin/",                                              "GET", "login  login  login  200    200    login  login  200    200")
row("django-admin/",                                       "GET", "login  login  login  login  login  login  login  login  200")
row("admin/dasbor/",                                        "GET", "login  login  login  200    200    login  login  200    200")
row("admin/dasbor/csv/<slug:key>/",                        "GET", "login  login  login  200    200    login  login  200    200")
row("admin/verifikasi/",                                   "GET", "login  login  login  200    403    login  login  403    200")
row("admin/sengketa-nik/",                                 "GET", "login  login  login  200    403    login  login  403    200")
row("admin/verifikasi/<int:pk>/",                          "GET", "login  login  login  200    403    login  login  403    200")
row("admin/verifikasi/dokumen/<int:pk>/",                  "GET", "login  login  login  200    403    login  login  403    200")
row("admin/data-pribadi/",                                 "GET", "login  login  login  200    403    login  login  403    200")
row("admin/data-pribadi/<int:pk>/",                        "GET", "login  login  login  200    403    login  login  403    200")
row("admin/data-pribadi/<int:pk>/<slug:action>/",          "POST", "login  login  login  go     403    login  login  403    go")
row("admin/verifikasi/sertifikat/<int:pk>/periksa/",       "POST", "login  login  login  go     403    login  login  403    go")
row("admin/pelatihan/kelola/<int:pk>/",                    "GET", "login  login  login  dash   200    login  login  dash   200")
row("admin/pelatihan/kelola/<int:pk>/absen/",              "GET", "login  login  login  dash   200    login  login  dash   200")
row("admin/pelatihan/kelola/<int:pk>/ekspor/<str:kind>.xlsx", "GET", "login  login  login  dash   200    login  login  dash   200")
row("admin/katalog/moderasi/",                             "GET", "login  login  login  200    dash   login  login  dash   200")
row("admin/katalog/moderasi/<int:pk>/",                    "GET", "login  login  login  200    dash   login  login  dash   200")
row("admin/katalog/pembayaran/",                           "GET", "login  login  login  200    dash   login  login  dash   200")
row("admin/katalog/pembayaran/<int:pk>/refund/",           "POST", "login  login  login  go     dash   login  login  dash   go")
row("admin/mitra/",                                        "GET", "login  login  login  dash   dash   login  login  200    200")
row("admin/mitra/batch/<int:pk>/",                         "GET", "login  login  login  dash   dash   login  login  200    200")
row("admin/mitra/batch/<int:pk>/ekspor/",                  "POST", "login  login  login  dash   dash   login  login  go     go")
row("admin/mitra/batch/<int:pk>/<str:action>/",            "POST", "login  login  login  dash   dash   login  login  go     go")
row("admin/mitra/ekspor/",                                 "GET", "login  login  login  dash   dash   login  login  200    200")
row("admin/mitra/ekspor/<int:pk>/",                        "GET", "login  login  login  dash   dash   login  login  200    200")
row("admin/mitra/ekspor/<int:pk>/status/",                 "GET", "login  login  login  dash   dash   login  login  200    200")
row("admin/mitra/ekspor/<int:pk>/unduh/<str:kind>/",       "GET", "login  login  login  dash   dash   login  login  200    200")
row("admin/mitra/kanal/",                                  "GET", "login  login  login  dash   dash   login  login  200    200")
row("admin/mitra/kanal/<int:pk>/",                         "GET", "login  login  login  dash   dash   login  login  200    200")
row("admin/mitra/kanal/<int:pk>/token/",                   "POST", "login  login  login  dash   dash   login  login  200    200")
# fmt: on

# Wagtail model viewsets of ours: every route of each, with the object's pk. Who may open them
# is decided by Django model permissions given to the groups by migrations.
VIEWSET_OUTCOMES = {
    # route prefix                  anon   ownA   ownB   loket  latih  bri    bkk    kurat  admin
    "admin/financing_product/": "login  login  login  dash   dash   login  login  dash   200",
    "admin/financing_lender/": "login  login  login  dash   dash   login  login  dash   200",
    "admin/financing_branch/": "login  login  login  dash   dash   login  login  dash   200",
    "admin/financing_officer/": "login  login  login  dash   dash   login  login  dash   200",
    "admin/catalog_category/": "login  login  login  200    dash   login  login  dash   200",
    "admin/search_synonym/": "login  login  login  dash   dash   login  login  dash   200",
    "admin/pelatihan/program/": "login  login  login  dash   200    login  login  dash   200",
    "admin/pelatihan/sesi/": "login  login  login  dash   200    login  login  dash   200",
    "admin/pelatihan/petugas/": "login  login  login  dash   dash   login  login  dash   200",
}


# --- walking the resolver ----------------------------------------------------------------------


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern
        elif isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))


def all_routes() -> list[str]:
    """Every route, without the language prefix (i18n_patterns add /en/ in front)."""
    routes = []
    for route, _pattern in _walk(get_resolver().url_patterns):
        route = re.sub(r"^\^?en/", "", route)
        if route not in routes:
            routes.append(route)
    return routes


def classify(route: str) -> str:
    """'table', 'viewset:<prefix>', 'wagtail' (Wagtail's/Django's internals) or 'unknown'."""
    if route.startswith("django-admin/"):
        return "table" if route == "django-admin/" else "wagtail"
    if route.startswith("admin/"):
        prefix = route.split("/")[1]
        if route == "admin/":
            return "table"
        for viewset in VIEWSET_OUTCOMES:
            if route.startswith(viewset):
                return f"viewset:{viewset}"
        if prefix in PROJECT_ADMIN_PREFIXES:
            return "table"
        if prefix in WAGTAIL_ADMIN_PREFIXES:
            return "wagtail"
        return "unknown"
    if route.startswith(("documents/", "_util/")):
        return "wagtail"
    if route == "^((?:[\\w\\-]+/)*)$":  # Wagtail's page serving: the home page row ("")
        return "wagtail"
    return "table"


def test_every_route_has_a_decision():
    """A route nobody decided about fails here: add its row to EXPECTED."""
    missing = []
    for route in all_routes():
        kind = classify(route)
        if kind == "unknown" or (kind == "table" and not any(r == route for r, _m in EXPECTED)):
            missing.append(route)
    assert missing == [], f"routes without an access decision: {missing}"
    stale = [key for key in EXPECTED if key[0] and key[0] not in all_routes()]
    assert stale == [], f"rows for routes that no longer exist: {stale}"


# --- the fixture world -------------------------------------------------------------------------


@dataclass
class World:
    users: dict
    values: dict  # (route, param) or param -> value


def _world() -> World:
    from catalog.models import Cart, CartItem
    from financing.models import BankOfficer, Lead, Lender, LenderBranch, LoanProduct
    from partners.models import CurationBatch, ExportFormat, ExportJob
    from registry.models import BusinessStatus, Consent
    from search.models import SearchSynonym
    from tests.catalog.factories import ProductFactory, make_checkout
    from tests.financing.factories import BankOfficerFactory, submit
    from tests.partners.factories import ChannelListingFactory, add_photo, channel
    from tests.portal.factories import BusinessFactory, CertificationFactory, OwnerFactory, UserFactory
    from tests.training.factories import RegistrationFactory, SessionFactory, TrainingOfficerFactory
    from training.models import Certificate

    owner_a = OwnerFactory(username="owner-a")
    owner_b = OwnerFactory(username="owner-b")
    business_a = BusinessFactory(owner=owner_a, name="Usaha A", slug="usaha-a")
    BusinessFactory(owner=owner_b, name="Usaha B", slug="usaha-b")
    draft_a = BusinessFactory(
        owner=owner_a, name="Draf A", slug="draf-a", status=BusinessStatus.DRAFT, verified_at=None, registration_step=5
    )
    scan = CertificationFactory(business=business_a)
    scan.scan.save("halal.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    product_a = ProductFactory(business=business_a, slug="produk-a", stock=20)
    image = add_photo(product_a)
    checkout = make_checkout((product_a, 1), buyer=owner_b)
    order = checkout.orders.get()
    cart = Cart.objects.create(user=owner_a)
    line = CartItem.objects.create(cart=cart, product=ProductFactory(), quantity=1)

    bri = BankOfficerFactory(user__username="bri")
    bkk = BankOfficerFactory(user__username="bkk", lender=Lender.objects.get(code="bpr-bkk-kendal"))
    submit(business_a, ["kur-mikro", "bkk-modal-kerja"])
    bkk_lead = Lead.objects.get(business=business_a, lender__code="bpr-bkk-kendal")
    consent = Consent.objects.filter(user=owner_a, withdrawn_at__isnull=True).order_by("pk").first()
    from privacy.models import DataRequest

    deletion = DataRequest.objects.create(user=owner_a, kind="deletion", reason="matrix")

    officer = TrainingOfficerFactory(user__username="latih")
    session = SessionFactory()
    registration = RegistrationFactory(session=session, business=business_a)
    certificate = Certificate.objects.create(
        registration=registration,
        business=business_a,
        participant_name="Sri",
        programme_title="Kemasan",
        organiser=session.programme.organiser,
        first_day=session.first_day,
        last_day=session.last_day,
        days_attended=1,
    )

    gofood = channel("gofood")
    ChannelListingFactory(product=product_a, channel=gofood)
    batch = CurationBatch.objects.create(channel=gofood, name="Batch 1")
    job = ExportJob.objects.create(channel=gofood, file_format=ExportFormat.CSV)
    job.file.save("export.csv", ContentFile(b"a,b\n"), save=True)
    branch = LenderBranch.objects.create(lender=Lender.objects.get(code="bri"), code="unit-x", name="Unit X")
    synonym = SearchSynonym.objects.create(term="kripik", variants="keripik")

    from registry.registration import status_token as _status_token

    users = {
        "anon": None,
        "owner_a": owner_a,
        "owner_b": owner_b,
        "counter": UserFactory(username="loket", roles=[roles.COUNTER_STAFF]),
        "training": officer.user,
        "bri": bri.user,
        "bkk": bkk.user,
        "curator": UserFactory(username="kurator", roles=[roles.PARTNER_CURATOR]),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True, roles=[roles.ADMINISTRATOR]),
    }
    values = {
        ("produk/<slug:slug>/", "slug"): product_a.slug,
        ("produk/dilihat/", "pk"): product_a.pk,
        ("admin/dasbor/csv/", "key"): _first_figure_key("staff"),
        ("bank/dasbor/csv/", "key"): _first_figure_key("bank", bri),
        ("usaha/<slug:slug>/", "slug"): business_a.slug,
        ("daftar-usaha/", "pk"): draft_a.pk,
        ("daftar-usaha/", "step"): "persetujuan",
        ("daftar-usaha/status/", "number"): business_a.registration_number,
        ("daftar-usaha/status/", "token"): _status_token(business_a.registration_number),
        ("daftar-usaha/konfirmasi/", "token"): "tautan-yang-tidak-ada",
        ("akun/produk/", "pk"): product_a.pk,
        ("akun/produk/", "image_pk"): image.pk,
        ("akun/produk/", "action"): "duplicate",
        ("akun/pesanan/", "number"): order.number,
        ("akun/reset/", "uidb64"): "MQ",
        ("akun/reset/", "token"): "set-password",
        ("keranjang/baris/", "item_id"): line.pk,
        ("keranjang/bayar/", "reference"): checkout.reference,
        ("keranjang/pesanan/", "reference"): checkout.reference,
        ("keranjang/pesanan/", "token"): "tanpa-tanda-tangan",  # a forged link: the signed one is tested elsewhere
        ("pembiayaan/persetujuan/", "pk"): consent.pk if consent else 0,
        ("akun/data/permintaan/", "pk"): deletion.pk,
        ("akun/data/persetujuan/", "pk"): consent.pk if consent else 0,
        ("admin/data-pribadi/", "pk"): deletion.pk,
        ("admin/data-pribadi/", "action"): "reject",
        ("bank/lead/", "pk"): bkk_lead.pk,
        ("bank/lead/", "certification_pk"): scan.pk,
        ("pelatihan/sesi/", "pk"): session.pk,
        ("pelatihan/pendaftaran/", "code"): registration.code,
        ("pelatihan/absen/", "pk"): session.pk,
        ("pelatihan/kelola/", "pk"): session.pk,
        ("pelatihan/kelola/", "kind"): "peserta",
        ("admin/pelatihan/kelola/", "pk"): session.pk,
        ("admin/pelatihan/kelola/", "kind"): "peserta",
        ("sertifikat/", "code"): certificate.code,
        ("mitra/produk/", "pk"): product_a.pk,
        ("mitra/produk/", "channel"): "gofood",
        ("mitra/usaha/", "pk"): business_a.pk,
        ("api/v1/businesses/", "pk"): business_a.pk,
        ("api/v1/products/", "pk"): product_a.pk,
        ("api/v1/partners/", "channel"): "gofood",
        ("admin/verifikasi/dokumen/", "pk"): scan.pk,
        ("admin/verifikasi/sertifikat/", "pk"): scan.pk,
        ("akun/usaha/", "pk"): business_a.pk,
        ("admin/verifikasi/", "pk"): draft_a.pk,
        ("admin/katalog/moderasi/", "pk"): product_a.pk,
        ("admin/katalog/pembayaran/", "pk"): checkout.pk,
        ("admin/mitra/batch/", "pk"): batch.pk,
        ("admin/mitra/batch/", "action"): "add",
        ("admin/mitra/ekspor/", "pk"): job.pk,
        ("admin/mitra/ekspor/", "kind"): "file",
        ("admin/mitra/kanal/", "pk"): gofood.pk,
        ("admin/financing_product/", "pk"): LoanProduct.objects.first().pk,
        ("admin/financing_lender/", "pk"): Lender.objects.first().pk,
        ("admin/financing_branch/", "pk"): branch.pk,
        ("admin/financing_officer/", "pk"): BankOfficer.objects.first().pk,
        ("admin/catalog_category/", "pk"): product_a.category.pk,
        ("admin/search_synonym/", "pk"): synonym.pk,
        ("admin/pelatihan/program/", "pk"): session.programme.pk,
        ("admin/pelatihan/sesi/", "pk"): session.pk,
        ("admin/pelatihan/petugas/", "pk"): officer.pk,
    }
    return World(users=users, values=values)


def _first_figure_key(kind: str, officer=None) -> str:
    from registry.dashboard_filters import DashboardFilterForm

    filters = DashboardFilterForm(None).filters()
    if kind == "bank":
        from financing.dashboards import bank_figures

        return bank_figures(officer, filters)[0]["key"]
    from dashboards.staff import staff_figures

    return staff_figures(filters)[0]["key"]


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(route: str, values: dict) -> str:
    def value_for(match):
        name = match.group(2)
        candidates = sorted(
            (key for key in values if isinstance(key, tuple) and route.startswith(key[0]) and key[1] == name),
            key=lambda key: -len(key[0]),
        )
        if not candidates:
            raise KeyError(f"no value for <{name}> in {route}")
        return str(values[candidates[0]])

    return "/" + PARAM.sub(value_for, route)


def outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if "/login/" in location:
            return "login"
        if location.rstrip("/").endswith("/admin") or location == "/admin/":
            return "dash"
        return "go"
    return str(response.status_code)


def request(client: Client, method: str, path: str):
    if method == "POST":
        if path.startswith("/api/"):
            return client.post(path, data="{}", content_type="application/json")
        return client.post(path, {})
    return client.get(path)


def cases() -> list[tuple[str, str, str]]:
    """(route, method, expected row) for every table row and every viewset route."""
    items = [(route, method, outcomes) for (route, method), outcomes in EXPECTED.items()]
    for route in all_routes():
        kind = classify(route)
        if kind.startswith("viewset:"):
            prefix = kind.split(":", 1)[1]
            items.append((route, "GET", VIEWSET_OUTCOMES[prefix]))
    return items


@pytest.mark.django_db
def test_access_matrix(settings):
    """Each route as each role. A fresh world per role would be slow; instead every role gets
    its own client on one world, and state-changing POSTs use empty forms (refused or no-op)."""
    settings.AXES_ENABLED = False
    world = _world()

    def logged_in_clients():
        clients = {}
        for role, user in world.users.items():
            clients[role] = Client()
            if user is not None:
                clients[role].force_login(user)
        return clients

    clients = logged_in_clients()

    printing = os.environ.get("ACCESS_MATRIX_PRINT")
    failures, requests_sent = [], 0
    for route, method, expected in cases():
        if "<" in route:
            path = fill(route, world.values)
        else:
            path = "/" + route
        got = []
        for role in ROLES:
            response = request(clients[role], method, path)
            requests_sent += 1
            got.append(outcome(response))
        if route == "akun/logout/":
            clients = logged_in_clients()
        want = expected.split()
        if printing:
            print(f'row({route!r:55}, "{method}", "{"  ".join(f"{c:5}" for c in got).rstrip()}")')
        for role, w, g in zip(ROLES, want, got):
            if w != g:
                failures.append(f"{method} {path} as {role}: expected {w}, got {g}")
    assert requests_sent > 500
    assert failures == [], "\n".join(failures)


# --- object-level checks beyond the matrix -----------------------------------------------------


@pytest.mark.django_db
def test_owner_b_cannot_touch_owner_a_objects(client):
    """Requests on owner A's ids as owner B are refused or change nothing."""
    from catalog.models import Cart, CartItem, Order, Product
    from financing.models import Lead, LeadStatus
    from tests.catalog.factories import ProductFactory, make_checkout
    from tests.financing.factories import submit
    from tests.portal.factories import BusinessFactory

    business_a = BusinessFactory()
    business_b = BusinessFactory()
    product_a = ProductFactory(business=business_a, stock=10)
    line = CartItem.objects.create(
        cart=Cart.objects.create(user=business_a.owner), product=ProductFactory(), quantity=2
    )
    order = make_checkout((product_a, 1)).orders.get()
    order_status = order.status
    submit(business_a, ["kur-mikro"])
    lead = Lead.objects.get(business=business_a)
    client.force_login(business_b.owner)

    client.post(f"/keranjang/baris/{line.pk}/", {"quantity": "0"})
    assert CartItem.objects.filter(pk=line.pk, quantity=2).exists()
    assert client.post(f"/akun/produk/{product_a.pk}/stok/", {"stock": "0"}).status_code == 404
    assert client.post(f"/akun/produk/{product_a.pk}/archive/").status_code == 404
    assert (
        Product.objects.get(pk=product_a.pk).stock == 9 and Product.objects.get(pk=product_a.pk).status == "published"
    )
    assert client.post(f"/akun/pesanan/{order.number}/status/", {"to": "cancelled"}).status_code == 404
    assert Order.objects.get(pk=order.pk).status == order_status
    assert client.get(f"/mitra/usaha/{business_a.pk}/jam/").status_code == 404
    assert client.get(f"/bank/lead/{lead.pk}/").status_code == 403
    assert client.post(f"/bank/lead/{lead.pk}/status/", {"to_status": "contacted"}).status_code == 403
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.NEW
    # Nothing of A's leaks into B's own lists.
    for path in ["/akun/produk/", "/akun/pesanan/", "/pembiayaan/pengajuan/", "/akun/"]:
        html = client.get(path).content.decode()
        assert business_a.name not in html and product_a.name not in html, path


@pytest.mark.django_db
def test_bank_officers_see_only_their_lenders_leads(client):
    from financing.models import Lead, Lender
    from tests.financing.factories import BankOfficerFactory, submit
    from tests.portal.factories import BusinessFactory

    business = BusinessFactory()
    submit(business, ["kur-mikro", "bkk-modal-kerja"])
    bri_lead = Lead.objects.get(business=business, lender__code="bri")
    bkk_lead = Lead.objects.get(business=business, lender__code="bpr-bkk-kendal")
    bri = BankOfficerFactory().user
    bkk = BankOfficerFactory(lender=Lender.objects.get(code="bpr-bkk-kendal")).user
    for officer, own, other in [(bri, bri_lead, bkk_lead), (bkk, bkk_lead, bri_lead)]:
        client.force_login(officer)
        assert client.get(f"/bank/lead/{own.pk}/").status_code == 200
        assert client.get(f"/bank/lead/{other.pk}/").status_code == 404
        assert client.post(f"/bank/lead/{other.pk}/status/", {"to_status": "contacted"}).status_code == 404
        export = client.get("/bank/ekspor.csv").content.decode()
        assert str(own.pk) in export or business.name in export
        listing = client.get("/bank/").content.decode()
        assert f"/bank/lead/{other.pk}/" not in listing and f"/bank/lead/{own.pk}/" in listing


@pytest.mark.django_db
def test_training_officers_manage_only_their_organisers_sessions(client):
    from tests.training.factories import SessionFactory, TrainingOfficerFactory
    from training.models import Organiser

    officer = TrainingOfficerFactory(organiser=Organiser.DISPERINKOP)
    other_session = SessionFactory(programme__organiser=[o for o in Organiser.values if o != Organiser.DISPERINKOP][0])
    client.force_login(officer.user)
    for path in ("", "absen/", "ekspor/peserta.xlsx"):  # Wagtail sends the refused back to the admin home
        response = client.get(f"/admin/pelatihan/kelola/{other_session.pk}/{path}")
        assert (response.status_code, response["Location"]) == (302, "/admin/"), path
    edit = client.get(f"/admin/pelatihan/sesi/edit/{other_session.pk}/")
    assert edit.status_code in (302, 403, 404), edit.status_code


@pytest.mark.django_db
def test_api_hides_unverified_businesses_and_unpublished_products(client):
    from registry.models import BusinessStatus
    from tests.catalog.factories import ProductFactory
    from tests.portal.factories import BusinessFactory

    draft = BusinessFactory(status=BusinessStatus.SUBMITTED, verified_at=None)
    hidden = ProductFactory(status="draft")
    assert client.get(f"/api/v1/businesses/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/products/{hidden.pk}/").status_code == 404
    assert client.get(f"/produk/{hidden.slug}/").status_code == 404
    assert client.get(f"/usaha/{draft.slug}/").status_code == 404
