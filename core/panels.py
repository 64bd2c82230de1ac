"""Registries through which apps add panels to pages the portal owns, without the portal
importing them: the owner dashboard (/akun/), the public business profile and the home page.

An app registers in its AppConfig.ready():

    from core import panels
    panels.account.register("training-recommendations", order=30)(my_panel)

A panel is a callable taking (request, **context) and returning None (nothing to show) or a
dict with "template" and any context that template needs (a panel whose content goes stale
by the clock adds "fresh_until", an aware datetime: see render_kept). Panels must not grow
queries with the number of rows they show (use select_related/prefetch_related).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core.page_cache import kept_with_catalogue

PANELS_TEMPLATE = "portal/_panels.html"


@dataclass
class PanelRegistry:
    name: str
    _panels: dict[str, tuple[int, Callable]] = field(default_factory=dict)

    def register(self, key: str, *, order: int = 50):
        def decorator(func: Callable) -> Callable:
            self._panels[key] = (order, func)
            return func

        return decorator

    def render_kept(self, request, key: str, **context) -> SafeString:
        """The panels rendered with portal/_panels.html for what every visitor sees alike (the
        home page, a business profile), kept with the catalogue under `key` and the language
        (core.page_cache.kept_with_catalogue: dropped by any change to what they show). A panel
        that goes stale by the clock sets "fresh_until" and the rendering is kept no longer than
        that. A preview of a draft (Wagtail sets request.is_preview) is rendered and not kept,
        as `{% wagtailcache %}` does."""

        def render() -> tuple[str, int | None]:
            shown = self.render_list(request, **context)
            deadlines = [panel["fresh_until"] for panel in shown if panel.get("fresh_until")]
            fresh_for = int((min(deadlines) - timezone.now()).total_seconds()) if deadlines else None
            return render_to_string(PANELS_TEMPLATE, {"panels": shown, **context}), fresh_for

        if getattr(request, "is_preview", False):
            return SafeString(render()[0])
        html, _ = kept_with_catalogue(
            f"{key}:{get_language()}", render, settings.CATALOG_SUMMARY_SECONDS, fresh_for=lambda rendered: rendered[1]
        )
        return SafeString(html)

    def render_list(self, request, **context) -> list[dict]:
        rendered = []
        for key, (_order, func) in sorted(self._panels.items(), key=lambda item: item[1][0]):
            panel = func(request, **context)
            if panel:
                rendered.append({"key": key, **panel})
        return rendered


account = PanelRegistry("account")  # context: user
business_profile = PanelRegistry("business_profile")  # context: business
home = PanelRegistry("home")  # context: page
