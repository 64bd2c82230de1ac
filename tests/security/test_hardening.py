"""Hardening: production settings pass `check --deploy`, every response carries the security
headers and the CSP, logins are rate limited, weak passwords are refused, NIKs never reach
the logs."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from core.security import MaskNikFilter, client_ip, mask_nik
from tests.conftest import production_environment
from tests.portal.factories import UserFactory

ROOT = settings.BASE_DIR


def test_check_deploy_with_production_settings_is_clean():
    """Given a production environment (secrets set), `manage.py check --deploy` reports nothing,
    not even a warning."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by conftest
        **production_environment(),
        "SECRET_KEY": "k9#Vq2!x" + "Zr7$Lm4@Tp8&Wn3^Hs6*Jd1%Fb5(Gc0)" * 2,
        "CSRF_TRUSTED_ORIGINS": "https://etalase.kendalkab.go.id",
        "DATABASE_URL": "postgres://etalase:etalase@127.0.0.1:5432/etalase_check",
        "STRIPE_SECRET_KEY": "sk_live_x",
        "STRIPE_PUBLISHABLE_KEY": "pk_live_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
        "PAYMENTS_ENABLED": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_turn_on_transport_security(monkeypatch):
    import importlib

    for name, value in production_environment().items():
        monkeypatch.setenv(name, value)
    production = importlib.import_module("portal.settings.production")
    production = importlib.reload(production)
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SECURE_HSTS_SECONDS >= 31536000 and production.SECURE_HSTS_INCLUDE_SUBDOMAINS
    assert production.SECURE_SSL_REDIRECT
    assert production.X_FRAME_OPTIONS == "DENY"
    assert production.SECURE_CONTENT_TYPE_NOSNIFF
    assert production.SECURE_REFERRER_POLICY == "strict-origin-when-cross-origin"
    assert production.TRUSTED_PROXY_COUNT == 1
    # Stripe's own origins in production, nothing else third-party.
    csp = production.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert csp["script-src"] == ["'self'", "https://js.stripe.com"]
    assert "https://api.stripe.com" in csp["connect-src"]
    assert "https://hooks.stripe.com" in csp["frame-src"]


# --- headers on real responses ----------------------------------------------------------------


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/produk/", "/usaha/", "/pelatihan/", "/akun/login/", "/en/produk/"])
def test_public_pages_send_csp_and_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    stripe_origin = "http://127.0.0.1:8420"  # from STRIPE_JS_URL in the test settings
    assert csp["script-src"] == ["'self'", stripe_origin]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    html = response.content.decode()
    # No inline script: every <script> has a src or is JSON data.
    import re

    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " style=" not in html, "inline style attribute on a public page"


@pytest.mark.django_db
def test_wagtail_admin_gets_inline_styles_and_scripts_but_nothing_third_party(client):
    """Wagtail 8's admin writes inline scripts (date choosers, InlinePanel) and styles: those
    are allowed under /admin/ only; no eval and no third-party origin except Stripe's."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in csp["style-src"] and "'unsafe-inline'" in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert set(csp["script-src"]) == {"'self'", "http://127.0.0.1:8420", "'unsafe-inline'"}
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    # ...while the site itself and the API docs never run inline scripts.
    for path in ["/produk/", "/api/v1/docs/", "/administrasi-palsu/"]:
        header = client.get(path)["Content-Security-Policy"]
        assert "'unsafe-inline'" not in _directives(header)["script-src"], path


@pytest.mark.django_db
def test_swagger_ui_is_served_from_sidecar_without_inline_script(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn.jsdelivr.net" not in html and "unpkg" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
    from django.contrib.staticfiles import finders

    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


# --- login rate limiting ----------------------------------------------------------------------


def test_client_ip_trusts_only_the_configured_proxies(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7", REMOTE_ADDR="127.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.7"  # the spoofed 6.6.6.6 is ignored


# --- passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, code",
    [
        ("kendal12", "password_too_short"),
        ("1234567890123", "password_entirely_numeric"),
        ("password123", "password_too_common"),
        ("sriwahyuni-kendal", "password_too_similar"),
    ],
    ids=["short", "numeric", "common", "like-username"],
)
def test_weak_passwords_are_refused(password, code):
    from portal.models import User

    user = User(username="sriwahyuni-kendal", email="sri@example.id")
    with pytest.raises(ValidationError) as excinfo:
        validate_password(password, user)
    assert code in [error.code for error in excinfo.value.error_list]


def test_a_strong_password_passes():
    validate_password("tempe-mendoan-33", None)


# --- NIK masked in logs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NIK 3324015708800001 ditolak", "NIK 332401********** ditolak"),
        ("a=3324015708800001,b=3324015708800002", "a=332401**********,b=332401**********"),
        ("nomor 12345678901234567 (17 digit) tetap", "nomor 12345678901234567 (17 digit) tetap"),
        ("NIB 9120000000001 tetap", "NIB 9120000000001 tetap"),
        ("x3324015708800001y", "x332401**********y"),
    ],
    ids=["plain", "two", "longer-number", "nib", "glued-to-letters"],
)
def test_mask_nik(text, expected):
    assert mask_nik(text) == expected


def test_nik_never_reaches_a_log_line(caplog):
    """Whatever the logger, the message, its arguments or an exception: the configured handler
    filter masks the NIK before it is written."""
    import io

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskNikFilter())
    logger = logging.getLogger("portal.test_nik")
    logger.addHandler(handler)
    try:
        logger.warning("pendaftaran %s gagal", "3324015708800001")
        logger.warning({"nik": "3324015708800001"})
        try:
            raise ValueError("NIK 3324015708800001 tidak valid")
        except ValueError:
            logger.exception("validasi")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "3324015708800001" not in output
    assert output.count("332401**********") >= 3


def test_the_configured_console_handler_masks_nik():
    handler = logging.getLogger().handlers
    from logging.config import dictConfig

    assert any(isinstance(f, MaskNikFilter) for h in handler for f in h.filters) or (
        settings.LOGGING["handlers"]["console"]["filters"] == ["mask_nik"]
    )
    assert settings.LOGGING["filters"]["mask_nik"]["()"] == "core.security.MaskNikFilter"
    del dictConfig


def _start_production(**changes) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh interpreter, as gunicorn would at start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "CELERY_", "EMAIL_"))}
    env.update(production_environment())
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_starts_with_a_broker_and_payments_said_off():
    result = _start_production()
    assert result.returncode == 0 and "started" in result.stdout, result.stderr[-2000:]


@pytest.mark.parametrize(
    "changes, complaint",
    [
        ({"CELERY_BROKER_URL": None}, "CELERY_BROKER_URL"),
        ({"CELERY_BROKER_URL": ""}, "CELERY_BROKER_URL"),
        ({"PAYMENTS_ENABLED": None}, "PAYMENTS_ENABLED"),
        ({"PAYMENTS_ENABLED": "true"}, "STRIPE_SECRET_KEY"),
        ({"PAYMENTS_ENABLED": "true", "STRIPE_SECRET_KEY": "sk_live_x"}, "STRIPE_PUBLISHABLE_KEY"),
        ({"EMAIL_HOST": None}, "EMAIL_HOST"),
    ],
)
def test_production_refuses_to_start_half_configured(changes, complaint):
    result = _start_production(**changes)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and complaint in result.stderr


def test_card_payment_is_offered_only_when_switched_on(settings):
    from catalog.payments import stripe_api

    assert stripe_api.is_configured()  # the test settings have a key, so payments default on
    settings.PAYMENTS_ENABLED = False
    assert not stripe_api.is_configured()
