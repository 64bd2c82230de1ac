"""Elasticsearch hung (accepts connections, never answers) while buyers use the catalogue
pages and the API: answers come from the database, fast, with no 5xx. The closed-port case and
the backend-level checks are in tests/search/test_fallback.py."""

import time

import pytest

from search.testing import index_now
from tests.search.conftest import build_catalogue

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.mark.parametrize(
    "url,expected",
    [
        ("/produk/", '<p class="result-count">12 produk</p>'),  # browsing goes through search too
        ("/produk/?q=kripik+tempe", '<p class="result-count">3 produk</p>'),
        ("/produk/?q=tampah", '<p class="result-count">1 produk</p>'),
        ("/api/v1/products/?q=kripik+tempe", "Kripik Tempe Original"),
        ("/api/v1/search/products/?q=tampah", "Tampah Bambu"),
    ],
)
def test_pages_answer_from_the_database_when_elasticsearch_hangs(client, settings, silent_server, url, expected):
    build_catalogue()
    index_now()
    settings.ELASTICSEARCH_URL = silent_server
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    started = time.monotonic()
    response = client.get(url)
    assert response.status_code == 200
    assert time.monotonic() - started < 3
    assert expected in response.content.decode()
