"""The home page's panels (portal/home_panels.py) are rendered once per language and kept with
the catalogue; whatever they show (a product, a business, a training session or sign-up, a
published page) draws them anew, and a sign-up deadline passing drops them by the clock."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import HomePage, NewsIndexPage, NewsPage
from tests.catalog.factories import ProductFactory
from tests.portal.factories import BusinessFactory
from tests.training.factories import RegistrationFactory, SessionFactory
from training.models import RegistrationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.CATALOG_SUMMARY_SECONDS = 300
    cache.clear()


def _home(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_a_second_view_takes_the_panels_from_the_cache(client, kept):
    ProductFactory(name="Kopi Robusta Patean", is_featured=True)
    SessionFactory(programme__title="Pemasaran Digital")
    first, first_queries = _home(client)
    second, second_queries = _home(client)
    assert "Kopi Robusta Patean" in first and "Pemasaran Digital" in first
    assert second == first
    assert second_queries < first_queries


def test_a_sign_up_redraws_the_seats_left(client, kept):
    session = SessionFactory(programme__title="Keamanan Pangan", capacity=3)
    business = BusinessFactory()  # saved before: only the sign-up itself may redraw the panels
    assert "3 kursi tersisa" in _home(client)[0]
    registration = RegistrationFactory(session=session, business=business)
    assert "2 kursi tersisa" in _home(client)[0]
    registration.status = RegistrationStatus.CANCELLED
    registration.save()
    assert "3 kursi tersisa" in _home(client)[0]


def test_a_changed_business_or_product_is_redrawn(client, kept):
    product = ProductFactory(name="Jenang Kudus", is_featured=True)
    assert "Jenang Kudus" in _home(client)[0]
    product.name = "Jenang Kudus Mubarok"
    product.save()
    assert "Jenang Kudus Mubarok" in _home(client)[0]


def test_publishing_news_or_editors_picks_redraws_the_panels(client, kept):
    home = HomePage.objects.get()
    index = home.add_child(instance=NewsIndexPage(title="Berita", slug="berita"))
    assert "Pameran UMKM Kendal" not in _home(client)[0]

    news = index.add_child(instance=NewsPage(title="Pameran UMKM Kendal", body="<p>Di MPP.</p>", live=False))
    assert "Pameran UMKM Kendal" not in _home(client)[0]  # a draft shows nowhere
    news.save_revision().publish()
    assert "Pameran UMKM Kendal" in _home(client)[0]
    news.refresh_from_db()  # publish() saved another copy of the page
    news.unpublish()
    assert "Pameran UMKM Kendal" not in _home(client)[0]

    pick = BusinessFactory(name="Batik Kendalan Sekar", verified_at=timezone.now() - timedelta(days=400))
    for _recent in range(6):  # pushes the pick out of the "recently verified" top-up
        BusinessFactory()
    assert "Batik Kendalan Sekar" not in _home(client)[0]
    home = HomePage.objects.get()
    home.featured_businesses.create(business=pick, sort_order=0)
    home.save_revision().publish()
    assert "Batik Kendalan Sekar" in _home(client)[0]


def test_panels_are_kept_no_longer_than_the_first_sign_up_deadline(client, settings):
    import redis

    from core.page_cache import page_cache_version

    settings.CATALOG_SUMMARY_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:6379/{settings.TEST_REDIS_CACHE_DB}",
            "KEY_PREFIX": "test-home-panels",
        }
    }
    from django.core.cache import caches

    redis_cache = caches["default"]
    redis_cache.clear()
    SessionFactory(programme__title="Manajemen Keuangan", signup_closes_at=timezone.now() + timedelta(seconds=40))
    SessionFactory(programme__title="Ekspor Pemula", signup_closes_at=timezone.now() + timedelta(days=3))
    assert "Manajemen Keuangan" in _home(client)[0]
    key = redis_cache.make_key(f"portal:home-panels:{HomePage.objects.get().pk}:id:{page_cache_version()}")
    assert 0 < redis.Redis(db=settings.TEST_REDIS_CACHE_DB).ttl(key) <= 40


def test_a_value_stale_by_the_clock_is_not_kept(kept):
    from core.page_cache import kept_with_catalogue

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert kept_with_catalogue("stale", compute, 300, fresh_for=lambda value: 0) == 1
    assert kept_with_catalogue("stale", compute, 300, fresh_for=lambda value: 0) == 2
    assert kept_with_catalogue("fresh", compute, 300, fresh_for=lambda value: None) == 3
    assert kept_with_catalogue("fresh", compute, 300, fresh_for=lambda value: None) == 3


def test_panels_are_kept_per_language(client, kept):
    SessionFactory(programme__title="Sertifikasi Halal", capacity=4)
    assert "4 kursi tersisa" in _home(client)[0]
    english = client.get("/en/").content.decode()
    assert "4 seats left" in english and "kursi tersisa" not in english


def test_a_preview_shows_the_draft_picks_and_keeps_nothing(client, kept):
    from django.contrib.auth.models import AnonymousUser

    from portal.models import HomeFeaturedBusiness

    pick = BusinessFactory(name="Tenun Troso Sejahtera", verified_at=timezone.now() - timedelta(days=400))
    for _recent in range(6):  # pushes the pick out of the "recently verified" top-up
        BusinessFactory()
    assert "Tenun Troso Sejahtera" not in _home(client)[0]  # the live panels are now cached

    draft = HomePage.objects.get()
    draft.featured_businesses = [HomeFeaturedBusiness(business=pick, sort_order=0)]  # not saved
    preview = draft.make_preview_request(extra_request_attrs={"user": AnonymousUser()})
    assert "Tenun Troso Sejahtera" in preview.content.decode()
    assert "Tenun Troso Sejahtera" not in _home(client)[0]  # visitors still see the live page
