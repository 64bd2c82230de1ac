"""Issue 17 (10): a malformed but correctly signed Stripe webhook gave a 500. The signature
proves who sent an event, not that it has the shape the handlers read: every signed payload,
whatever JSON it holds, is answered 200 (applied or ignored) or 400 (malformed), never 5xx,
and a malformed event changes nothing."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from catalog.models import Checkout, PaymentEvent, PaymentStatus
from catalog.payments import consts
from tests.catalog.factories import ProductFactory, make_checkout, signed_event

pytestmark = pytest.mark.django_db

WEBHOOK = "/webhooks/stripe/"


def post_signed(client, payload: bytes):
    signature = signed_event(payload, settings.STRIPE_WEBHOOK_SECRET)
    return client.post(WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)


def event(event_type: str = consts.PAYMENT_INTENT_SUCCEEDED, obj=None, **fields) -> bytes:
    body = {"id": "evt_shape", "object": "event", "type": event_type, "data": {"object": obj}, **fields}
    return json.dumps(body).encode()


@pytest.fixture
def checkout(db):
    checkout = make_checkout((ProductFactory(stock=10, price=15_000), 2))
    Checkout.objects.filter(pk=checkout.pk).update(payment_intent_id="pi_shape")
    checkout.refresh_from_db()
    return checkout


def intent(checkout, **changes) -> dict:
    return {
        "id": "pi_shape",
        "object": "payment_intent",
        "amount": consts.rupiah_to_stripe_amount(checkout.total),
        "currency": "idr",
        "metadata": {"checkout": checkout.reference},
        **changes,
    }


MALFORMED = {
    "intent-without-id": lambda c: event(obj={k: v for k, v in intent(c).items() if k != "id"}),
    "amount-as-text": lambda c: event(obj=intent(c, amount="banyak")),
    "amount-as-fraction": lambda c: event(obj=intent(c, amount=1.5)),
    "amount-as-object": lambda c: event(obj=intent(c, amount={"value": 1})),
    "metadata-as-text": lambda c: event(obj=intent(c, metadata="checkout")),
    "currency-as-number": lambda c: event(obj=intent(c, currency=360)),
    "data-as-list": lambda c: json.dumps(
        {"id": "evt_shape", "type": consts.PAYMENT_INTENT_SUCCEEDED, "data": []}
    ).encode(),
    "object-as-list": lambda c: event(obj=[intent(c)]),
    "event-id-as-object": lambda c: event(obj=intent(c), id={"x": 1}),
    "event-id-too-long": lambda c: event(obj=intent(c), id="evt_" + "x" * 200),
    "type-as-list": lambda c: event(obj=intent(c), type=[consts.PAYMENT_INTENT_SUCCEEDED]),
    "nul-in-intent-id": lambda c: event(obj=intent(c, id="pi_\x00shape")),
    "intent-id-too-long": lambda c: event(obj=intent(c, id="pi_" + "x" * 300)),
    "failure-message-as-object": lambda c: event(
        consts.PAYMENT_INTENT_FAILED, obj=intent(c, last_payment_error={"message": {"text": "no"}})
    ),
    "failure-error-as-text": lambda c: event(consts.PAYMENT_INTENT_FAILED, obj=intent(c, last_payment_error="no")),
    "refund-intent-as-object": lambda c: event(
        consts.CHARGE_REFUNDED, obj={"object": "charge", "payment_intent": {"id": "pi_shape"}, "amount": 1}
    ),
    "refund-amount-as-text": lambda c: event(
        consts.CHARGE_REFUNDED,
        obj={"object": "charge", "payment_intent": "pi_shape", "amount": "x", "amount_refunded": "y"},
    ),
    "deeply-nested": lambda c: (
        b'{"id": "evt_shape", "type": "payment_intent.succeeded", "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    ),
}


@pytest.mark.parametrize("name", MALFORMED, ids=list(MALFORMED))
def test_a_signed_but_malformed_event_is_400_and_changes_nothing(client, checkout, name):
    response = post_signed(client, MALFORMED[name](checkout))

    assert response.status_code == 400, response.content
    assert response.content == b"malformed event"
    checkout.refresh_from_db()
    assert checkout.payment_status == PaymentStatus.PENDING
    assert not PaymentEvent.objects.exists()


def test_a_well_formed_event_is_still_applied(client, checkout):
    response = post_signed(client, event(obj=intent(checkout)))

    assert (response.status_code, response.content) == (200, b"paid")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=80),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
FIELD_VALUES = st.one_of(JSON, st.just("pi_shape"), st.just("idr"), st.integers(min_value=0, max_value=10**20))
OBJECT = st.fixed_dictionaries(
    {},
    optional={
        "id": FIELD_VALUES,
        "object": st.sampled_from(["payment_intent", "charge"]) | JSON,
        "amount": FIELD_VALUES,
        "amount_refunded": FIELD_VALUES,
        "currency": FIELD_VALUES,
        "refunded": FIELD_VALUES,
        "payment_intent": FIELD_VALUES,
        "metadata": st.fixed_dictionaries({}, optional={"checkout": FIELD_VALUES}) | JSON,
        "last_payment_error": st.fixed_dictionaries({}, optional={"message": FIELD_VALUES}) | JSON,
    },
)
EVENT = st.fixed_dictionaries(
    {
        "id": st.text(min_size=1, max_size=80) | JSON,
        "type": st.sampled_from(
            [consts.PAYMENT_INTENT_SUCCEEDED, consts.PAYMENT_INTENT_FAILED, consts.CHARGE_REFUNDED, "customer.created"]
        )
        | JSON,
    },
    optional={"data": st.fixed_dictionaries({}, optional={"object": OBJECT | JSON}) | JSON},
)


@hypothesis_settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(body=EVENT)
def test_no_signed_payload_gets_a_5xx(client, checkout, body):
    response = post_signed(client, json.dumps(body).encode())

    assert response.status_code in (200, 400), (body, response.status_code, response.content)
