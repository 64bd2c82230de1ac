"""Issue 17 (3): anonymous API use is throttled per client, the client being the address the
portal already trusts behind nginx (core.security.client_ip). Counting is atomic in the cache
(Redis in production), a refusal is a 429 with Retry-After and a reason, one hostile client does
not stop others being answered, and a cache that is down lets requests through instead of
answering 500."""

from __future__ import annotations

import json
import threading

import pytest
from django.test import Client, RequestFactory
from django.urls import get_resolver
from django.utils import translation
from rest_framework.request import Request
from rest_framework.views import APIView

pytestmark = pytest.mark.django_db

MATCH = "/api/v1/financing/match/"
BODY = {
    "kbli": "10794",
    "region_code": "33.24.12",
    "annual_sales": 120_000_000,
    "amount": 25_000_000,
    "purpose": "modal_kerja",
    "tenor_months": 24,
}


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}), **rates},
        }

    return set_rates


def match(client: Client, body=None, **headers):
    return client.post(MATCH, json.dumps(BODY if body is None else body), content_type="application/json", **headers)


def test_the_shipped_rates():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == ["core.api.AnonymousClientThrottle"]
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {
        "anon": "300/min",
        "financing_match": "30/min",
        "kbli_search": "60/min",
    }


def test_an_anonymous_client_over_its_rate_gets_429_with_a_reason(client, rates):
    from core.api import TooManyRequests

    rates(financing_match="3/min")

    answers = [match(client, REMOTE_ADDR="10.0.0.1").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    refused = match(client, REMOTE_ADDR="10.0.0.1")
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"] == f"Terlalu banyak permintaan. Coba lagi dalam {refused['Retry-After']} detik."
    with translation.override("en"):
        assert TooManyRequests(1).detail == "Too many requests. Try again in 1 second."
        assert TooManyRequests(59.2).detail == "Too many requests. Try again in 60 seconds."


def test_a_hostile_client_does_not_stop_others_being_answered(client, rates):
    """Oversized and deeply nested bodies from one address count against that address only."""
    rates(financing_match="5/min")
    hostile = [
        match(client, {**BODY, "padding": "x" * 100_000}, REMOTE_ADDR="10.0.0.66").status_code,
        client.post(MATCH, "[" * 5000, content_type="application/json", REMOTE_ADDR="10.0.0.66").status_code,
    ]
    for _ in range(10):
        hostile.append(match(client, {**BODY, "padding": "x" * 100_000}, REMOTE_ADDR="10.0.0.66").status_code)

    assert hostile[:5] == [413, 400, 413, 413, 413]
    assert set(hostile[5:]) == {429}
    assert match(Client(), REMOTE_ADDR="10.0.0.7").status_code == 200
    assert match(Client(), REMOTE_ADDR="10.0.0.8").status_code == 200


def test_each_scope_counts_on_its_own(client, rates):
    rates(anon="2/min", financing_match="2/min")
    assert [client.get("/api/v1/training/sessions/").status_code for _ in range(3)] == [200, 200, 429]

    assert match(client).status_code == 200


def test_every_api_operation_is_throttled_for_anonymous_clients(client, rates):
    """Walked from the resolver: no API view may opt out of throttling by accident."""
    from django.core.cache import cache

    from tests.security.test_access_matrix import _walk

    rates(anon="1/min", financing_match="1/min", kbli_search="1/min")
    routes = []
    for route, pattern in _walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "cls", None)
        if view is not None and issubclass(view, APIView):
            routes.append((route, view))
    assert len(routes) >= 10
    request = Request(RequestFactory().get("/", REMOTE_ADDR="10.0.0.9"))
    unthrottled = []
    for route, view in routes:
        cache.clear()
        throttles = view().get_throttles()
        answers = [all(throttle.allow_request(request, view()) for throttle in throttles) for _ in range(2)]
        if answers != [True, False]:
            unthrottled.append(route)
    assert unthrottled == []


def test_behind_nginx_the_address_nginx_saw_is_counted(client, rates, settings):
    """REMOTE_ADDR is nginx for everyone: the client is the last X-Forwarded-For hop, which the
    client cannot write itself (whatever it puts in front is ignored)."""
    settings.TRUSTED_PROXY_COUNT = 1
    rates(financing_match="2/min")
    nginx = {"REMOTE_ADDR": "127.0.0.1"}

    one = [
        match(client, **nginx, HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.5").status_code
        for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3")
    ]
    other = match(client, **nginx, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code

    assert one == [200, 200, 429]
    assert other == 200


def test_signed_in_users_are_not_counted_as_anonymous(client, rates):
    from tests.portal.factories import OwnerFactory

    rates(financing_match="1/min")
    client.force_login(OwnerFactory())

    assert [match(client).status_code for _ in range(3)] == [200, 200, 200]


def test_the_kbli_search_counts_signed_in_users_by_account(client, rates):
    from tests.portal.factories import OwnerFactory

    rates(kbli_search="2/min")
    client.force_login(OwnerFactory())
    answers = [client.get("/daftar-usaha/kbli/?q=keripik").status_code for _ in range(3)]
    other = Client()
    other.force_login(OwnerFactory())

    assert answers == [200, 200, 429]
    assert other.get("/daftar-usaha/kbli/?q=keripik").status_code == 200


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:6379/{settings.TEST_REDIS_CACHE_DB}",
            "KEY_PREFIX": "test-api-throttle",
        }
    }
    from django.core.cache import caches

    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_concurrent_requests_cannot_race_past_the_limit_in_redis(redis_cache, rates):
    """DRF's own throttles read the history, then write it back: 40 requests at once from one
    client all saw room. Here the count is one atomic INCR per request."""
    from core.api import AnonymousClientThrottle

    rates(financing_match="5/min")
    throttle_view = type("MatchLike", (APIView,), {"throttle_scope": "financing_match"})()
    start = threading.Barrier(40)
    allowed = []

    def one_request():
        request = Request(RequestFactory().post(MATCH, REMOTE_ADDR="10.0.0.50"))
        start.wait()
        allowed.append(AnonymousClientThrottle().allow_request(request, throttle_view))

    threads = [threading.Thread(target=one_request) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert allowed.count(True) == 5
    assert allowed.count(False) == 35


def test_throttled_over_http_with_redis(client, redis_cache, rates):
    rates(financing_match="2/min")

    assert [match(client).status_code for _ in range(3)] == [200, 200, 429]


def test_no_500_when_the_cache_is_down(client, cache_down, rates):
    """Throttling fails soft, as the page cache and the form rate limits do."""
    rates(anon="1/min", financing_match="1/min", kbli_search="1/min")

    assert [match(client).status_code for _ in range(2)] == [200, 200]
    assert [client.get("/api/v1/training/sessions/").status_code for _ in range(2)] == [200, 200]
    assert [client.get("/daftar-usaha/kbli/?q=keripik").status_code for _ in range(2)] == [200, 200]
