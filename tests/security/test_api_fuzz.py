"""Schemathesis against /api/v1/schema/, in process (Django's WSGI app, the test database):
generated requests for every operation must never get a 5xx and every response must match
the schema it is documented with (status code, content type, body)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from portal.wsgi import application

# Every default check runs (no 5xx, documented status codes, content types, response bodies
# and headers, negative data rejected) except "schema-valid data is accepted": filter values
# are checked against reference data (kecamatan codes, categories) that the schema cannot
# list, so a well-formed but unknown code is rightly refused with a documented 400.


@pytest.fixture
def api_schema(db, settings):
    """Some data for the list and detail operations to return, then the live schema. Not
    throttled: one client sends every case (throttling: test_api_throttle.py)."""
    rates = dict.fromkeys(["anon", "financing_match", "kbli_search"], "100000/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from tests.catalog.factories import ProductFactory
    from tests.partners.factories import ChannelListingFactory, channel, delivery_ready_product
    from tests.training.factories import SessionFactory

    for n in range(3):
        ProductFactory(name=f'Kripik <b>{n}</b> "tempe"')
    ChannelListingFactory(product=delivery_ready_product(), channel=channel("gofood"))
    SessionFactory()
    # Like Django's test client: a request must not close the test's database connection (the
    # handler's request_started/finished signals would, and end the test transaction with it).
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# schemathesis' lazy pytest fixture loader does not run under pytest 9 ("'Function' object has
# no attribute '_nodeid'"), so the operations are walked here, one hypothesis run each.
EXAMPLES_PER_OPERATION = 60
FUZZ = settings(
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def test_api_conforms_to_its_schema(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    sent = {}
    failures = []
    for operation in operations:
        count = 0

        @FUZZ
        @given(case=operation.as_strategy())
        def run(case):
            nonlocal count
            count += 1
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, then report
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
        sent[f"{operation.method.upper()} {operation.path}"] = count
    print("schemathesis requests per operation:", sent, "total:", sum(sent.values()))
    assert failures == [], "\n\n".join(failures)
