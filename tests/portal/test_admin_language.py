"""The staff admin is in Bahasa Indonesia with the portal's name and logo, whatever language the
browser asks for; a staff member who picks English in their account gets English."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wagtail
from django.utils.translation import trans_real
from wagtail.users.models import UserProfile

from portal import roles
from tests.portal.factories import UserFactory
from tests.training.factories import SessionFactory, TrainingOfficerFactory

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


class _Text(HTMLParser):
    """Text a person sees or hears: text nodes and the labelling attributes."""

    def __init__(self):
        super().__init__()
        self.strings: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title", "alt") and value:
                self.strings.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        text = re.sub(r"\s+", " ", data).strip()
        if text and not self._skip:
            self.strings.append(text)


def visible_strings(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.strings


def _wagtail_msgids() -> set[str]:
    """Wagtail's English msgids (single-line ones are enough to catch labels and buttons)."""
    msgids = set()
    for po in Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po"):
        msgids.update(re.findall(r'^msgid "(.+)"$', po.read_text(encoding="utf-8"), re.M))
    return {m.replace('\\"', '"') for m in msgids}


def untranslated_wagtail_strings(html: str) -> set[str]:
    catalog = trans_real.translation("id")._catalog
    msgids = _wagtail_msgids()
    return {
        s
        for s in visible_strings(html)
        if s in msgids and s not in catalog and (s, 0) not in catalog and re.search("[a-z]", s)
    }


@pytest.fixture
def counter_staff(client):
    user = UserFactory(roles=[roles.COUNTER_STAFF])
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_admin_home_is_indonesian_for_staff_with_an_english_browser(client, counter_staff):
    response = client.get("/admin/", **ENGLISH_BROWSER)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id"' in html
    assert "Cari di semua halaman…" in html and "Search all pages" not in html
    # The sidebar (rendered by JavaScript from these props) and the keyboard-shortcuts dialog.
    assert '"Bantuan"' in html and '"Help"' not in html
    assert "Pintasan keyboard" in html and "Keyboard shortcuts" not in html
    assert untranslated_wagtail_strings(html) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/", "/admin/verifikasi/", "/admin/account/"])
def test_counter_staff_pages_show_no_untranslated_wagtail_string(client, counter_staff, path):
    html = client.get(path, **ENGLISH_BROWSER).content.decode()
    assert untranslated_wagtail_strings(html) == set()


@pytest.mark.django_db
def test_training_officer_pages_are_indonesian(client):
    officer = TrainingOfficerFactory()
    session = SessionFactory(programme__organiser=officer.organiser)
    client.force_login(officer.user)
    for path in (
        "/admin/pelatihan/sesi/",
        f"/admin/pelatihan/kelola/{session.pk}/",
        f"/admin/pelatihan/kelola/{session.pk}/absen/",
    ):
        html = client.get(path, **ENGLISH_BROWSER).content.decode()
        assert untranslated_wagtail_strings(html) == set(), path


@pytest.mark.django_db
def test_admin_javascript_strings_are_indonesian(client, counter_staff):
    js = client.get("/admin/jsi18n/", **ENGLISH_BROWSER).content.decode()
    assert '"Toggle sidebar": "Buka/tutup bilah samping"' in js
    assert '"Main menu": "Menu utama"' in js


@pytest.mark.django_db
def test_admin_login_carries_the_portal_name_and_logo_in_indonesian(client, settings):
    settings.PORTAL_NAME = "Etalase MPP Kendal"
    html = client.get("/admin/login/", **ENGLISH_BROWSER).content.decode()
    strings = visible_strings(html)
    assert "Masuk ke Etalase MPP Kendal" in strings
    assert {"Nama pengguna atau email", "Kata sandi", "Lupa kata sandi?", "Ingat saya", "Masuk"} <= set(strings)
    assert "<title>Masuk - Etalase MPP Kendal</title>" in html
    assert "img/favicon.svg" in html
    assert not [s for s in strings if "Wagtail" in s]
    assert untranslated_wagtail_strings(html) == set()


@pytest.mark.django_db
def test_admin_sidebar_carries_the_portal_logo_and_hides_wagtails_own_help(client, counter_staff):
    html = client.get("/admin/").content.decode()
    logo = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", html, re.S).group(1)
    assert "img/favicon.svg" in logo and 'alt="Etalase MPP"' in logo
    assert "editor-guide" not in html and "whats-new-in-wagtail" not in html
    assert "editor guide" not in html.lower()
    assert "keyboard-shortcuts-trigger" in html  # the shortcuts stay under Bantuan


@pytest.mark.django_db
def test_a_staff_member_who_chose_english_gets_english(client, counter_staff):
    profile = UserProfile.get_for_user(counter_staff)
    profile.preferred_language = "en"
    profile.save()
    html = client.get("/admin/").content.decode()
    assert '<html lang="en"' in html and "Search all pages" in html
