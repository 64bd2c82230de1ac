"""portal.sites: the Site Wagtail serves a page from, with its root page, is kept in the cache;
a changed site, root page or page is seen at once, and pages are served with the cache down."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from portal.models import HomePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def _get(client, url="/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [query["sql"] for query in ctx.captured_queries]


def test_a_second_view_does_not_look_up_the_site_or_load_the_root_page(client):
    first, first_sql = _get(client)
    second, second_sql = _get(client)
    assert first.status_code == second.status_code == 200
    assert any('FROM "wagtailcore_site"' in sql for sql in first_sql)
    assert not any('FROM "wagtailcore_site"' in sql for sql in second_sql)
    assert not any('FROM "portal_homepage"' in sql for sql in second_sql)
    assert len(second_sql) < len(first_sql)


def test_a_saved_root_page_is_served_at_once(client):
    client.get("/")
    home = HomePage.objects.get()
    home.intro = "<p>Selamat datang di Etalase MPP Kendal</p>"
    home.save_revision().publish()
    assert "Selamat datang di Etalase MPP Kendal" in client.get("/").content.decode()
    home = HomePage.objects.get()
    home.intro = "<p>Jam layanan MPP: 08.00–15.00</p>"
    home.save()  # saved without a revision, as a script would
    assert "Jam layanan MPP" in client.get("/").content.decode()


def test_a_site_pointed_at_another_root_is_served_at_once(client):
    assert client.get("/").status_code == 200
    news_index = HomePage.objects.get().add_child(
        instance=NewsIndexPage(title="Kabar MPP", slug="kabar", intro="<p>Berita terbaru MPP</p>")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = news_index
    site.save()
    body = client.get("/").content.decode()
    assert "Berita terbaru MPP" in body


def test_child_pages_are_routed_below_a_cached_root(client):
    client.get("/")
    HomePage.objects.get().add_child(instance=NewsIndexPage(title="Berita", slug="berita"))
    assert client.get("/berita/").status_code == 200
    assert client.get("/tidak-ada/").status_code == 404


def test_pages_are_served_when_the_cache_is_down(client, cache_down):
    response, sql = _get(client)
    assert response.status_code == 200
    assert any('FROM "wagtailcore_site"' in query for query in sql)
