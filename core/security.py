"""Security plumbing that is not a setting: the CSP middleware with its per-path exception,
the username django-axes counts failures against, and the log filter that masks NIKs."""

from __future__ import annotations

import logging
import re

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import get_user_model


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with per-path exceptions for pages we do not write: Wagtail's and Django's
    admin and the Swagger UI set style attributes (CSP_INLINE_STYLE_PATH_PREFIXES), and
    Wagtail's admin writes a few inline scripts (CSP_INLINE_SCRIPT_PATH_PREFIXES). Every page
    of our own runs with scripts and styles from 'self' (plus Stripe) only."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        path = request.path_info
        extra = {}
        if path.startswith(tuple(getattr(settings, "CSP_INLINE_STYLE_PATH_PREFIXES", ()))):
            extra["style-src"] = [UNSAFE_INLINE]
        if path.startswith(tuple(getattr(settings, "CSP_INLINE_SCRIPT_PATH_PREFIXES", ()))):
            extra["script-src"] = [UNSAFE_INLINE]
        if extra:
            parts.update = {**(parts.update or {}), **extra}
        return parts


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front the
    address the outermost trusted proxy saw (never a value the client wrote itself)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def axes_username(request, credentials: dict | None) -> str:
    """Owners may log in with their email address or their username: count failures against
    the account, so switching between the two does not double the attempts."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    value = (credentials or {}).get(field) or (request.POST.get(field) if request is not None else "") or ""
    value = value.strip()
    if "@" in value:
        username = (
            get_user_model()
            .objects.filter(email__iexact=value)
            .order_by("pk")
            .values_list("username", flat=True)
            .first()
        )
        if username:
            return username
        return value.lower()
    return value


# A NIK is 16 digits; mask any run of exactly 16 digits (not part of a longer number), keeping
# the first six (the region code, not personal) as the portal's masked display does.
_NIK_RE = re.compile(r"(?<!\d)(\d{6})\d{10}(?!\d)")


def mask_nik(text: str) -> str:
    return _NIK_RE.sub(r"\1**********", text)


class MaskNikFilter(logging.Filter):
    """Logging filter: no NIK reaches a log line, whatever the logger and its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        masked = mask_nik(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            formatter = logging.Formatter()
            record.exc_text = formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_nik(record.exc_text)
        return True
