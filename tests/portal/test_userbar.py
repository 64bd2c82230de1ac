"""Wagtail's user bar (edit this page) is for staff who work in the admin; nobody else pays for
its permission check."""

import pytest

from portal import roles
from tests.portal.factories import OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [roles.COUNTER_STAFF, roles.ADMINISTRATOR])
def test_staff_who_work_in_the_admin_get_the_user_bar(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert "wagtail-userbar" in client.get("/").content.decode()


@pytest.mark.parametrize("who", ["owner", "bank_officer", "visitor"])
def test_owners_bank_officers_and_visitors_do_not(client, who):
    if who == "owner":
        client.force_login(OwnerFactory())
    elif who == "bank_officer":
        client.force_login(UserFactory(roles=[roles.BANK_OFFICER]))
    assert "wagtail-userbar" not in client.get("/").content.decode()
