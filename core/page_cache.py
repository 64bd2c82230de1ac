"""Per-view cache of anonymous public pages (catalogue list, product page, business profile).

An anonymous visitor without session data sees the same HTML as every other anonymous visitor
for the same language and URL, so that HTML is kept in the cache (Redis in production) under a
key made of a version number, the language and the full path with its query string. Signed-in
users, visitors with session data (a cart, a registration in progress) or pending messages
bypass it. Any change to a product, its photos, a category or a business bumps the version
(catalog.signals), which orphans every cached page at once; entries also expire after
PAGE_CACHE_SECONDS. The CSRF token of a form on a cached page is stored as a placeholder and
filled in per request, so each visitor still posts with a token that matches their own cookie.

https://docs.djangoproject.com/en/5.2/topics/cache/#the-per-view-cache
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
CSRF_PLACEHOLDER = b"__etalase_csrf_token__"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
CACHE_ERRORS = (RedisError, OSError)
HEADER = "X-Page-Cache"
T = TypeVar("T")


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def page_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def page_cache_invalidate() -> None:
    """Orphans every cached page (called when a product, photo, category or business changes)."""
    try:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except CACHE_ERRORS:
        logger.warning("page cache: could not bump the version; pages expire in %ss", page_cache_seconds())


def invalidate_now_and_after_commit(sender=None, **kwargs) -> None:
    """Signal receiver for changes to what cached pages show. Bumps now, and again after the
    transaction commits: a page rendered in between from the old rows is dropped too."""
    page_cache_invalidate()
    transaction.on_commit(page_cache_invalidate)


def invalidate_on_change(*models) -> None:
    """Connects invalidate_now_and_after_commit to every save and delete of `models`."""
    for model in models:
        label = model._meta.label
        post_save.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=f"pagecache-delete-{label}")


def kept_with_catalogue(
    key: str, compute: Callable[[], T], seconds: int, fresh_for: Callable[[T], int | None] | None = None
) -> T:
    """compute()'s value, kept in the cache under `key` and the page-cache version (so any change
    to the catalogue drops it) for `seconds`; computed every time when `seconds` is 0 or the
    cache is down. For what pages derive from the catalogue: counts, rendered fragments.
    `fresh_for(value)` may shorten the time for a value that goes stale by the clock (None: no
    limit; 0 or less: not kept)."""
    if seconds <= 0:
        return compute()
    try:
        versioned = f"{key}:{page_cache_version()}"
        value = cache.get(versioned)
    except CACHE_ERRORS:
        logger.warning("cache unavailable; computing %s", key)
        return compute()
    if value is None:
        value = compute()
        limit = fresh_for(value) if fresh_for else None
        if limit is not None:
            seconds = min(seconds, limit)
            if seconds <= 0:
                return value
        try:
            cache.set(versioned, value, seconds)
        except CACHE_ERRORS:
            logger.warning("cache unavailable; %s not kept", key)
    return value


def page_cache_key(request, version: int) -> str:
    what = f"{get_language()}|{request.get_host()}|{request.get_full_path()}"
    return f"pagecache:{version}:{hashlib.sha256(what.encode()).hexdigest()}"


def is_cacheable_request(request) -> bool:
    """Only what every anonymous visitor would see alike."""
    if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
        return False
    if "messages" in request.COOKIES:
        return False
    if request.user.is_authenticated:
        return False
    return request.session.is_empty()


def _entry(response) -> dict:
    return {
        "content": _CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content),
        "content_type": response["Content-Type"],
        "content_language": response.get("Content-Language", ""),
    }


def _response(request, entry: dict) -> HttpResponse:
    content = entry["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, content_type=entry["content_type"])
    if entry["content_language"]:
        response["Content-Language"] = entry["content_language"]
    return response


def cache_anonymous_page(view):
    """Decorator for a public page view; see the module docstring."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_cacheable_request(request):
            response = view(request, *args, **kwargs)
            response[HEADER] = "bypass"
            return response
        try:
            key = page_cache_key(request, page_cache_version())
            entry = cache.get(key)
        except CACHE_ERRORS:
            logger.warning("page cache unavailable; rendering %s", request.path)
            key, entry = None, None
        if entry is not None:
            response = _response(request, entry)
            response[HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response = response.render()
        if key and response.status_code == 200 and not response.streaming and not response.cookies:
            try:
                cache.set(key, _entry(response), page_cache_seconds())
            except CACHE_ERRORS:
                logger.warning("page cache unavailable; %s not stored", request.path)
        response[HEADER] = "miss"
        return response

    return wrapped
