"""Issue 17, finding 10: counter staff who type a NIK see the accounts claiming it (name and
masked contact), and once they pick one the owner step shows that account's name, NIK, phone
and e-mail in full. Each of these views is an audit entry on the owner's profile, so it is in
that owner's access log (their data export), by name and role, and in nobody else's."""

import pytest
from django.urls import reverse

from core.models import AuditLog
from portal import roles
from privacy.personal_data import collect_access_log
from registry.models import Business
from tests.portal.factories import OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db

NIK = "3324015708900001"
WALK_IN = {
    "full_name": "Siti Rahayu",
    "nik": NIK,
    "phone": "0812-3456-7890",
    "email": "siti@example.id",
}


def others_entries(user, action):
    return [e for e in collect_access_log(user) if e["action"] == action and not e["by_self"]]


@pytest.fixture
def staff(client):
    staff = UserFactory(first_name="Wati", last_name="Loket", roles=[roles.COUNTER_STAFF])
    client.force_login(staff)
    return staff


def test_the_accounts_shown_for_a_nik_are_each_in_their_owners_access_log(client, staff):
    first = OwnerFactory(profile__nik=NIK, profile__full_name="Siti Rahayu")
    second = OwnerFactory(profile__nik=NIK, profile__full_name="Siti Peniru")
    bystander = OwnerFactory()

    response = client.post(reverse("registry:registration-counter"), WALK_IN)

    assert 'data-testid="nik-holders"' in response.content.decode()
    for owner in (first, second):
        [entry] = others_entries(owner, "owner.counter_candidates_viewed")
        assert entry["by"]["name"] == "Wati Loket"
        assert entry["by"]["roles"] == [str(roles.ROLE_LABELS[roles.COUNTER_STAFF])]
        assert entry["object_type"] == "registry.ownerprofile"
        assert entry["detail"]["fields"] == ["full_name", "email_masked", "phone_masked"]
    assert not others_entries(bystander, "owner.counter_candidates_viewed")


def test_the_owner_step_prefilled_from_the_chosen_account_is_in_its_access_log(client, staff):
    owner = OwnerFactory(profile__nik=NIK, profile__phone="+6281299990000", profile__email="asli@example.id")
    client.post(reverse("registry:registration-counter"), {**WALK_IN, "owner_choice": owner.pk})
    business = Business.objects.get(owner=owner)

    page = client.get(reverse("registry:registration-step", args=[business.pk, "pemilik"]))

    html = page.content.decode()
    assert 'value="asli@example.id"' in html and 'value="+6281299990000"' in html  # shown in full
    [entry] = others_entries(owner, "owner.counter_profile_viewed")
    assert entry["by"]["name"] == "Wati Loket"
    assert entry["detail"] == {"fields": ["full_name", "nik", "phone", "email"], "business": business.pk}


def test_the_owner_opening_their_own_step_writes_no_entry(client):
    owner = OwnerFactory(profile__nik=NIK)
    business = Business.objects.create(owner=owner, name="", slug="draf-x", registration_step=2)
    client.force_login(owner)
    assert client.get(reverse("registry:registration-step", args=[business.pk, "pemilik"])).status_code == 200
    assert not AuditLog.objects.filter(action="owner.counter_profile_viewed").exists()


def test_the_entry_keeps_the_address_the_proxy_saw(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    OwnerFactory(profile__nik=NIK)
    client.post(
        reverse("registry:registration-counter"),
        WALK_IN,
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    entry = AuditLog.objects.get(action="owner.counter_candidates_viewed")
    assert entry.ip_address == "203.0.113.9"
