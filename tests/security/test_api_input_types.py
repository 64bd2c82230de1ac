"""Issue 17 (10): the API accepted inputs its schema refuses. Python's `\\d` is any Unicode digit,
so `region_code` "٣٣.٢٤.١٢" (Arabic-Indic digits) passed the pattern and then matched no
region, which changed the match result; DRF also turns "25000000" into an integer, "yes" into
true and 12345 into "12345". A request body is now taken only in the JSON types and the ASCII
patterns its schema documents: each property of every documented body is tried here with what
the schema refuses, and schemathesis sends its own schema-invalid bodies."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from portal.wsgi import application
from tests.security.test_api_limits import api_schema, body_operations, send, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    """Each test here sends many bodies from one client; throttling is tested elsewhere."""
    rates = dict.fromkeys(["anon", "financing_match", "kbli_search"], "100000/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


# Ten digits in scripts that str.isdigit() and Python's re `\d` accept.
DIGITS = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "extended-arabic-indic": "۰۱۲۳۴۵۶۷۸۹",
    "devanagari": "०१२३४५६७८९",
    "fullwidth": "０１２３４５６７８９",
}


def properties(client, kinds: set[str]) -> list[tuple[str, str, dict, str, dict]]:
    """(method, path, example, property name, property schema) for the top-level properties of
    every documented body whose type is in `kinds`."""
    schema = api_schema(client)
    found = []
    for method, path, example in body_operations(client):
        operation = schema["paths"][path][method]
        body_schema = operation["requestBody"]["content"]["application/json"]["schema"]
        for where, node in walk(schema, body_schema, ""):
            steps = where.split(".")
            if len(steps) == 2 and "[]" not in where and node.get("type") in kinds:
                found.append((method, path, example, steps[1].split("→")[0], node))
    return found


def test_the_arabic_indic_region_code_of_the_report_is_refused(client):
    """The reported case: with Kendal's region in Arabic-Indic digits BPR BKK Kendal (Kendal
    only) became ineligible, where "33.24.12" is eligible."""
    method, path, example = body_operations(client)[0]

    response = send(client, method, path, json.dumps({**example, "region_code": "٣٣.٢٤.١٢"}))

    assert response.status_code == 400
    assert list(response.json()) == ["region_code"]


@pytest.mark.parametrize("script", DIGITS, ids=list(DIGITS))
def test_a_pattern_of_digits_takes_ascii_digits_only(client, script):
    patterned = [item for item in properties(client, {"string"}) if "pattern" in item[4]]
    assert {name for _m, _p, _e, name, _s in patterned} >= {"kbli", "region_code"}
    for method, path, example, name, _schema in patterned:
        value = str(example[name]).translate(str.maketrans("0123456789", DIGITS[script]))

        response = send(client, method, path, json.dumps({**example, name: value}))

        assert response.status_code == 400, (name, value)
        assert name in response.json()


WRONG_TYPES = {
    "integer": ["25000000", "٢٥٠٠٠٠٠٠", True, [5], {"n": 5}],
    "boolean": ["true", "yes", 1, 0, "1"],
    "string": [12345, 1.5, True, ["10794"]],
}


def test_each_property_takes_only_the_json_type_its_schema_names(client):
    typed = properties(client, set(WRONG_TYPES))
    assert {schema["type"] for *_rest, schema in typed} == set(WRONG_TYPES)
    accepted = []
    for method, path, example, name, schema in typed:
        for value in WRONG_TYPES[schema["type"]]:
            response = send(client, method, path, json.dumps({**example, name: value}))
            if response.status_code != 400 or name not in response.json():
                accepted.append(f"{name}={value!r}: {response.status_code}")
    assert accepted == []


def test_the_refusal_names_the_type_in_indonesian(client):
    method, path, example = body_operations(client)[0]

    response = send(client, method, path, json.dumps({**example, "amount": "25000000", "has_nib": "ya"}))

    assert response.json() == {
        "amount": ["Harus berupa bilangan bulat JSON (angka tanpa tanda kutip)."],
        "has_nib": ["Harus true atau false."],
    }


@pytest.mark.parametrize("value", ["2023-1-5", "٢٠٢٣-٠١-١٠", "20230110", "2023-01-10T00:00:00"])
def test_a_date_is_a_full_iso_date_in_ascii_digits(client, value):
    method, path, example = body_operations(client)[0]

    response = send(client, method, path, json.dumps({**example, "started_on": value}))

    assert response.status_code == 400
    assert "started_on" in response.json()


def test_values_the_schema_allows_are_still_answered(client):
    method, path, example = body_operations(client)[0]

    assert send(client, method, path, json.dumps(example)).status_code == 200
    assert send(client, method, path, json.dumps({**example, "started_on": None})).status_code == 200


@pytest.fixture
def live_schema(db):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


NEGATIVE = settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def test_schema_invalid_bodies_are_refused(live_schema):
    """schemathesis' negative mode: bodies the schema refuses must get a 4xx."""
    operations = [result.ok() for result in live_schema.get_all_operations()]
    with_body = [operation for operation in operations if operation.body]
    assert with_body
    for operation in with_body:

        @NEGATIVE
        @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        def run(case):
            case.call_and_validate(checks=[negative_data_rejection])

        run()
