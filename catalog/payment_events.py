"""Stripe events applied to orders. The webhook view verifies the signature; this records the
event id once and dispatches by type. Outside catalog/payments/ (the provider seam), which
orders use, so that the seam never imports the orders it serves.

Handlers are idempotent on their own (state only moves forward), and the PaymentEvent row
makes a redelivered event a no-op even before a handler runs.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from catalog import orders
from catalog.models import PaymentEvent
from catalog.payments import consts
from catalog.payments.exceptions import MalformedWebhookEvent

logger = logging.getLogger(__name__)


# Field readers: a signed event whose fields are not the JSON types Stripe sends (an amount as
# text, metadata as a string, an id too long for its column or holding NUL) raised deep in a
# handler, a 500; each reader raises MalformedWebhookEvent instead, before anything is written.
MAX_ID_LENGTH = 64  # PaymentEvent's and Checkout's id columns


def _mapping(container: dict, key: str) -> dict:
    value = container.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MalformedWebhookEvent(f"{key} is not an object")
    return value


def _text(container: dict, key: str, *, required: bool = False, max_length: int = 255) -> str:
    value = container.get(key)
    if value is None or value == "":
        if required:
            raise MalformedWebhookEvent(f"{key} is missing")
        return ""
    if not isinstance(value, str) or len(value) > max_length or "\x00" in value:
        raise MalformedWebhookEvent(f"{key} is not a text of at most {max_length} characters")
    return value


def _amount(container: dict, key: str) -> int:
    value = container.get(key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MalformedWebhookEvent(f"{key} is not a whole number")
    return value


def _flag(container: dict, key: str) -> bool:
    value = container.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise MalformedWebhookEvent(f"{key} is not true or false")
    return value


def _reference(obj: dict) -> str:
    return _text(_mapping(obj, "metadata"), "checkout")


def _intent_id(obj: dict) -> str:
    return _text(obj, "id", required=True, max_length=MAX_ID_LENGTH)


def _succeeded(obj: dict) -> str:
    intent_id, amount = _intent_id(obj), _amount(obj, "amount")
    currency, reference = _text(obj, "currency", required=True, max_length=3), _reference(obj)
    return orders.payment_succeeded(intent_id=intent_id, amount=amount, currency=currency, reference=reference)


def _failed(obj: dict) -> str:
    intent_id, reference = _intent_id(obj), _reference(obj)
    message = _text(_mapping(obj, "last_payment_error"), "message", max_length=5000)
    return orders.payment_failed(intent_id=intent_id, message=message, reference=reference)


def _refunded(obj: dict) -> str:
    intent_id = _text(obj, "payment_intent", max_length=MAX_ID_LENGTH)
    amount, amount_refunded, refunded = _amount(obj, "amount"), _amount(obj, "amount_refunded"), _flag(obj, "refunded")
    if not intent_id:
        return "no-intent"
    return orders.payment_refunded(intent_id=intent_id, fully=refunded or amount_refunded >= amount)


HANDLERS = {
    consts.PAYMENT_INTENT_SUCCEEDED: _succeeded,
    consts.PAYMENT_INTENT_FAILED: _failed,
    consts.CHARGE_REFUNDED: _refunded,
}


def handle_event(event: dict) -> str:
    """Raises MalformedWebhookEvent (nothing written) for an event not of the shape Stripe sends."""
    event_id = _text(event, "id", required=True, max_length=MAX_ID_LENGTH)
    event_type = _text(event, "type", required=True)
    handler = HANDLERS.get(event_type)
    if handler is None:
        return "ignored-type"
    obj = _mapping(_mapping(event, "data"), "object")
    key = "id" if obj.get("object") == "payment_intent" else "payment_intent"
    intent_id = _text(obj, key, max_length=MAX_ID_LENGTH)
    try:
        with transaction.atomic():
            record = PaymentEvent.objects.create(event_id=event_id, type=event_type, payment_intent_id=intent_id)
            outcome = handler(obj)
            record.outcome = outcome
            record.save(update_fields=["outcome"])
    except IntegrityError:
        return "duplicate"
    logger.info("stripe event %s %s: %s", event_id, event_type, outcome)
    return outcome
