"""Each role finds its work: where a person lands after signing in, the header's own entries per
role, and pages not meant for a role saying where to go instead (issue 15, problem 3)."""

import pytest

from portal import roles
from tests.financing.factories import BankOfficerFactory
from tests.portal.factories import BusinessFactory, OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-123"


def _login(client, username, next_url=None):
    data = {"username": username, "password": PASSWORD}
    url = "/akun/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data)


@pytest.mark.parametrize(
    "make_user, landing",
    [
        (lambda: OwnerFactory(), "/akun/"),
        (lambda: UserFactory(), "/akun/"),  # a buyer
        (lambda: BankOfficerFactory().user, "/bank/"),
        (lambda: UserFactory(roles=[roles.COUNTER_STAFF]), "/admin/"),
        (lambda: UserFactory(roles=[roles.TRAINING_OFFICER]), "/admin/"),
        (lambda: UserFactory(roles=[roles.PARTNER_CURATOR]), "/admin/"),
    ],
    ids=["owner", "buyer", "bank-officer", "counter-staff", "training-officer", "curator"],
)
def test_after_login_each_role_lands_where_its_work_is(client, make_user, landing):
    user = make_user()
    response = _login(client, user.username)
    assert response.status_code == 302 and response["Location"] == landing
    assert client.get(landing).status_code == 200


def test_a_page_asked_for_still_wins(client):
    officer = BankOfficerFactory()
    response = _login(client, officer.user.username, next_url="/produk/")
    assert response["Location"] == "/produk/"


def test_header_shows_each_roles_own_entries(client):
    officer = BankOfficerFactory()
    client.force_login(officer.user)
    html = client.get("/produk/").content.decode()
    assert 'data-testid="nav-bank"' in html and 'href="/bank/"' in html
    assert 'data-testid="nav-bank-dashboard"' in html
    assert 'data-testid="nav-products"' not in html

    owner = BusinessFactory().owner
    client.force_login(owner)
    html = client.get("/produk/").content.decode()
    assert 'data-testid="nav-products"' in html and 'data-testid="nav-orders"' in html
    assert 'data-testid="nav-bank"' not in html and 'data-testid="nav-admin"' not in html

    client.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))
    assert 'data-testid="nav-admin"' in client.get("/produk/").content.decode()


def test_bank_officer_on_owner_pages_is_told_where_the_work_is(client):
    officer = BankOfficerFactory()
    client.force_login(officer.user)
    for url in ("/akun/", "/pembiayaan/"):
        html = client.get(url).content.decode()
        assert 'data-testid="work-elsewhere"' in html, url
        assert 'href="/bank/"' in html
        assert "Belum ada usaha terdaftar" not in html and "Daftarkan usaha Anda dulu" not in html


def test_owner_without_a_business_is_offered_registration_on_the_financing_page(client):
    client.force_login(OwnerFactory())
    html = client.get("/pembiayaan/").content.decode()
    assert "Daftarkan usaha Anda dulu" in html and 'href="/daftar-usaha/"' in html
    assert 'data-testid="work-elsewhere"' not in html


def test_a_refused_page_says_where_to_go_instead(client):
    owner = BusinessFactory().owner
    client.force_login(owner)
    response = client.get("/bank/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="go-instead"' in html and 'href="/akun/"' in html

    client.logout()
    response = client.get("/bank/")
    assert response.status_code == 302 and response["Location"] == "/akun/login/?next=/bank/"


def test_add_first_product_is_a_link_shown_only_to_owners_without_products(client):
    from tests.catalog.factories import ProductFactory

    business = BusinessFactory()
    client.force_login(business.owner)
    html = client.get("/akun/").content.decode()
    assert 'data-testid="add-first-product"' in html and 'href="/akun/produk/baru/"' in html
    assert "Tambahkan produk Anda" not in html

    ProductFactory(business=business)
    assert 'data-testid="add-first-product"' not in client.get("/akun/").content.decode()
