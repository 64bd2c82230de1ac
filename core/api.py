"""API plumbing shared by every app: the exception handler that never 5xx's on bad input, the
JSON parser that bounds what a client may send, the strict JSON types of request bodies, and
the throttle of anonymous clients."""

from __future__ import annotations

import codecs
import json
import logging
import math
import re
import time
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, fields, serializers
from rest_framework.parsers import BaseParser
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from core.page_cache import CACHE_ERRORS
from core.security import client_ip

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, exceptions.Throttled) and not isinstance(exc, TooManyRequests):
        exc = TooManyRequests(exc.wait)  # type: ignore[attr-defined]  # set in Throttled.__init__; the stubs omit it
    return drf_exception_handler(exc, context)


# --- what a client may send ----------------------------------------------------------------------


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"

    def __init__(self):
        limit = settings.API_MAX_BODY_BYTES // 1024
        super().__init__(_("Isi permintaan terlalu besar: paling banyak %(limit)d KB.") % {"limit": limit})


class TooManyRequests(exceptions.Throttled):
    """DRF's Throttled with a message in the portal's languages (DRF's own Indonesian lacks the
    wait); the handler still sets Retry-After from `wait`."""

    def __init__(self, wait: float | None = None):
        seconds = math.ceil(wait) if wait is not None else None
        if seconds:
            detail = ngettext(
                "Terlalu banyak permintaan. Coba lagi dalam %(wait)d detik.",
                "Terlalu banyak permintaan. Coba lagi dalam %(wait)d detik.",
                seconds,
            ) % {"wait": seconds}
        else:
            detail = _("Terlalu banyak permintaan. Coba lagi sebentar lagi.")
        exceptions.APIException.__init__(self, detail, "throttled")
        self.wait = seconds


# A JSON token that changes the nesting: an escape (two characters, so \" does not end a
# string), a quote, or a bracket. Only these are looked at, so the scan is one pass.
_JSON_STRUCTURE = re.compile(r'\\[\s\S]|["\[\]{}]')


def json_nesting_exceeds(text: str, limit: int) -> bool:
    """Whether `text` nests arrays and objects deeper than `limit` (brackets inside strings do
    not count). Python's json recurses per level: 5,000 levels raised RecursionError, a 500."""
    depth, in_string = 0, False
    for token in _JSON_STRUCTURE.findall(text):
        if token == '"':
            in_string = not in_string
        elif in_string or len(token) == 2:
            continue
        elif token in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def content_length(meta: Mapping[str, Any]) -> int | None:
    try:
        return int(meta.get("CONTENT_LENGTH") or meta.get("HTTP_CONTENT_LENGTH") or "")
    except ValueError:
        return None


class BoundedJSONParser(BaseParser):
    """The only parser of the API (DEFAULT_PARSER_CLASSES). For its JSONParser DRF reads
    request.body, which Django bounds at DATA_UPLOAD_MAX_MEMORY_SIZE, the 10 MB meant for photo
    uploads: a 5 MB body was read and matched for 8 s. This one is not a JSONParser subclass, so
    DRF hands it the request stream: it refuses a body over API_MAX_BODY_BYTES with 413 by its
    Content-Length before reading a byte, reads at most one byte past the limit whatever the
    header says, and refuses JSON nested deeper than API_MAX_JSON_DEPTH with 400 before json
    parses it (json recurses per level)."""

    media_type = "application/json"
    renderer_class = JSONRenderer

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = settings.API_MAX_BODY_BYTES
        request = parser_context.get("request")
        declared = content_length(request.META) if request is not None else None
        if declared is not None and declared > limit:
            raise RequestTooLarge()
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise RequestTooLarge()
        try:
            text = codecs.decode(body, parser_context.get("encoding") or settings.DEFAULT_CHARSET)
        except (LookupError, ValueError) as exc:
            raise exceptions.ParseError(_("Isi permintaan bukan JSON yang sah: bukan teks UTF-8.")) from exc
        depth = settings.API_MAX_JSON_DEPTH
        if json_nesting_exceeds(text, depth):
            raise exceptions.ParseError(
                _("JSON bersarang terlalu dalam: paling banyak %(depth)d tingkat.") % {"depth": depth}
            )
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            where = ""
            if isinstance(exc, json.JSONDecodeError):
                where = _(" (baris %(line)d, kolom %(column)d)") % {"line": exc.lineno, "column": exc.colno}
            raise exceptions.ParseError(_("Isi permintaan bukan JSON yang sah%(where)s.") % {"where": where}) from exc


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


# For request serializers: each value in the JSON type its schema documents. DRF coerces
# ("25000000" to an integer, "yes" to true, 12345 to "12345", "٢٥" to 25), so the API took bodies
# its own schema refuses, and client bugs passed unseen. Dates are YYYY-MM-DD in ASCII digits
# (Django's parser takes any Unicode digit). Put it before serializers.Serializer. (No docstring:
# drf-spectacular would show it as the description of every serializer that uses it.)
class StrictTypesMixin:
    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {}
            for name, field in self.fields.items():  # type: ignore[attr-defined]
                if field.read_only or field.source == "*" or name not in data:
                    continue
                value = data[name]
                if value is None:
                    continue  # allow_null decides, as before
                message = _type_error(field, value)
                if message:
                    errors[name] = [message]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _type_error(field: fields.Field, value: Any) -> str | None:
    if isinstance(field, fields.BooleanField):
        return None if isinstance(value, bool) else _("Harus true atau false.")
    if isinstance(field, fields.IntegerField):
        if isinstance(value, int) and not isinstance(value, bool):
            return None
        return _("Harus berupa bilangan bulat JSON (angka tanpa tanda kutip).")
    if isinstance(field, (fields.FloatField, fields.DecimalField)):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return None
        return _("Harus berupa angka JSON (tanpa tanda kutip).")
    if isinstance(field, fields.DateField):
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            return None
        return _("Harus berupa tanggal TTTT-BB-HH, mis. 2023-01-10.")
    if isinstance(field, fields.MultipleChoiceField):
        return None  # a list: DRF checks the container
    if isinstance(field, fields.ChoiceField):
        if any(type(value) is type(key) for key in field.choices):
            return None
        return _("Harus salah satu pilihan yang tercantum.")
    if isinstance(field, (fields.CharField, fields.DateTimeField, fields.TimeField)):
        return None if isinstance(value, str) else _("Harus berupa teks.")
    return None


# --- who may send how often ----------------------------------------------------------------------

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "300/min" -> (300, 60), as DRF reads rates."""
    count, period = rate.split("/")
    return int(count), _PERIODS[period[0]]


class ClientRateThrottle(BaseThrottle):
    """A window per client and scope that opens with the client's first request, counted with
    one atomic increment in the cache (Redis in production). DRF's own throttles read a history
    and write it back, so a client's concurrent requests all saw room. The client is the address
    the portal trusts behind nginx (core.security.client_ip). The rate is
    DEFAULT_THROTTLE_RATES[scope], read per request; the scope is the view's `throttle_scope`,
    else the class's. If the cache is down, requests are let through (fail soft, as the page
    cache and the form limits do)."""

    scope = "anon"
    counts_signed_in_users = False

    def allow_request(self, request, view) -> bool:
        self.wait_seconds: float | None = None
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in and not self.counts_signed_in_users:
            return True
        scope = getattr(view, "throttle_scope", None) or self.scope
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
        if not rate:
            return True
        limit, window = parse_rate(str(rate))
        ident = f"user:{user.pk}" if signed_in and user is not None else f"addr:{client_ip(request) or '-'}"
        key = f"throttle:{scope}:{ident}"
        try:
            return self._count(key, limit=limit, window=window)
        except CACHE_ERRORS:
            logger.warning("throttle %s: cache unavailable, allowing", scope)
            return True

    def _count(self, key: str, *, limit: int, window: int) -> bool:
        now = time.time()
        if cache.add(key, 1, timeout=window):
            cache.set(f"{key}:opened", now, timeout=window)
            return limit >= 1
        try:
            if cache.incr(key) <= limit:
                return True
        except ValueError:  # the window closed between add and incr
            return True
        opened = cache.get(f"{key}:opened")
        self.wait_seconds = max(1.0, window - (now - opened)) if isinstance(opened, float) else float(window)
        return False

    def wait(self) -> float | None:
        return getattr(self, "wait_seconds", None)


class AnonymousClientThrottle(ClientRateThrottle):
    """Every API view's default (DEFAULT_THROTTLE_CLASSES): anonymous use per client address.
    Signed-in users are not counted."""


# --- the schema ----------------------------------------------------------------------------------


def public_api_only(endpoints):
    """drf-spectacular hook: document /api/v1/ only (not Wagtail's internal admin API)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


# What every error answer looks like: DRF's {"field": ["message"]} or {"detail": "message"}.
ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array"}, {"type": "object"}],
    },
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular hook: an operation that takes input documents the 400 its validation
    answers with, and one with an id in the path the 404. Without them the schema promised only
    200 and API clients (and schemathesis) met undocumented status codes. Every operation may
    answer 429 (anonymous clients are throttled); one with a body 413 (too large) and 415 (not
    JSON)."""
    for path_item in result.get("paths", {}).values():
        for _method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            parameters = operation.get("parameters", [])
            responses = operation["responses"]
            error = {"content": {"application/json": {"schema": ERROR_SCHEMA}}}
            if (
                any(p.get("in") == "query" for p in parameters) or "requestBody" in operation
            ) and "400" not in responses:
                responses["400"] = {**error, "description": "Invalid input: the message per field."}
            if any(p.get("in") == "path" or p.get("name") == "page" for p in parameters) and "404" not in responses:
                responses["404"] = {**error, "description": "Not found (or not public), or a page past the last."}
            if "requestBody" in operation:
                responses.setdefault("413", {**error, "description": "The body is over the size limit."})
                responses.setdefault("415", {**error, "description": "The body is not application/json."})
            responses.setdefault(
                "429",
                {
                    **error,
                    "description": "Too many requests from this client; Retry-After says when to try again.",
                    "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}},
                },
            )
    return result
