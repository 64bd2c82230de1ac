"""Issue 17, finding 10: staff and bank officers are signed out after a short idle period; owners
keep the long session on their own phone."""

import time

import pytest
from django.conf import settings

from portal import roles
from tests.portal.factories import OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [roles.COUNTER_STAFF, roles.BANK_OFFICER, roles.ADMINISTRATOR, roles.TRAINING_OFFICER])
def test_a_privileged_session_expires_after_the_idle_period_and_each_request_restarts_it(client, role):
    client.force_login(UserFactory(roles=[role]))
    client.get("/")
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS == 30 * 60
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


def test_an_owner_keeps_the_ordinary_session_length(client):
    client.force_login(OwnerFactory())
    client.get("/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_an_idle_staff_session_is_signed_out(client, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 1
    client.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))
    client.get("/")
    time.sleep(2.1)  # the one wait: session expiry is wall-clock time
    assert client.get("/daftar-usaha/loket/").status_code == 302  # back to the login page


def test_the_idle_period_restarts_at_most_once_a_minute_so_pages_do_not_write_the_session(client):
    from django.contrib.sessions.models import Session

    from portal.sessions import REFRESH_EVERY_SECONDS, REFRESHED_AT_KEY

    client.force_login(UserFactory(roles=[roles.BANK_OFFICER]))
    client.get("/")
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date

    client.get("/")
    assert Session.objects.get(session_key=key).expire_date == first_expiry  # not written again

    session = client.session
    session[REFRESHED_AT_KEY] = time.time() - REFRESH_EVERY_SECONDS - 1
    session.save()
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > first_expiry  # the period restarted
