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

logger = logging.getLogger(__name__)


def _reference(obj: dict) -> str:
    return str((obj.get("metadata") or {}).get("checkout") or "")


def _succeeded(obj: dict) -> str:
    return orders.payment_succeeded(
        intent_id=obj["id"],
        amount=int(obj.get("amount") or 0),
        currency=str(obj.get("currency") or ""),
        reference=_reference(obj),
    )


def _failed(obj: dict) -> str:
    error = obj.get("last_payment_error") or {}
    return orders.payment_failed(
        intent_id=obj["id"], message=str(error.get("message") or ""), reference=_reference(obj)
    )


def _refunded(obj: dict) -> str:
    intent_id = obj.get("payment_intent") or ""
    if not intent_id:
        return "no-intent"
    fully = bool(obj.get("refunded")) or int(obj.get("amount_refunded") or 0) >= int(obj.get("amount") or 0)
    return orders.payment_refunded(intent_id=intent_id, fully=fully)


HANDLERS = {
    consts.PAYMENT_INTENT_SUCCEEDED: _succeeded,
    consts.PAYMENT_INTENT_FAILED: _failed,
    consts.CHARGE_REFUNDED: _refunded,
}


def handle_event(event: dict) -> str:
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return "ignored-type"
    obj = (event.get("data") or {}).get("object") or {}
    intent_id = obj.get("id") if obj.get("object") == "payment_intent" else obj.get("payment_intent", "")
    try:
        with transaction.atomic():
            record = PaymentEvent.objects.create(
                event_id=event["id"], type=event["type"], payment_intent_id=str(intent_id or "")[:64]
            )
            outcome = handler(obj)
            record.outcome = outcome
            record.save(update_fields=["outcome"])
    except IntegrityError:
        return "duplicate"
    logger.info("stripe event %s %s: %s", event["id"], event["type"], outcome)
    return outcome
