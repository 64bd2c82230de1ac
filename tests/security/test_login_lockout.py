"""Issue 17, finding 10: the login lockout could lock any known account (five wrong passwords by
anyone) and everyone behind one address (counter PCs, carrier NAT). Now (core.login_throttle)
an account that failed AXES_FAILURE_LIMIT times waits, longer after each further failure; a
browser that signed in to it before does not wait; no address is locked, and an address that
fails on many accounts (password spraying) only pauses a few seconds between tries."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/akun/login/"
PASSWORD = "rahasia-123"  # UserFactory's
HERE, ELSEWHERE = "203.0.113.10", "198.51.100.20"


def sign_in(client, username, password=PASSWORD, address=HERE, url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address=HERE, url=LOGIN):
    return [sign_in(client, username, f"salah-{n}", address=address, url=url).status_code for n in range(times)]


def clock_forward(seconds):
    """The account's failures happened `seconds` earlier (the delay is measured from the last)."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def test_failures_make_the_account_wait_longer_each_time_and_waiting_tries_do_not_count(client):
    UserFactory(username="sri", email="sri@example.id")
    limit = settings.AXES_FAILURE_LIMIT
    # Username or e-mail: one account.
    statuses = [sign_in(client, "sri" if n % 2 else "SRI@example.id", f"salah-{n}").status_code for n in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]
    refused = sign_in(client, "sri")  # even the right password waits
    html = refused.content.decode()
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 60
    assert "baru dapat dicoba lagi dalam 60 detik" in html or "dalam 59 detik" in html
    assert "_auth_user_id" not in client.session
    fail(client, "sri", 5)  # tries while waiting are refused unread and not counted
    assert AccessAttempt.objects.get().failures_since_start == limit

    clock_forward(61)
    again = sign_in(client, "sri", "salah-lagi")  # the next failure doubles the wait
    assert again.status_code == 429 and 110 <= int(again["Retry-After"]) <= 120
    assert "dalam 2 menit" in again.content.decode()

    clock_forward(121)
    assert sign_in(client, "sri").status_code == 302  # the right password after the wait
    assert not AccessAttempt.objects.exists()  # and the failures are forgotten


def test_the_wait_grows_to_the_maximum_and_no_further(settings):
    from core.login_throttle import account_delay

    limit = settings.AXES_FAILURE_LIMIT
    delays = [account_delay(n) for n in range(limit - 1, limit + 9)]
    assert delays == [0, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
    assert account_delay(10_000) == settings.LOGIN_ACCOUNT_DELAY_MAX_SECONDS


def test_another_account_signs_in_from_the_same_address_while_one_is_being_guessed(client):
    """The counter PC: someone guesses Sri's password there; Budi at the next desk signs in."""
    UserFactory(username="sri")
    UserFactory(username="budi")
    fail(client, "sri", 25)
    assert sign_in(client, "sri").status_code == 429
    assert sign_in(Client(), "budi").status_code == 302


def test_an_address_spraying_many_accounts_pauses_but_locks_nobody(client, settings):
    settings.LOGIN_ADDRESS_FREE_FAILURES = 4
    settings.LOGIN_ADDRESS_DELAY_SECONDS = 1
    users = [UserFactory(username=f"pemilik{n}") for n in range(6)]
    for user in users[:5]:  # one common password on each account: none reaches its own limit
        assert sign_in(client, user.username, "Password123").status_code == 200
    paused = sign_in(Client(), users[5].username)  # anyone at this address waits a moment
    assert paused.status_code == 429 and paused["Retry-After"] == "1"
    assert "dari jaringan ini" in paused.content.decode()
    assert sign_in(Client(), users[5].username, address=ELSEWHERE).status_code == 302  # not elsewhere
    time.sleep(1.1)  # the one wait: the address pause is wall-clock time in the cache
    assert sign_in(Client(), users[5].username).status_code == 302  # a pause, not a lock


def test_the_owner_signs_in_on_their_own_phone_while_a_stranger_guesses_their_account(settings):
    UserFactory(username="sri")
    phone, stranger = Client(), Client()
    assert sign_in(phone, "sri", address=ELSEWHERE).status_code == 302
    assert phone.cookies[settings.LOGIN_DEVICE_COOKIE]["httponly"]
    phone.post("/akun/logout/")

    fail(stranger, "sri", 12)
    assert sign_in(stranger, "sri").status_code == 429  # the account waits for everyone else
    assert sign_in(phone, "sri", address=ELSEWHERE).status_code == 302  # not on the owner's phone

    # The phone has its own failures: a stolen phone is one more browser after the limit.
    phone.post("/akun/logout/")
    clock_forward(4000)
    fail(stranger, "sri", settings.AXES_FAILURE_LIMIT)
    assert fail(phone, "sri", settings.AXES_FAILURE_LIMIT, address=ELSEWHERE) == [200] * settings.AXES_FAILURE_LIMIT
    assert sign_in(phone, "sri", address=ELSEWHERE).status_code == 429


def test_a_device_cookie_vouches_only_for_its_accounts_and_only_signed(settings):
    UserFactory(username="sri")
    UserFactory(username="budi")
    browser, stranger = Client(), Client()
    assert sign_in(browser, "budi").status_code == 302
    fail(stranger, "sri", settings.AXES_FAILURE_LIMIT)
    assert sign_in(browser, "sri").status_code == 429  # Budi's browser is no trusted device for Sri
    forged = Client()
    value = browser.cookies[settings.LOGIN_DEVICE_COOKIE].value
    forged.cookies[settings.LOGIN_DEVICE_COOKIE] = re.sub(r".$", lambda m: "A" if m.group() != "A" else "B", value)
    fail(stranger, "budi", settings.AXES_FAILURE_LIMIT)
    assert sign_in(forged, "budi").status_code == 429


def test_the_page_in_english(client):
    UserFactory(username="budi")
    fail(client, "budi", settings.AXES_FAILURE_LIMIT, url="/en/akun/login/")
    response = sign_in(client, "budi", url="/en/akun/login/")
    assert response.status_code == 429
    assert "this account can be tried again in" in response.content.decode()


def test_the_wagtail_admin_sign_in_waits_the_same_way(client):
    UserFactory(username="kurator", is_staff=True)
    fail(client, "kurator", settings.AXES_FAILURE_LIMIT, url="/admin/login/")
    assert sign_in(client, "kurator", url="/admin/login/").status_code == 429
    assert sign_in(Client(), "kurator", address=ELSEWHERE, url="/admin/login/").status_code == 429


def test_a_successful_sign_in_clears_the_failures(client):
    UserFactory(username="tini")
    for _ in range(2):
        fail(client, "tini", settings.AXES_FAILURE_LIMIT - 1)
        assert sign_in(client, "tini").status_code == 302
        client.post("/akun/logout/")


def test_staff_clear_an_accounts_failures_with_the_axes_command(client):
    UserFactory(username="sri")
    fail(client, "sri", settings.AXES_FAILURE_LIMIT)
    call_command("axes_reset_username", "sri")
    assert sign_in(client, "sri").status_code == 302
