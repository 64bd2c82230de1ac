"""Issue 17 (9): personal pages were cacheable. /akun/, /akun/data/, the bank lead page with the
full NIK and the bank's CSV carried no Cache-Control, so a shared counter PC's browser or a proxy
could keep them. Now every response to a signed-in user, and to a visitor whose session holds
something, is `Cache-Control: private, no-store`; anonymous public pages keep the headers they
had, so the page cache and nginx's micro-cache still serve them.

The world (owner A's business, leads at two banks, a registration, an export...) is the access
matrix's; the personal pages and downloads of each role are named here, and every other route
is walked as well, so a new personal view is covered without a row."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.security.test_access_matrix import _world, cases, fill

pytestmark = pytest.mark.django_db

# Django's never_cache: the login and password-reset pages and the admin's, before this change.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"

# What a "do not store" header may also say (Django's never_cache).
COMPATIBLE = {"max-age=0", "no-cache", "must-revalidate", "proxy-revalidate", "no-transform"}

# role: the personal pages and downloads it opens (routes of the access matrix), all 200.
PERSONAL = {
    "owner_a": [
        "akun/",
        "akun/data/",
        "akun/data/permintaan/<int:pk>/status/",
        "akun/aktivitas.csv",
        "akun/usaha/<int:pk>/ubah/",
        "akun/usaha/<int:pk>/sertifikat/",
        "akun/pesanan/",
        "akun/pembelian/",
        "akun/produk/<int:pk>/",
        "daftar-usaha/<int:pk>/selesai/",
        "daftar-usaha/<int:pk>/tanda-terima.pdf",
        "pembiayaan/pengajuan/",
        "pelatihan/pendaftaran/<str:code>/",
        "pelatihan/pendaftaran/<str:code>/qr.svg",
        "mitra/usaha/<int:pk>/jam/",
    ],
    "bkk": [
        "bank/",
        "bank/lead/<int:pk>/",
        "bank/lead/<int:pk>/dokumen/<int:certification_pk>/",
        "bank/ekspor.csv",
        "bank/dasbor/",
        "bank/dasbor/csv/<slug:key>/",
    ],
    "counter": [
        "akun/",
        "daftar-usaha/loket/",
        "admin/",
        "admin/verifikasi/",
        "admin/verifikasi/<int:pk>/",
        "admin/verifikasi/dokumen/<int:pk>/",
        "admin/data-pribadi/",
        "admin/data-pribadi/<int:pk>/",
        "admin/dasbor/csv/<slug:key>/",
        "bank/statistik/",
    ],
    "training": ["admin/pelatihan/kelola/<int:pk>/", "admin/pelatihan/kelola/<int:pk>/ekspor/<str:kind>.xlsx"],
    "curator": ["admin/mitra/ekspor/<int:pk>/unduh/<str:kind>/"],
}
# Signed-in roles every GET route is walked as (one of each kind: owner, bank, staff).
WALKED = ["owner_a", "bkk", "counter"]


def directives(response) -> list[str]:
    value = response.get("Cache-Control")
    return [part.strip() for part in value.split(",")] if value else []


def is_private(response) -> bool:
    found = directives(response)
    return found[:2] == ["private", "no-store"] and set(found) <= {"private", "no-store", *COMPATIBLE}


@pytest.fixture
def world(settings):
    settings.AXES_ENABLED = False
    world = _world()
    world.clients = {}
    for role, user in world.users.items():
        world.clients[role] = Client()
        if user is not None:
            world.clients[role].force_login(user)
    return world


def path_of(world, route: str) -> str:
    return fill(route, world.values) if "<" in route else "/" + route


def test_each_role_gets_its_personal_pages_and_downloads_private(world):
    checked, failures = 0, []
    for role, routes in PERSONAL.items():
        for route in routes:
            response = world.clients[role].get(path_of(world, route))
            checked += 1
            if response.status_code != 200 or not is_private(response):
                failures.append(f"{role} {route}: {response.status_code} {response.get('Cache-Control')}")
    assert checked == 34
    assert failures == []


def test_every_response_to_a_signed_in_user_is_private(world):
    """Whatever the route and the answer (200, 403, 404, a redirect), as an owner, a bank
    officer and counter staff."""
    failures = []
    for route, method, _expected in cases():
        if method != "GET":
            continue
        path = path_of(world, route)
        for role in WALKED:
            response = world.clients[role].get(path)
            if not is_private(response):
                failures.append(f"{role} {path}: {response.status_code} {response.get('Cache-Control')}")
    assert failures == []


def test_anonymous_responses_keep_their_headers(world):
    """Public pages had no Cache-Control (the page cache and nginx may keep them for a few
    seconds); the login, password-reset, signup-link and admin pages have Django's never_cache."""
    changed = []
    for route, method, _expected in cases():
        if method != "GET":
            continue
        response = world.clients["anon"].get(path_of(world, route))
        never_cache = route.startswith(
            ("admin/", "django-admin/", "akun/login/", "akun/reset/<", "daftar-usaha/konfirmasi/")
        )
        expected = NEVER_CACHE if never_cache else None
        if response.get("Cache-Control") != expected:
            changed.append(f"{route}: {response.status_code} {response.get('Cache-Control')}")
    assert changed == []


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_the_anonymous_page_cache_still_serves_public_pages(client, page_cache):
    from tests.catalog.factories import ProductFactory

    product = ProductFactory()
    path = f"/produk/{product.slug}/"

    first, second = client.get(path), client.get(path)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "Cache-Control" not in first and "Cache-Control" not in second


def test_a_signed_in_user_bypasses_the_page_cache_and_is_told_not_to_store(client, page_cache):
    from tests.catalog.factories import ProductFactory
    from tests.portal.factories import OwnerFactory

    product = ProductFactory()
    client.force_login(OwnerFactory())

    for path in ["/", "/produk/", f"/produk/{product.slug}/", "/usaha/", "/api/v1/products/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert is_private(response), (path, response.get("Cache-Control"))
    assert client.get(f"/produk/{product.slug}/")["X-Page-Cache"] == "bypass"


def test_an_anonymous_visitor_with_a_cart_is_told_not_to_store(client, page_cache):
    """The cart and every page that shows it (the header's count) belong to that visitor."""
    from tests.catalog.factories import ProductFactory

    product = ProductFactory(stock=5)
    path = f"/produk/{product.slug}/"
    assert "Cache-Control" not in client.get(path)

    added = client.post("/keranjang/tambah/", {"product": product.pk, "quantity": 1})

    assert added.status_code == 302 and is_private(added)
    assert is_private(client.get("/keranjang/"))
    page = client.get(path)
    assert page["X-Page-Cache"] == "bypass" and is_private(page)


def test_signing_in_and_out(client, settings):
    from tests.portal.factories import OwnerFactory

    settings.AXES_ENABLED = False
    owner = OwnerFactory(username="sri")
    owner.set_password("rahasia-panjang-sekali")
    owner.save()

    signed_in = client.post("/akun/login/", {"username": "sri", "password": "rahasia-panjang-sekali"})
    assert signed_in.status_code == 302 and is_private(signed_in)
    assert is_private(client.get("/akun/"))

    signed_out = client.post("/akun/logout/")
    assert signed_out.status_code == 302
    assert "Cache-Control" not in client.get("/produk/")


def test_a_cacheable_header_set_by_a_view_is_replaced():
    from django.http import HttpResponse

    from core.cache_control import make_private

    response = HttpResponse()
    response["Cache-Control"] = "public, max-age=3600, s-maxage=600, no-cache, immutable"

    make_private(response)

    assert response["Cache-Control"] == "private, no-store, no-cache"
