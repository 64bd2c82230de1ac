"""Registries through which apps add panels to pages the portal owns, without the portal
importing them: the owner dashboard (/akun/), the public business profile and the home page.

An app registers in its AppConfig.ready():

    from portal import panels
    panels.account.register("training-recommendations", order=30)(my_panel)

A panel is a callable taking (request, **context) and returning None (nothing to show) or a
dict with "template" and any context that template needs (a home panel whose content goes
stale by the clock adds "fresh_until", an aware datetime: see portal.home_panels). Panels must not grow queries with
the number of rows they show (use select_related/prefetch_related).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class PanelRegistry:
    name: str
    _panels: dict[str, tuple[int, Callable]] = field(default_factory=dict)

    def register(self, key: str, *, order: int = 50):
        def decorator(func: Callable) -> Callable:
            self._panels[key] = (order, func)
            return func

        return decorator

    def render_list(self, request, **context) -> list[dict]:
        rendered = []
        for key, (order, func) in sorted(self._panels.items(), key=lambda item: item[1][0]):
            panel = func(request, **context)
            if panel:
                rendered.append({"key": key, **panel})
        return rendered


account = PanelRegistry("account")  # context: user
business_profile = PanelRegistry("business_profile")  # context: business
home = PanelRegistry("home")  # context: page
