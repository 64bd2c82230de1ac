"""A fixed-window counter in the cache for forms that could be used to guess (order lookup,
registration wizard):
`allow(key, limit, window)` is False once `key` was used `limit` times in `window` seconds.
If the cache is down the form still works (fail soft); the guessing space stays large."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.shortcuts import render

from core.page_cache import CACHE_ERRORS

logger = logging.getLogger(__name__)


def allow(key: str, *, limit: int, window: int) -> bool:
    cache_key = f"ratelimit:{key}"
    try:
        if cache.add(cache_key, 1, timeout=window):
            return True
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr
        return True
    except CACHE_ERRORS:
        logger.warning("rate limit %s: cache unavailable, allowing", key)
        return True


def throttled_response(request, *, window: int):
    """The page for a form used too often: HTTP 429 in the visitor's language, with Retry-After
    (the window: the counter may have started any time within it)."""
    response = render(request, "core/throttled.html", {"minutes": max(1, -(-window // 60))}, status=429)
    response["Retry-After"] = str(window)
    return response
