"""The only module that calls Stripe. Every call has a timeout, an idempotency key where it
creates something, and turns StripeError into catalog.payments.exceptions.

https://docs.stripe.com/api/payment_intents · https://docs.stripe.com/api/idempotent_requests
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import stripe
from django.conf import settings

from catalog.payments import consts
from catalog.payments.exceptions import (
    MalformedWebhookEvent,
    PaymentConfigurationError,
    PaymentDeclined,
    PaymentError,
    PaymentInvalidRequest,
    PaymentProviderUnavailable,
    WebhookSignatureError,
)

logger = logging.getLogger(__name__)


@dataclass
class Intent:
    id: str
    client_secret: str
    status: str
    amount: int
    currency: str


def is_configured() -> bool:
    """Card payment is offered: switched on (PAYMENTS_ENABLED) and a key to use."""
    return bool(settings.PAYMENTS_ENABLED and settings.STRIPE_SECRET_KEY)


def _client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentConfigurationError("STRIPE_SECRET_KEY is not set")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT),
        max_network_retries=1,
        base_addresses={"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else {},
    )


def _translate(exc: stripe.StripeError) -> PaymentError:
    logger.warning("stripe error %s: %s", type(exc).__name__, exc)
    if isinstance(exc, stripe.CardError):
        return PaymentDeclined(str(exc))
    if isinstance(exc, (stripe.APIConnectionError, stripe.RateLimitError)):
        return PaymentProviderUnavailable(str(exc))
    if isinstance(exc, stripe.AuthenticationError):
        return PaymentConfigurationError(str(exc))
    if isinstance(exc, stripe.InvalidRequestError):
        return PaymentInvalidRequest(str(exc))
    if exc.http_status == 402:
        return PaymentDeclined(str(exc))
    return PaymentError(str(exc))


def _intent(obj) -> Intent:
    data = obj.to_dict()
    return Intent(
        id=data["id"],
        client_secret=data.get("client_secret") or "",
        status=data["status"],
        amount=data["amount"],
        currency=data["currency"],
    )


def create_payment_intent(*, amount_rupiah: int, reference: str, idempotency_key: str, email: str = "") -> Intent:
    params: dict = {
        "amount": consts.rupiah_to_stripe_amount(amount_rupiah),
        "currency": consts.CURRENCY,
        "metadata": {"checkout": reference},
        "payment_method_types": ["card"],
    }
    try:
        # payment_method_types is still part of the API; stripe-python 16's TypedDict lacks it.
        obj = _client().v1.payment_intents.create(params=params, options={"idempotency_key": idempotency_key})  # type: ignore[arg-type]
    except stripe.StripeError as exc:
        raise _translate(exc) from exc
    return _intent(obj)


def retrieve_payment_intent(intent_id: str) -> Intent:
    try:
        return _intent(_client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as exc:
        raise _translate(exc) from exc


def attach_and_confirm(*, intent_id: str, payment_method: str, idempotency_key: str) -> Intent:
    """Server-side confirmation with a card the browser tokenised (used with localstripe's
    Stripe.js stand-in, which only handles the 3-D Secure step client-side)."""
    try:
        client = _client()
        client.v1.payment_intents.update(
            intent_id, params={"payment_method": payment_method}, options={"idempotency_key": f"{idempotency_key}-pm"}
        )
        obj = client.v1.payment_intents.confirm(intent_id, options={"idempotency_key": f"{idempotency_key}-confirm"})
    except stripe.StripeError as exc:
        raise _translate(exc) from exc
    return _intent(obj)


def cancel_payment_intent(intent_id: str) -> Intent:
    try:
        return _intent(_client().v1.payment_intents.cancel(intent_id))
    except stripe.StripeError as exc:
        raise _translate(exc) from exc


def refund_payment_intent(*, intent_id: str, idempotency_key: str) -> dict:
    try:
        obj = _client().v1.refunds.create(
            params={"payment_intent": intent_id}, options={"idempotency_key": idempotency_key}
        )
    except stripe.StripeError as exc:
        raise _translate(exc) from exc
    data = obj.to_dict()
    return {"id": data["id"], "status": data["status"], "amount": data["amount"]}


def construct_event(*, payload: bytes, signature: str) -> dict:
    """Verifies the Stripe-Signature header (HMAC-SHA256 with the endpoint secret, 5 min
    tolerance) and returns the event as a plain dict."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise WebhookSignatureError("STRIPE_WEBHOOK_SECRET is not set")
    if not signature:
        raise WebhookSignatureError("missing Stripe-Signature header")
    try:
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature, secret, tolerance=300)
    except (stripe.SignatureVerificationError, UnicodeDecodeError) as exc:
        raise WebhookSignatureError(str(exc)) from exc

    try:
        event = json.loads(payload)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested deeper than json recurses
        raise MalformedWebhookEvent("payload is not JSON") from exc
    if not isinstance(event, dict) or "id" not in event or "type" not in event:
        raise MalformedWebhookEvent("payload is not an event")
    return event
