"""The one place that talks to the Elasticsearch client: connection settings, timeouts and
the exceptions that mean "Elasticsearch is not answering properly"."""

from __future__ import annotations

from functools import lru_cache

import elastic_transport
from django.conf import settings
from elasticsearch import ApiError, Elasticsearch

# Any of these makes search answer from the database instead: connection refused or reset,
# timeout (all TransportError), or an error status from the cluster (ApiError, e.g. the
# index is missing).
ES_ERRORS = (elastic_transport.TransportError, ApiError)


@lru_cache(maxsize=8)
def _client(url: str, timeout: float, max_retries: int) -> Elasticsearch:
    # https://elasticsearch-py.readthedocs.io/en/v8.19.0/api/elasticsearch.html
    return Elasticsearch(
        url,
        request_timeout=timeout,
        max_retries=max_retries,
        retry_on_timeout=False,
    )


def get_client(*, for_indexing: bool = False) -> Elasticsearch:
    """Queries fail fast (no retry, short timeout) so the fallback answers quickly; bulk
    indexing may wait longer and retry."""
    if for_indexing:
        return _client(settings.ELASTICSEARCH_URL, max(settings.ELASTICSEARCH_TIMEOUT, 30.0), 2)
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT, 0)
