"""API plumbing shared by every app: the router and an exception handler that never 5xx's
on bad input."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    return drf_exception_handler(exc, context)


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
    200 and API clients (and schemathesis) met undocumented status codes."""
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
    return result
