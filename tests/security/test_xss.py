"""HTML in any text field is escaped wherever it is shown: public pages, the owner's pages,
the bank's pages, the training officer's and the admin's. The raw tag never appears."""

from __future__ import annotations

import pytest
from django.test import Client

from portal import roles

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
ATTR = '"><img src=x onerror=alert(2)>'


@pytest.mark.django_db
def test_hostile_text_is_escaped_on_every_page_that_shows_it(settings):
    from financing.models import Lead
    from tests.catalog.factories import CategoryFactory, ProductFactory, make_checkout
    from tests.financing.factories import BankOfficerFactory, submit
    from tests.portal.factories import BusinessFactory, UserFactory
    from tests.training.factories import ProgrammeFactory, RegistrationFactory, SessionFactory, TrainingOfficerFactory

    business = BusinessFactory(
        name=f"Usaha {XSS}",
        slug="usaha-xss",
        description=f"Deskripsi {XSS} {ATTR}",
        address=f"Jl. {XSS}",
        owner__first_name=XSS,
        owner__username="pemilik",
    )
    category = CategoryFactory(name=f"Kategori {XSS}", slug="kategori-xss")
    product = ProductFactory(
        business=business,
        category=category,
        name=f"Produk {XSS}",
        slug="produk-xss",
        description=f"Deskripsi {XSS} {ATTR}",
        composition=XSS,
        unit=XSS,
        stock=5,
    )
    make_checkout((product, 1))
    submit(business, ["kur-mikro"])
    lead = Lead.objects.get(business=business)
    programme = ProgrammeFactory(title=f"Program {XSS}", description=XSS)
    session = SessionFactory(programme=programme)
    RegistrationFactory(session=session, business=business, participant_name=XSS)
    officer = TrainingOfficerFactory().user
    bank = BankOfficerFactory().user
    counter = UserFactory(roles=[roles.COUNTER_STAFF])

    pages = {
        None: [
            "/",
            "/produk/",
            f"/produk/{product.slug}/",
            "/usaha/",
            f"/usaha/{business.slug}/",
            "/pelatihan/",
            f"/pelatihan/sesi/{session.pk}/",
            "/en/produk/",
            f"/produk/?q={XSS}",
            f"/usaha/?q={XSS}",
        ],
        business.owner: [
            "/akun/",
            "/akun/produk/",
            f"/akun/produk/{product.pk}/",
            "/akun/pesanan/",
            "/pembiayaan/pengajuan/",
            "/mitra/produk/",
        ],
        bank: ["/bank/", f"/bank/lead/{lead.pk}/", f"/bank/lead/{lead.pk}/?tampilkan=1"],
        officer: [f"/admin/pelatihan/kelola/{session.pk}/"],
        counter: [
            "/admin/katalog/moderasi/",
            f"/admin/katalog/moderasi/{product.pk}/",
            f"/admin/verifikasi/{business.pk}/",
            "/admin/katalog/pembayaran/",
        ],
    }
    shown = 0
    for user, paths in pages.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            html = response.content.decode()
            assert XSS not in html, path
            assert "<img src=x" not in html and "onerror=alert(2)" not in html.replace("onerror=alert(2)&", ""), path
            shown += ESCAPED in html or "\\u003Cscript\\u003E" in html or "\\u003cscript\\u003e" in html
    # The hostile text was really rendered (escaped) on most pages, not just absent.
    assert shown >= 15, shown
    # The API returns the text as data: JSON, never sniffed as HTML.
    response = Client().get(f"/api/v1/products/{product.pk}/")
    assert response["Content-Type"] == "application/json" and response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["name"] == f"Produk {XSS}"
