"""A fixed-window counter in the cache for forms that could be used to guess (order lookup):
`allow(key, limit, window)` is False once `key` was used `limit` times in `window` seconds.
If the cache is down the form still works (fail soft); the guessing space stays large."""

from __future__ import annotations

import logging

from django.core.cache import cache

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
