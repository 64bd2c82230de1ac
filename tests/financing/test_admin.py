"""Administrators edit lenders and products (with inline rates) in the Wagtail admin."""
import pytest

from financing.models import LoanProduct
from portal import roles
from tests.portal.factories import UserFactory


@pytest.mark.parametrize("url", ["/admin/financing_product/", "/admin/financing_lender/", "/admin/financing_branch/",
                                 "/admin/financing_officer/"])
def test_administrator_sees_financing_data_lists(client, db, url):
    client.force_login(UserFactory(roles=[roles.ADMINISTRATOR]))

    response = client.get(url)

    assert response.status_code == 200


def test_product_list_shows_shipped_products(client, db):
    client.force_login(UserFactory(roles=[roles.ADMINISTRATOR]))

    response = client.get("/admin/financing_product/")

    for name in ("KUR Super Mikro", "KUR Mikro", "KUR Kecil", "Kupedes", "Kredit Modal Kerja BKK", "Kredit Investasi BKK"):
        assert name in response.content.decode()


def test_product_edit_form_has_inline_rates(client, db):
    client.force_login(UserFactory(roles=[roles.ADMINISTRATOR]))
    product = LoanProduct.objects.get(code="kur-mikro")

    response = client.get(f"/admin/financing_product/edit/{product.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="rates-TOTAL_FORMS" value="4"' in html or 'name="rates-TOTAL_FORMS"' in html
    assert 'name="repeat_limits-TOTAL_FORMS"' in html


@pytest.mark.parametrize("role", [roles.COUNTER_STAFF, roles.TRAINING_OFFICER])
def test_other_staff_cannot_edit_products(client, db, role):
    client.force_login(UserFactory(roles=[role]))
    product = LoanProduct.objects.get(code="kur-mikro")

    response = client.get(f"/admin/financing_product/edit/{product.pk}/")

    assert response.status_code in (302, 403)
