"""Elasticsearch unavailable: search answers from the database, logs and counts it, and no
request fails. The shared node is never stopped: the outage is a closed port or a server
that accepts connections and never answers."""

import logging
import time

import pytest
from django.core.cache import cache
from django.http import QueryDict

from search.backends import DatabaseBackend, fallback_count, get_backend
from search.queries import parse_request

pytestmark = pytest.mark.django_db
CLOSED_PORT = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def clean_counters():
    cache.clear()
    yield
    cache.clear()


def test_search_falls_back_mid_test_and_recovers(catalogue, settings, caplog):
    request = parse_request(QueryDict("q=kripik+tempee&category=makanan-minuman"))
    expected = DatabaseBackend().search_products(request)

    healthy = get_backend().search_products(request)
    assert (healthy.backend, healthy.fell_back) == ("elasticsearch", False)

    settings.ELASTICSEARCH_URL = CLOSED_PORT  # Elasticsearch "goes down"
    with caplog.at_level(logging.WARNING, logger="search.backends"):
        down = get_backend().search_products(request)
    assert (down.backend, down.fell_back) == ("database", True)
    assert down.ids == expected.ids and down.total == expected.total == 3
    assert [v.count for v in down.facets["category"]] == [v.count for v in expected.facets["category"]]
    assert "answering from the database" in caplog.text
    assert fallback_count() == 1
    # While the circuit is open, Elasticsearch is not tried at all; still counted.
    assert get_backend().search_products(request).fell_back is True
    assert fallback_count() == 2

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9200"  # back up
    again = get_backend().search_products(request)
    assert (again.backend, again.fell_back) == ("elasticsearch", False)
    assert set(again.ids) == set(expected.ids)


def test_a_hung_cluster_times_out_quickly_and_falls_back(catalogue, settings, silent_server):
    settings.ELASTICSEARCH_URL = silent_server
    settings.ELASTICSEARCH_TIMEOUT = 0.3
    started = time.monotonic()
    response = get_backend().search_products(parse_request(QueryDict("q=batk")))
    assert time.monotonic() - started < 2.0
    assert response.fell_back is True
    assert response.total == 3


def test_suggestions_fall_back_too(catalogue, settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    assert get_backend().suggest("tamp") == ["Tampah Bambu"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/search/products/?q=batk",
        "/api/v1/search/suggest/?q=kri",
        "/api/v1/products/?q=kripik+tempee",
        "/produk/?q=kripik+tempee",
        "/produk/?q=zzzqqxx",
    ],
)
def test_no_5xx_when_elasticsearch_is_down(catalogue, settings, client, url):
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    response = client.get(url)
    assert response.status_code == 200
    assert b"Elasticsearch" not in response.content


def test_missing_index_falls_back(catalogue, settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "etalase-test-issue5-no-such-index"
    response = get_backend().search_products(parse_request(QueryDict("q=tampah")))
    assert response.fell_back is True and response.total == 1
