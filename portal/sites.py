"""Wagtail's Site lookup, kept in the cache.

For every CMS page Wagtail finds the request's Site with an annotated query and then loads the
site's root page as its specific class: two queries and several milliseconds of ORM work on
each view of the home page, for rows that change only when an administrator edits a site or
publishes a page. This middleware hands Wagtail the Site (root page already specific) from the
cache, keyed on host and port under the page-cache version, which a Site change and every
page save or delete bump (portal.signals). With the cache down, Wagtail looks the
site up itself.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from core.page_cache import CACHE_ERRORS, page_cache_version

logger = logging.getLogger(__name__)

KEEP_SECONDS = 300  # an upper bound: any change that matters bumps the version first


def _site_for(request) -> Site | None:
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve or request.method not in ("GET", "HEAD"):
            return None
        try:
            # get_host() is checked against ALLOWED_HOSTS: no cache key for a made-up host.
            key = f"wagtail-site:{page_cache_version()}:{request.get_host()}:{request.get_port()}"
            site = cache.get(key)
            if site is None:
                site = _site_for(request)
                if site is not None:
                    cache.set(key, site, KEEP_SECONDS)
        except CACHE_ERRORS:
            logger.warning("cache unavailable; Wagtail looks up the site")
            return None
        request._wagtail_site = site
        return None
