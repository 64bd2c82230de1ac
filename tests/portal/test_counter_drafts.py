"""Counter staff find the walk-in registrations they saved as drafts on the counter wizard's
start page and resume them."""

import pytest
from django.urls import reverse

from portal import roles
from registry.models import Business, BusinessStatus, RegistrationChannel
from tests.portal.factories import BusinessFactory, UserFactory
from tests.portal.test_registration import OWNER_STEP

pytestmark = pytest.mark.django_db


def counter_draft(staff, **kwargs):
    kwargs = {"status": BusinessStatus.DRAFT, **kwargs}
    return BusinessFactory(
        verified_at=None,
        registration_number=None,
        channel=RegistrationChannel.COUNTER,
        registered_by=staff,
        **kwargs,
    )


def test_a_draft_saved_at_the_counter_is_listed_with_a_resume_link(client):
    staff = UserFactory(roles=[roles.COUNTER_STAFF])
    client.force_login(staff)
    walk_in = {k: v for k, v in OWNER_STEP.items() if k != "password"}
    response = client.post(reverse("registry:registration-counter"), {**walk_in, "save_draft": ""})
    assert response["Location"] == reverse("registry:registration-counter")
    draft = Business.objects.get()

    html = client.get(reverse("registry:registration-counter")).content.decode()
    assert 'data-testid="counter-drafts"' in html
    resume = reverse("registry:registration-step", args=[draft.pk, "usaha"])
    assert f'href="{resume}"' in html and "Siti Rahayu" in html and "lanjutkan langkah 2" in html
    assert client.get(resume).status_code == 200


def test_each_staff_member_sees_their_own_drafts_and_administrators_see_all(client):
    mine, colleague = UserFactory(roles=[roles.COUNTER_STAFF]), UserFactory(roles=[roles.COUNTER_STAFF])
    own = counter_draft(mine, name="Batik Tulis Bu Ani")
    sent_back = counter_draft(mine, name="Jamu Gendong Mbok Yem", status=BusinessStatus.NEEDS_CHANGES)
    theirs = counter_draft(colleague, name="Bandeng Presto Pak Rudi")
    counter_draft(mine, name="Sudah Dikirim", status=BusinessStatus.SUBMITTED)
    BusinessFactory(status=BusinessStatus.DRAFT, name="Draf Daring Sendiri")

    client.force_login(mine)
    html = client.get(reverse("registry:registration-counter")).content.decode()
    assert own.name in html and sent_back.name in html and "perlu perbaikan" in html
    assert theirs.name not in html and "Sudah Dikirim" not in html and "Draf Daring Sendiri" not in html

    client.force_login(UserFactory(roles=[roles.ADMINISTRATOR]))
    html = client.get(reverse("registry:registration-counter")).content.decode()
    assert own.name in html and theirs.name in html and "Draf Daring Sendiri" not in html


def test_without_drafts_no_list_is_shown(client):
    client.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))
    assert 'data-testid="counter-drafts"' not in client.get(reverse("registry:registration-counter")).content.decode()
