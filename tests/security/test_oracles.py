"""Issue 17, finding 5: the public wizard said whether an e-mail (and a NIK) was registered
without creating anything, thirty guesses in five seconds. Now nothing a visitor sees tells a
registered e-mail or NIK from a free one before they open the link sent to the mailbox
(registry.signups), and the wizard's posts are throttled per client address (per account once
signed in)."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from portal import roles
from portal.models import User
from privacy.tasks import personal_data_housekeeping
from registry.models import Business, OwnerProfile, SignupRequest
from registry.signups import signup_requests_purge
from tests.portal.factories import OwnerFactory, UserFactory
from tests.portal.signup import confirmation_path, visitor_signup

pytestmark = pytest.mark.django_db

START = "/daftar-usaha/"
NIK = "3324015708900001"


def step_one(email, nik=NIK, **changes):
    return {
        "full_name": "Siti Rahayu",
        "nik": nik,
        "phone": "0812-3456-7890",
        "email": email,
        "password": "kripik-tempe-2026",
        **changes,
    }


def answer(email, nik=NIK, address="203.0.113.5"):
    """What a fresh visitor sees after step 1: the redirect and the page it leads to, with the
    e-mail typed replaced (the page repeats it) and the CSRF token dropped."""
    client = Client()
    response = client.post(START, step_one(email, nik), REMOTE_ADDR=address)
    page = client.get(response["Location"]).content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.replace(email, "EMAIL"))
    return response.status_code, response["Location"], page


def test_a_registered_email_gets_the_same_answer_as_a_new_one_and_creates_nothing():
    existing = OwnerFactory(email="ani@example.id")
    users, profiles = User.objects.count(), OwnerProfile.objects.count()

    assert answer("ani@example.id") == answer("baru@example.id")

    assert (User.objects.count(), OwnerProfile.objects.count(), Business.objects.count()) == (users, profiles, 0)
    assert list(SignupRequest.objects.values_list("email", flat=True)) == ["baru@example.id"]
    notice = Notification.objects.get(recipient="ani@example.id")
    assert notice.topic == "owner.signup_existing"
    assert "/akun/login/" in notice.body and "/akun/password_reset/" in notice.body
    assert Notification.objects.get(recipient="baru@example.id").topic == "owner.signup_confirm"
    existing.refresh_from_db()
    assert existing.check_password("rahasia-123")  # nothing of the account changed


def test_the_answer_is_the_same_in_any_case_and_spacing_of_a_registered_email():
    OwnerFactory(email="ani@example.id")
    assert answer(" ANI@Example.id ")[:2] == answer("baru@example.id")[:2]
    assert Notification.objects.filter(recipient="ani@example.id", topic="owner.signup_existing").count() == 1


@pytest.mark.parametrize("confirmed", [False, True], ids=["claimed", "confirmed-at-the-counter"])
def test_a_nik_held_by_another_account_gets_the_same_answer_as_a_free_one(confirmed):
    holder = OwnerFactory(profile__nik=NIK)
    if confirmed:
        OwnerProfile.objects.filter(user=holder).update(nik_confirmed_at=timezone.now())
    free = "3324015708900002"
    assert answer("satu@example.id", nik=NIK) == answer("satu@example.id", nik=free)


def test_a_counter_made_account_is_told_how_to_set_its_password(client):
    owner = OwnerFactory(email="wati@example.id")
    owner.set_unusable_password()
    owner.save()
    client.post(START, step_one("wati@example.id"))
    body = Notification.objects.get(recipient="wati@example.id", topic="owner.signup_existing").body
    link = re.search(r"https?://[^/\s]+(/akun/reset/\S+/)", body).group(1)
    assert client.get(link, follow=True).status_code == 200


def test_the_link_makes_the_account_signs_in_and_goes_on_to_step_two(client):
    client.post(START, step_one("baru@example.id"))
    link = confirmation_path("baru@example.id")
    assert not User.objects.filter(email="baru@example.id").exists()

    page = client.get(link)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200 and 'data-testid="confirm-signup"' in page.content.decode()
    assert not User.objects.filter(email="baru@example.id").exists()

    response = client.post(link)
    business = Business.objects.get(owner__email="baru@example.id")
    assert response["Location"] == reverse("registry:registration-step", args=[business.pk, "usaha"])
    owner = business.owner
    assert owner.check_password("kripik-tempe-2026") and owner.groups.filter(name=roles.OWNER).exists()
    profile = owner.owner_profile
    assert (profile.nik, profile.phone, profile.nik_confirmed_at) == (NIK, "+6281234567890", None)
    assert client.get(response["Location"]).status_code == 200  # signed in
    assert not SignupRequest.objects.exists()
    assert client.post(link).status_code == 404  # once


def test_an_old_link_is_refused_and_old_requests_are_deleted(client):
    client.post(START, step_one("baru@example.id"))
    link = confirmation_path("baru@example.id")
    SignupRequest.objects.update(created_at=timezone.now() - timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS + 1))
    response = client.post(link)
    assert response.status_code == 404 and 'data-testid="signup-link-invalid"' in response.content.decode()
    assert not User.objects.filter(email="baru@example.id").exists()
    assert personal_data_housekeeping()["signups_deleted"] == 1  # hourly, without a new signup
    assert signup_requests_purge() == 0


def test_a_link_opened_after_the_address_got_an_account_makes_no_second_one(client):
    client.post(START, step_one("baru@example.id"))
    link = confirmation_path("baru@example.id")
    OwnerFactory(email="baru@example.id")  # meanwhile, at the counter
    response = client.post(link)
    assert response["Location"] == reverse("login")
    assert User.objects.filter(email="baru@example.id").count() == 1


def test_one_mailbox_gets_at_most_n_signup_emails_an_hour():
    OwnerFactory(email="ani@example.id")
    answers = {answer("ani@example.id", address=f"198.51.100.{n}")[:2] for n in range(6)}
    assert len(answers) == 1
    sent = Notification.objects.filter(recipient="ani@example.id").count()
    assert sent == settings.REGISTRATION_EMAILS_PER_ADDRESS == 3


def test_the_wizard_is_throttled_per_client_address_before_sign_in(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    limit = settings.REGISTRATION_POSTS_PER_WINDOW
    guesser = Client()
    proxy = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    statuses = [guesser.post(START, step_one(f"tebak{n}@example.id"), **proxy).status_code for n in range(limit)]
    assert set(statuses) == {302}
    refused = guesser.post(START, step_one("tebak-lagi@example.id"), **proxy)
    html = refused.content.decode()
    assert refused.status_code == 429 and refused["Retry-After"] == str(settings.REGISTRATION_WINDOW_SECONDS)
    assert "Formulir ini dikirim terlalu sering" in html and "coba lagi dalam 10 menit" in html
    assert SignupRequest.objects.count() == limit  # the refused post did nothing
    # Another client behind the same proxy is not refused.
    other = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.67"}
    assert Client().post(START, step_one("orang-lain@example.id"), **other).status_code == 302


def test_an_invalid_post_counts_too(settings):
    settings.REGISTRATION_POSTS_PER_WINDOW = 3
    client = Client()
    for _ in range(3):
        assert client.post(START, step_one("x@example.id", nik="123")).status_code == 200
    assert client.post(START, step_one("x@example.id")).status_code == 429


def test_the_throttle_page_in_english(settings):
    settings.REGISTRATION_POSTS_PER_WINDOW = 1
    client = Client()
    client.post("/en" + START, step_one("x@example.id"))
    response = client.post("/en" + START, step_one("x@example.id"))
    assert response.status_code == 429 and "Too many requests" in response.content.decode()


def test_signed_in_owners_are_throttled_per_account_and_counter_staff_not_at_all(settings):
    settings.REGISTRATION_POSTS_PER_WINDOW = 3
    owner = OwnerFactory()
    business = Business.objects.create(owner=owner, name="", slug="draf-a", registration_step=2)
    client = Client()
    client.force_login(owner)
    step = reverse("registry:registration-step", args=[business.pk, "usaha"])
    statuses = [client.post(step, {"name": ""}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]

    staff = Client()
    staff.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))
    walk_in = {k: v for k, v in step_one("").items() if k != "password"}
    statuses = {staff.post("/daftar-usaha/loket/", {**walk_in, "nik": "123"}).status_code for _ in range(5)}
    assert statuses == {200}


def test_the_helper_signup_reaches_step_two(client):
    response = visitor_signup(client, step_one("helper@example.id"))
    assert response.status_code == 302 and response["Location"].endswith("/usaha/")
