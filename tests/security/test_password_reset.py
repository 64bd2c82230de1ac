"""Issue 17, finding 10: password-reset e-mails were unthrottled (anyone could fill an owner's
mailbox, from one address or many) and were sent by SMTP inside the request. Now at most
PASSWORD_RESET_EMAILS_PER_ACCOUNT an hour go to one account, at most
PASSWORD_RESET_REQUESTS_PER_ADDRESS requests an hour are taken from one client address, and the
e-mail goes through the outbox. The answer is the same whether the address is registered,
throttled or neither: nothing on the page tells them apart."""

import re

import pytest
from django.conf import settings

from core.models import Notification
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/akun/password_reset/"


def ask(client, email, address="203.0.113.1", url=RESET):
    return client.post(url, {"email": email}, REMOTE_ADDR=address)


def resets_to(email) -> int:
    return Notification.objects.filter(recipient=email, topic="account.password_reset").count()


def test_an_account_gets_at_most_n_reset_emails_an_hour_whatever_the_address(client):
    UserFactory(email="sri@example.id")
    limit = settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT
    answers = {
        (r.status_code, r["Location"])
        for n in range(limit + 3)
        for r in [ask(client, "SRI@example.id", address=f"198.51.100.{n}")]
    }
    assert resets_to("sri@example.id") == limit == 3
    assert answers == {(302, "/akun/password_reset/done/")}  # the same answer throttled or not


def test_one_address_is_taken_at_most_n_requests_an_hour_for_any_accounts(client):
    limit = settings.PASSWORD_RESET_REQUESTS_PER_ADDRESS
    for n in range(limit + 2):
        UserFactory(email=f"pemilik{n}@example.id")
    answers = {ask(client, f"pemilik{n}@example.id")["Location"] for n in range(limit + 2)}
    sent = Notification.objects.filter(topic="account.password_reset").count()
    assert sent == limit == 20 and answers == {"/akun/password_reset/done/"}
    assert ask(client, "pemilik0@example.id", address="203.0.113.2").status_code == 302  # another client
    assert Notification.objects.filter(topic="account.password_reset").count() == limit + 1


def test_an_unknown_address_gets_the_same_answer_and_nothing_is_sent(client):
    UserFactory(email="sri@example.id")
    known, unknown = ask(client, "sri@example.id"), ask(client, "bukan-siapa-siapa@example.id")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    done = client.get(known["Location"]).content.decode()
    assert "Bila alamat itu terdaftar" in done
    assert not Notification.objects.filter(recipient="bukan-siapa-siapa@example.id").exists()


def test_the_reset_email_goes_through_the_outbox_and_its_link_works(client):
    user = UserFactory(email="sri@example.id")
    ask(client, "sri@example.id")
    notification = Notification.objects.get(topic="account.password_reset")
    assert notification.recipient == "sri@example.id" and "\n" not in notification.subject
    link = re.search(r"https?://[^/\s]+(/akun/reset/\S+/)", notification.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "bandeng-presto-9", "new_password2": "bandeng-presto-9"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("bandeng-presto-9")


def test_the_admin_reset_page_is_throttled_the_same_way(client):
    UserFactory(email="kurator@example.id", is_staff=True)
    for n in range(settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT + 2):
        assert (
            ask(client, "kurator@example.id", address=f"198.51.100.{n}", url="/admin/password_reset/").status_code
            == 302
        )
    assert resets_to("kurator@example.id") == settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT


def test_with_the_cache_down_a_reset_is_still_sent(client, cache_down):
    UserFactory(email="sri@example.id")
    assert ask(client, "sri@example.id").status_code == 302
    assert resets_to("sri@example.id") == 1
