"""Each staff entry of the Wagtail admin menu is shown to the roles its pages let in, and to
no one else (portal/admin_menu.py; the pages check again, tests/security/test_access_matrix.py)."""

import pytest
from django.urls import reverse

from portal import roles
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

ENTRIES = {
    "registry_verification_queue": {roles.COUNTER_STAFF, roles.ADMINISTRATOR},
    "privacy_data_requests": {roles.COUNTER_STAFF, roles.ADMINISTRATOR},
    "dashboards_staff": set(roles.STAFF_ROLES),
    "catalog_admin:moderation": {roles.COUNTER_STAFF, roles.ADMINISTRATOR},
    "catalog_admin:payments": {roles.COUNTER_STAFF, roles.ADMINISTRATOR},
    "partners_admin:batches": {roles.PARTNER_CURATOR, roles.ADMINISTRATOR},
    "partners_admin:exports": {roles.PARTNER_CURATOR, roles.ADMINISTRATOR},
    "partners_admin:channels": {roles.PARTNER_CURATOR, roles.ADMINISTRATOR},
}


@pytest.mark.parametrize("role", roles.STAFF_ROLES)
def test_menu_entries_follow_the_role(client, role):
    client.force_login(UserFactory(roles=[role]))
    html = client.get("/admin/").content.decode()
    shown = {name for name in ENTRIES if f'"url": "{reverse(name)}"' in html}
    assert shown == {name for name, allowed in ENTRIES.items() if role in allowed}
