"""The bank officer's dashboard at /bank/dasbor/: only their own lender's (branch's) pipeline."""

import csv
import io

import pytest

from financing.models import Lender
from tests.financing.factories import BankOfficerFactory, LenderBranchFactory
from tests.portal.factories import OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/bank/dasbor/"


def login_officer(client, lender="bri", **kwargs):
    officer = BankOfficerFactory(lender=Lender.objects.get(code=lender), **kwargs)
    client.force_login(officer.user)
    return officer


def rows(client, key, query=""):
    response = client.get(f"{URL}csv/{key}/{query}")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_bri_officer_sees_only_bri_figures(programme, client):
    login_officer(client, "bri")
    html = client.get(URL).content.decode()
    assert 'data-testid="bank-dashboard"' in html and "Dasbor pembiayaan · BRI" in html
    assert "KUR Mikro" in html and "BKK" not in html
    assert rows(client, "financing-product") == [
        [
            "Produk",
            "Baru",
            "Sudah dihubungi",
            "Sudah disurvei",
            "Disetujui",
            "Ditolak",
            "Dicairkan",
            "Jumlah lead",
            "Plafon diajukan",
            "Dicairkan",
        ],
        ["KUR Mikro", "0", "0", "0", "0", "0", "5", "5", "100000000", "75000000"],
    ]
    month = rows(client, "leads-month")
    assert month[-1][1:] == ["0", "0", "0", "0", "0", "5"] and len(month) == 13


def test_bkk_officer_sees_own_small_figures_unsuppressed(programme, client):
    """Fewer than 5 businesses behind a cell is hidden from the public and staff aggregates, not
    from the bank's own officers, who work those leads by name."""
    login_officer(client, "bpr-bkk-kendal")
    product_rows = rows(client, "financing-product")[1:]
    assert len(product_rows) == 1 and product_rows[0][0] == "Kredit Modal Kerja BKK"
    assert "<5" not in product_rows[0] and "–" not in product_rows[0]
    assert 0 < int(product_rows[0][1]) < 5 and int(product_rows[0][8]) > 0
    html = client.get(URL).content.decode()
    assert "KUR Mikro" not in html and 'data-testid="suppressed-note-financing-product"' not in html


def test_branch_officer_sees_only_their_branch(programme, client):
    branch = LenderBranchFactory(name="BRI Unit Plantungan")
    login_officer(client, "bri", branch=branch)
    assert rows(client, "financing-product")[1:] == []  # no lead was routed to this branch


def test_filters_apply_to_the_bank_dashboard(programme, client):
    login_officer(client, "bri")
    assert rows(client, "financing-product", "?kecamatan=33.24.01")[1:] == []
    assert rows(client, "financing-product", "?kecamatan=33.24.12")[1][0] == "KUR Mikro"


def test_english_bank_dashboard(programme, client):
    login_officer(client, "bri")
    html = client.get("/en" + URL).content.decode()
    assert "Leads per product and status" in html and "Download CSV" in html


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: OwnerFactory(), id="owner"),
        pytest.param(lambda: UserFactory(roles=["counter_staff"]), id="counter-staff"),
        pytest.param(lambda: UserFactory(roles=["bank_officer"]), id="officer-without-lender"),
    ],
)
def test_others_cannot_open_the_bank_dashboard(client, make_user):
    client.force_login(make_user())
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}csv/financing-product/").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
