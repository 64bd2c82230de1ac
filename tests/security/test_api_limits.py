"""Issue 17 (3): what an anonymous client may send the API. Every operation that takes a body is
found in the live schema (so a new one is covered the day it is documented): a body over the
limit is refused with 413 before it is read, JSON nested deeper than the limit with 400 (not a
RecursionError), every list and string a body may hold has a maximum, and each refusal says
why in Bahasa Indonesia first, English under Accept-Language: en."""

from __future__ import annotations

import io
import json

import pytest
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation
from rest_framework.exceptions import ParseError

pytestmark = pytest.mark.django_db


def api_schema(client) -> dict:
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def body_operations(client) -> list[tuple[str, str, dict]]:
    """(method, path, a valid example body) for every operation of the schema with a body."""
    found = []
    for path, item in api_schema(client)["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            examples = operation["requestBody"]["content"]["application/json"].get("examples", {})
            assert examples, f"{method.upper()} {path}: document a valid example body (OpenApiExample)"
            found.append((method, path, next(iter(examples.values()))["value"]))
    return found


def send(client, method: str, path: str, body: bytes | str, **headers):
    return getattr(client, method)(path, body, content_type="application/json", **headers)


def test_the_match_api_is_found_as_an_operation_with_a_body(client):
    assert [(method, path) for method, path, _body in body_operations(client)] == [("post", "/api/v1/financing/match/")]


def test_an_oversized_body_is_refused_with_413_before_a_byte_is_read(client, settings):
    """5 MB of valid JSON (a padded example) was matched for 8 s and answered 200."""
    factory = RequestFactory()
    for method, path, example in body_operations(client):
        body = json.dumps({**example, "padding": "x" * 5_000_000}).encode()
        stream = CountingStream(body)
        request = factory.generic(method.upper(), path, body, content_type="application/json", **{"wsgi.input": stream})
        response = resolve(path).func(request)
        response.render()

        assert response.status_code == 413, (path, response.status_code)
        assert stream.read_bytes == 0
        assert json.loads(response.content) == {
            "detail": f"Isi permintaan terlalu besar: paling banyak {settings.API_MAX_BODY_BYTES // 1024} KB."
        }


def test_a_body_with_an_oversized_list_is_refused_over_http(client):
    loans = [{"type": "consumer", "lender": "bca", "amount": 1_000_000}] * 100_000
    for method, path, example in body_operations(client):
        response = send(client, method, path, json.dumps({**example, "current_loans": loans}))

        assert response.status_code == 413
        assert "terlalu besar" in response.json()["detail"]


def test_a_body_without_a_trustworthy_length_is_read_no_further_than_the_limit(settings):
    """The limit holds when the length header is missing or wrong: the parser counts what it
    reads and stops one byte past the limit."""
    from core.api import BoundedJSONParser, RequestTooLarge

    stream = CountingStream(b"[" + b"1," * 10_000_000 + b"1]")

    with pytest.raises(RequestTooLarge):
        BoundedJSONParser().parse(stream, "application/json", {})
    assert stream.read_bytes <= settings.API_MAX_BODY_BYTES + 1


def test_a_body_under_the_limit_is_answered(client, settings):
    for method, path, example in body_operations(client):
        body = json.dumps(example)
        padded = json.dumps({**example, "padding": "x" * (settings.API_MAX_BODY_BYTES - len(body) - 20)})
        assert len(padded) <= settings.API_MAX_BODY_BYTES

        assert send(client, method, path, padded).status_code == 200


@pytest.mark.parametrize(
    "opening, closing",
    [("[", "]"), ('{"a":', "}")],
    ids=["arrays", "objects"],
)
@pytest.mark.parametrize("depth", [5_000, 11], ids=["5000-deep", "one-past-the-limit"])
def test_deeply_nested_json_is_refused_with_400(client, settings, opening, closing, depth):
    """5,000-deep JSON raised RecursionError in the parser: a 500."""
    assert settings.API_MAX_JSON_DEPTH == 10
    nested = opening * depth + "1" + closing * depth
    for method, path, example in body_operations(client):
        body = json.dumps(example)[:-1] + ', "padding": ' + nested + "}"

        response = send(client, method, path, body)

        assert response.status_code == 400, (depth, response.status_code)
        assert response.json() == {"detail": "JSON bersarang terlalu dalam: paling banyak 10 tingkat."}


def test_nesting_at_the_limit_and_brackets_inside_strings_are_fine(client):
    for method, path, example in body_operations(client):
        body = json.dumps(
            {**example, "padding": [[[[[[[[['[[[[{{{{\\"' * 500]]]]]]]]]}
        )  # the body is depth 10; the string only looks deep

        assert send(client, method, path, body).status_code == 200


def test_malformed_json_is_400_with_a_reason(client):
    for method, path, _example in body_operations(client):
        response = send(client, method, path, '{"amount": 5,')

        assert response.status_code == 400
        assert response.json()["detail"].startswith("Isi permintaan bukan JSON yang sah")


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
def test_only_json_bodies_are_parsed(client, content_type):
    """Form bodies went through Django's 10 MB upload limit, not the API's."""
    for method, path, _example in body_operations(client):
        response = getattr(client, method)(path, "amount=5", content_type=content_type)

        assert response.status_code == 415


def walk(schema: dict, node, where: str):
    """Yield (where, node) for every schema inside node, $refs resolved."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            yield from walk(schema, schema["components"]["schemas"][name], f"{where}→{name}")
            return
        yield where, node
        for key in ("properties",):
            for name, child in node.get(key, {}).items():
                yield from walk(schema, child, f"{where}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from walk(schema, node[key], f"{where}[]")
        for key in ("allOf", "oneOf", "anyOf"):
            for child in node.get(key, []):
                yield from walk(schema, child, where)


def test_every_list_and_string_a_body_may_hold_has_a_maximum(client):
    """`current_loans` had no maximum. A list needs maxItems; a string maxLength, or a closed
    set (enum, a date, an anchored pattern)."""
    schema = api_schema(client)
    unbounded = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            for content in operation["requestBody"]["content"].values():
                for where, node in walk(schema, content["schema"], f"{method.upper()} {path}"):
                    kind = node.get("type")
                    if kind == "array" and "maxItems" not in node:
                        unbounded.append(where)
                    if kind == "string" and not (
                        "maxLength" in node
                        or "enum" in node
                        or node.get("format") in ("date", "date-time")
                        or str(node.get("pattern", "")).startswith("^")
                        and str(node.get("pattern", "")).endswith("$")
                    ):
                        unbounded.append(where)
    assert unbounded == []


def test_too_many_current_loans_is_400_with_a_reason(client):
    loan = {"type": "consumer", "lender": "bca", "amount": 1_000_000}
    for method, path, example in body_operations(client):
        at_limit = send(client, method, path, json.dumps({**example, "current_loans": [loan] * 20}))
        over = send(client, method, path, json.dumps({**example, "current_loans": [loan] * 21}))

        assert at_limit.status_code == 200
        assert over.status_code == 400
        assert over.json() == {"current_loans": {"non_field_errors": ["Paling banyak 20 pinjaman berjalan."]}}


def answer_in(language: str, method: str, path: str, body: str) -> dict:
    """The view's answer with `language` active (the API is outside i18n_patterns, so over HTTP
    it answers in the portal's language, Bahasa Indonesia)."""
    request = RequestFactory().generic(method.upper(), path, body, content_type="application/json")
    with translation.override(language):
        response = resolve(path).func(request)
        response.render()
    return json.loads(response.content)


def test_refusals_are_in_indonesian_with_english_translations(client):
    method, path, example = body_operations(client)[0]
    too_large = json.dumps({**example, "padding": "x" * 100_000})
    too_deep = "[" * 50 + "]" * 50

    assert send(client, method, path, too_large).json()["detail"].startswith("Isi permintaan terlalu besar")
    assert answer_in("en", method, path, too_large) == {"detail": "The request body is too large: at most 32 KB."}
    assert answer_in("en", method, path, too_deep) == {"detail": "The JSON is nested too deeply: at most 10 levels."}
    assert answer_in("en", method, path, '{"amount": 5,') == {
        "detail": "The request body is not valid JSON (line 1, column 14)."
    }
    loans = json.dumps({**example, "current_loans": [{"type": "kur"}] * 21})
    assert answer_in("en", method, path, loans) == {
        "current_loans": {"non_field_errors": ["At most 20 current loans."]}
    }


def test_the_schema_documents_the_refusals(client):
    schema = api_schema(client)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            assert "429" in operation["responses"], f"{method.upper()} {path}"
            if "requestBody" in operation:
                assert {"400", "413", "415"} <= set(operation["responses"]), f"{method.upper()} {path}"


def test_the_parser_refuses_what_json_refuses():
    from core.api import BoundedJSONParser

    parser = BoundedJSONParser()
    for body in (b"NaN", b'{"a": Infinity}', b"\xff\xfe", b'{"a": 1'):
        with pytest.raises(ParseError):
            parser.parse(io.BytesIO(body), "application/json", {})


class CountingStream(io.RawIOBase):
    """A request body that counts what is read from it."""

    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        chunk = self._data.read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        chunk = self._data.readline(size)
        self.read_bytes += len(chunk)
        return chunk
