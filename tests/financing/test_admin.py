import re
from decimal import Decimal

"""Administrators edit lenders and products (with inline rates) in the Wagtail admin."""
import pytest

from financing.models import LoanProduct
from portal import roles
from tests.portal.factories import UserFactory


@pytest.mark.parametrize(
    "url",
    ["/admin/financing_product/", "/admin/financing_lender/", "/admin/financing_branch/", "/admin/financing_officer/"],
)
def test_administrator_sees_financing_data_lists(client, db, url):
    client.force_login(UserFactory(roles=[roles.ADMINISTRATOR]))

    response = client.get(url)

    assert response.status_code == 200


def test_product_list_shows_shipped_products(client, db):
    client.force_login(UserFactory(roles=[roles.ADMINISTRATOR]))

    response = client.get("/admin/financing_product/")

    for name in (
        "KUR Super Mikro",
        "KUR Mikro",
        "KUR Kecil",
        "Kupedes",
        "Kredit Modal Kerja BKK",
        "Kredit Investasi BKK",
    ):
        assert name in response.content.decode()


def test_product_edit_form_has_inline_rates(client, db):
    client.force_login(UserFactory(roles=[roles.ADMINISTRATOR]))
    product = LoanProduct.objects.get(code="kur-mikro")

    response = client.get(f"/admin/financing_product/edit/{product.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'name="rates-TOTAL_FORMS"[^>]*value="4"', html)
    assert re.search(r'name="repeat_limits-TOTAL_FORMS"[^>]*value="2"', html)


@pytest.mark.parametrize("role", [roles.COUNTER_STAFF, roles.TRAINING_OFFICER])
def test_other_staff_cannot_edit_products(client, db, role):
    client.force_login(UserFactory(roles=[role]))
    product = LoanProduct.objects.get(code="kur-mikro")

    response = client.get(f"/admin/financing_product/edit/{product.pk}/")

    assert response.status_code in (302, 403)


def test_administrator_adds_2026_flat_rate_in_admin(client, db):
    """The announced 2026 flat rate is entered as a row, no code change."""
    from datetime import date

    from financing.models import LoanRate

    client.force_login(UserFactory(roles=[roles.ADMINISTRATOR]))
    product = LoanProduct.objects.get(code="kur-super-mikro")
    url = f"/admin/financing_product/edit/{product.pk}/"
    html = client.get(url).content.decode()
    form = {name: value for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)}
    data = {
        k: v
        for k, v in form.items()
        if not k.startswith(("rates-", "repeat_limits-"))
        or "TOTAL" in k
        or "INITIAL" in k
        or "MIN_NUM" in k
        or "MAX_NUM" in k
        or k.endswith(
            (
                "-id",
                "-ORDER",
                "-rate",
                "-valid_from",
                "-valid_to",
                "-loan_number_from",
                "-loan_number_to",
                "-kbli_prefixes",
                "-sector_label",
                "-max_loans",
            )
        )
    }
    for field in ("lender", "description", "kbli_include", "kbli_exclude", "required_documents"):
        data.setdefault(field, "")
    data.update(
        lender=str(product.lender_id),
        required_documents=product.required_documents,
        description=product.description,
        is_kur="on",
        is_active="on",
        **{
            "rates-TOTAL_FORMS": "2",
            "rates-1-rate": "6.00",
            "rates-1-valid_from": "2026-01-01",
            "rates-1-valid_to": "",
            "rates-1-loan_number_from": "1",
            "rates-1-loan_number_to": "",
            "rates-1-id": "",
            "rates-1-ORDER": "2",
            "rates-0-valid_to": "2025-12-31",
        },
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(
        LoanRate.objects.filter(product=product).order_by("valid_from").values_list("rate", "valid_from", "valid_to")
    ) == [(Decimal("3.00"), date(2022, 1, 1), date(2025, 12, 31)), (Decimal("6.00"), date(2026, 1, 1), None)]
