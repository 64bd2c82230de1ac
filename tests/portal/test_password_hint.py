"""The password hint is generated from the validators, so it states the rule the form applies."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_registration_hint_states_the_configured_length(client):
    html = client.get(reverse("registry:registration-start")).content.decode()
    assert "setidaknya 10 karakter" in html and "8 karakter" not in html


def test_hint_follows_the_validators(client, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 14}}
    ]
    html = client.get(reverse("registry:registration-start")).content.decode()
    assert "setidaknya 14 karakter" in html and "10 karakter" not in html
