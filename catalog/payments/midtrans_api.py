"""The only module that calls Midtrans' Core API: QRIS, GoPay, ShopeePay, virtual accounts (BCA,
BNI, BRI, Permata), Mandiri bill and Indomaret/Alfamart payment codes. Every call has a timeout
and turns what goes wrong into catalog.payments.exceptions.

Plain `requests`, not the official `midtransclient`: that SDK sets no timeout on its requests
and picks its host from an is_production flag, so it can be pointed neither at the stand-in nor
away from a hung connection. The requests and answers relied on are listed, with their sources,
in docs/payments-midtrans.md.

https://docs.midtrans.com/reference/core-api-overview · https://docs.midtrans.com/docs/https-notification-webhooks
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings

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

# Midtrans writes its times as "YYYY-MM-DD HH:MM:SS" in GMT+7 (WIB) without an offset.
WIB = timezone(timedelta(hours=7), "WIB")
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

# https://docs.midtrans.com/reference/transaction-details-object
_ORDER_ID = re.compile(r"[A-Za-z0-9\-_~.]{1,50}")
# Notifications carry amounts as "15000.00": whole rupiah with an optional all-zero fraction.
_AMOUNT = re.compile(r"(0|[1-9][0-9]{0,17})(?:\.([0-9]{1,2}))?")

PAID_STATUSES = frozenset({"settlement", "capture"})
# https://docs.midtrans.com/docs/https-notification-webhooks#status-definition
FAILED_STATUSES = frozenset({"deny", "cancel", "expire", "failure"})
# The signature covers order_id, status_code and gross_amount but not transaction_status: a
# "pending" notification (201) edited to say "settlement" or "expire" would still verify. So a
# notification or status answer is only believed when its transaction_status goes with its
# status_code, as in Midtrans' samples (notifications: 201 pending, 200 settlement/capture,
# 202 deny/cancel/expire; status API: 200 cancel, 407 expire).
STATUS_CODES = {
    "pending": frozenset({"201"}),
    "settlement": frozenset({"200"}),
    "capture": frozenset({"200"}),
    "authorize": frozenset({"200"}),
    "refund": frozenset({"200"}),
    "partial_refund": frozenset({"200"}),
    "deny": frozenset({"202"}),
    "cancel": frozenset({"202", "200"}),
    "expire": frozenset({"202", "407"}),
    "failure": frozenset({"202"}),
}


class Method(StrEnum):
    """The ways of paying this client charges; the values are the project's names, not Midtrans'
    payment_type (several methods share one payment_type)."""

    QRIS = "qris"
    GOPAY = "gopay"
    SHOPEEPAY = "shopeepay"
    BCA_VA = "bca_va"
    BNI_VA = "bni_va"
    BRI_VA = "bri_va"
    PERMATA_VA = "permata_va"
    MANDIRI_BILL = "mandiri_bill"
    INDOMARET = "indomaret"
    ALFAMART = "alfamart"


VA_BANKS = {Method.BCA_VA: "bca", Method.BNI_VA: "bni", Method.BRI_VA: "bri", Method.PERMATA_VA: "permata"}
STORES = {Method.INDOMARET: "indomaret", Method.ALFAMART: "alfamart"}
_BY_BANK = {bank: method for method, bank in VA_BANKS.items()}
_BY_STORE = {store: method for method, store in STORES.items()}


class TransactionNotFound(PaymentInvalidRequest):
    """Midtrans has no transaction under that order_id (status_code 404)."""


class TransactionNotModifiable(PaymentInvalidRequest):
    """Cancel or expire refused: the transaction is no longer pending (status_code 412)."""


@dataclass(frozen=True)
class Customer:
    first_name: str
    last_name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Item:
    """One line of item_details; Midtrans refuses a charge whose lines do not add up to the
    gross amount."""

    id: str
    name: str
    price: int
    quantity: int = 1


@dataclass(frozen=True)
class Transaction:
    """A charge as Midtrans reports it, from a charge, status, cancel or expire answer or from
    a notification. Fields a given answer does not carry are empty."""

    order_id: str
    transaction_id: str
    status: str  # Midtrans' transaction_status: pending, settlement, capture, deny, cancel, expire, ...
    status_code: str
    gross_amount: int
    payment_type: str
    method: Method | None
    fraud_status: str = ""
    transaction_time: datetime | None = None
    expires_at: datetime | None = None
    settled_at: datetime | None = None
    qr_url: str = ""  # a PNG of the QR (QRIS, GoPay)
    qr_string: str = ""  # the QRIS payload itself (QRIS)
    deeplink_url: str = ""  # GoPay / ShopeePay app link
    va_bank: str = ""
    va_number: str = ""  # BCA, BNI, BRI, Permata
    bill_key: str = ""  # Mandiri bill
    biller_code: str = ""  # Mandiri bill
    payment_code: str = ""  # Indomaret, Alfamart

    @property
    def is_paid(self) -> bool:
        """Settled (or captured), and not held by the fraud check where it ran."""
        return self.status in PAID_STATUSES and self.fraud_status in ("", "accept")

    @property
    def is_pending(self) -> bool:
        return self.status == "pending"

    @property
    def is_failed(self) -> bool:
        return self.status in FAILED_STATUSES


def is_configured() -> bool:
    return bool(settings.MIDTRANS_SERVER_KEY)


# --- amounts and times -------------------------------------------------------------------------


def parse_amount(value: object) -> int:
    """Whole rupiah from Midtrans' "15000.00" (or a JSON integer); a fraction other than zero,
    a sign, an exponent or anything else is refused with ValueError."""
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"negative amount: {value!r}")
        return value
    if not isinstance(value, str):
        raise ValueError(f"not an amount: {value!r}")
    match = _AMOUNT.fullmatch(value)
    if match is None:
        raise ValueError(f"not an amount: {value!r}")
    if match.group(2) and int(match.group(2)) != 0:
        raise ValueError(f"fraction of a rupiah: {value!r}")
    return int(match.group(1))


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.strptime(value, _TIME_FORMAT).replace(tzinfo=WIB)
    except ValueError:
        return None


# --- requests ----------------------------------------------------------------------------------


def _base() -> str:
    return settings.MIDTRANS_API_BASE.rstrip("/")


def _request(method: str, path: str, *, body: dict | None = None, headers: Mapping[str, str] | None = None) -> dict:
    """One call; answers the decoded JSON whatever its status_code (the callers read it).
    Midtrans answers many refusals with HTTP 200 and the code in the body, others with the
    HTTP status as well: the body's status_code is what counts."""
    key = settings.MIDTRANS_SERVER_KEY
    if not key:
        raise PaymentConfigurationError("MIDTRANS_SERVER_KEY is not set")
    timeout = settings.MIDTRANS_TIMEOUT
    try:
        response = requests.request(
            method,
            f"{_base()}{path}",
            auth=(key, ""),
            json=body,
            headers={"Accept": "application/json", **(headers or {})},
            timeout=(timeout, timeout),
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        logger.warning("midtrans %s %s: %s", method, path, type(exc).__name__)
        raise PaymentProviderUnavailable(f"Midtrans unreachable: {type(exc).__name__}") from exc
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        if response.status_code == 401:
            raise PaymentConfigurationError("Midtrans refused the server key (HTTP 401)")
        raise PaymentProviderUnavailable(f"Midtrans answered HTTP {response.status_code} without a JSON object")
    if "status_code" not in data:
        data["status_code"] = str(response.status_code)
    return data


def _raise_for(data: dict, *, what: str) -> None:
    """Turns a Midtrans status_code of 300 or more into the project's exceptions. 407 is the
    code of a successful expire (and of the status of an expired transaction), not an error."""
    code = str(data.get("status_code", ""))
    message = str(data.get("status_message", ""))
    details = data.get("validation_messages") or []
    text = f"{what}: {code} {message} {details}".strip()
    if code in ("200", "201", "407"):
        return
    logger.warning("midtrans %s", text)
    if code in ("401", "402"):
        raise PaymentConfigurationError(text)
    if code == "404":
        raise TransactionNotFound(text)
    if code == "412":
        raise TransactionNotModifiable(text)
    if code in ("202", "410"):
        raise PaymentDeclined(text)
    if code in ("400", "403", "405", "406", "408", "411", "413"):
        raise PaymentInvalidRequest(text)
    if code == "429" or code.startswith("5"):
        raise PaymentProviderUnavailable(text)
    raise PaymentError(text)


def _order_path(order_id: str) -> str:
    return quote(order_id, safe="")


def _check_order_id(order_id: str) -> None:
    if not isinstance(order_id, str) or not _ORDER_ID.fullmatch(order_id):
        raise PaymentInvalidRequest(f"order_id {order_id!r}: 1-50 of A-Z a-z 0-9 - _ ~ .")


def _check_rupiah(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PaymentInvalidRequest(f"{name} must be a whole number of rupiah of at least 1, not {value!r}")
    return value


# --- answers to Transaction --------------------------------------------------------------------


def _method_of(data: Mapping[str, Any]) -> Method | None:
    payment_type = data.get("payment_type")
    if payment_type == "qris":
        return Method.QRIS
    if payment_type == "gopay":
        return Method.GOPAY
    if payment_type == "shopeepay":
        return Method.SHOPEEPAY
    if payment_type == "echannel":
        return Method.MANDIRI_BILL
    if payment_type == "cstore":
        return _BY_STORE.get(str(data.get("store", "")).lower())
    if payment_type in ("bank_transfer", "permata"):
        if data.get("permata_va_number"):
            return Method.PERMATA_VA
        numbers = data.get("va_numbers")
        if isinstance(numbers, list) and numbers and isinstance(numbers[0], dict):
            return _BY_BANK.get(str(numbers[0].get("bank", "")).lower())
    return None


def _action(data: Mapping[str, Any], name: str) -> str:
    for action in data.get("actions") or []:
        if isinstance(action, dict) and action.get("name") == name and isinstance(action.get("url"), str):
            return action["url"]
    return ""


def _qr_url(data: Mapping[str, Any], method: Method | None, transaction_id: str) -> str:
    url = _action(data, "generate-qr-code")
    if url or method not in (Method.QRIS, Method.GOPAY) or not transaction_id:
        return url
    # A status answer carries no actions; the QR's address is the documented one for the id.
    kind = "qris" if method is Method.QRIS else "gopay"
    return f"{_base()}/v2/{kind}/{quote(transaction_id, safe='')}/qr-code"


def _transaction(data: Mapping[str, Any], *, expiry_fallback: datetime | None = None) -> Transaction:
    try:
        order_id = data["order_id"]
        gross_amount = parse_amount(data["gross_amount"])
    except (KeyError, ValueError) as exc:
        raise PaymentProviderUnavailable(f"Midtrans answer without a readable order_id/gross_amount: {exc}") from exc
    if not isinstance(order_id, str):
        raise PaymentProviderUnavailable("Midtrans answer with a non-string order_id")
    method = _method_of(data)
    transaction_id = str(data.get("transaction_id") or "")
    va_bank = va_number = ""
    if data.get("permata_va_number"):
        va_bank, va_number = "permata", str(data["permata_va_number"])
    elif isinstance(data.get("va_numbers"), list) and data["va_numbers"] and isinstance(data["va_numbers"][0], dict):
        va_bank = str(data["va_numbers"][0].get("bank", ""))
        va_number = str(data["va_numbers"][0].get("va_number", ""))
    transaction_time = _parse_time(data.get("transaction_time"))
    return Transaction(
        order_id=order_id,
        transaction_id=transaction_id,
        status=str(data.get("transaction_status", "")).lower(),
        status_code=str(data.get("status_code", "")),
        gross_amount=gross_amount,
        payment_type=str(data.get("payment_type", "")),
        method=method,
        fraud_status=str(data.get("fraud_status", "")).lower(),
        transaction_time=transaction_time,
        expires_at=_parse_time(data.get("expiry_time")) or expiry_fallback,
        settled_at=_parse_time(data.get("settlement_time")),
        qr_url=_qr_url(data, method, transaction_id),
        qr_string=str(data.get("qr_string", "")),
        deeplink_url=_action(data, "deeplink-redirect"),
        va_bank=va_bank,
        va_number=va_number,
        bill_key=str(data.get("bill_key", "")),
        biller_code=str(data.get("biller_code", "")),
        payment_code=str(data.get("payment_code", "")),
    )


# --- the calls ---------------------------------------------------------------------------------


def _charge_body(
    *,
    order_id: str,
    gross_amount: int,
    method: Method,
    customer: Customer | None,
    expiry_minutes: int | None,
    items: Sequence[Item] | None,
    callback_url: str,
    bill_info: tuple[str, str],
) -> dict:
    body: dict[str, Any] = {"transaction_details": {"order_id": order_id, "gross_amount": gross_amount}}
    if method is Method.QRIS:
        body.update(payment_type="qris", qris={"acquirer": "gopay"})
    elif method is Method.GOPAY:
        body.update(payment_type="gopay", gopay={"enable_callback": bool(callback_url)})
        if callback_url:
            body["gopay"]["callback_url"] = callback_url
    elif method is Method.SHOPEEPAY:
        body.update(payment_type="shopeepay", shopeepay={"callback_url": callback_url} if callback_url else {})
    elif method in VA_BANKS:
        body.update(payment_type="bank_transfer", bank_transfer={"bank": VA_BANKS[method]})
    elif method is Method.MANDIRI_BILL:
        body.update(
            payment_type="echannel", echannel={"bill_info1": bill_info[0][:10], "bill_info2": bill_info[1][:30]}
        )
    elif method in STORES:
        body.update(payment_type="cstore", cstore={"store": STORES[method]})
    if customer is not None:
        body["customer_details"] = {
            name: value
            for name, value in (
                ("first_name", customer.first_name),
                ("last_name", customer.last_name),
                ("email", customer.email),
                ("phone", customer.phone),
            )
            if value
        }
    if items:
        body["item_details"] = [
            {"id": item.id, "name": item.name[:50], "price": item.price, "quantity": item.quantity} for item in items
        ]
    if expiry_minutes is not None:
        body["custom_expiry"] = {"expiry_duration": expiry_minutes, "unit": "minute"}
    return body


def charge(
    order_id: str,
    gross_amount: int,
    method: Method | str,
    customer: Customer | None = None,
    expiry_minutes: int | None = None,
    *,
    items: Sequence[Item] | None = None,
    callback_url: str = "",
    notification_url: str = "",
    bill_info: tuple[str, str] = ("Pembayaran", "Etalase MPP"),
) -> Transaction:
    """Creates the charge for order_id, or, when Midtrans already holds one under that order_id
    (status_code 406), answers that one as the status API reports it: calling again with the
    same order_id after a timeout or a crash never makes a second charge. A charge already
    there for another amount or method is refused (PaymentInvalidRequest).

    expiry_minutes: None leaves Midtrans' default for the method (15 minutes for QRIS/GoPay,
    24 hours for transfers and counters). notification_url (or MIDTRANS_NOTIFICATION_URL) is
    sent as X-Override-Notification; empty, the dashboard's URL is used."""
    _check_order_id(order_id)
    _check_rupiah(gross_amount, "gross_amount")
    try:
        method = Method(method)
    except ValueError as exc:
        raise PaymentInvalidRequest(f"unknown method {method!r}") from exc
    if expiry_minutes is not None and (isinstance(expiry_minutes, bool) or not isinstance(expiry_minutes, int)):
        raise PaymentInvalidRequest(f"expiry_minutes must be an integer, not {expiry_minutes!r}")
    if expiry_minutes is not None and not 1 <= expiry_minutes <= 180 * 24 * 60:
        raise PaymentInvalidRequest(f"expiry_minutes {expiry_minutes} outside 1 minute to 180 days")
    if items:
        for item in items:
            _check_rupiah(item.price, "item price")
            _check_rupiah(item.quantity, "item quantity")
        if sum(item.price * item.quantity for item in items) != gross_amount:
            raise PaymentInvalidRequest("item_details do not add up to gross_amount")
    body = _charge_body(
        order_id=order_id,
        gross_amount=gross_amount,
        method=method,
        customer=customer,
        expiry_minutes=expiry_minutes,
        items=items,
        callback_url=callback_url,
        bill_info=bill_info,
    )
    url = notification_url or settings.MIDTRANS_NOTIFICATION_URL
    headers = {"X-Override-Notification": url} if url else {}
    data = _request("POST", "/v2/charge", body=body, headers=headers)
    if str(data.get("status_code")) == "406":
        logger.info("midtrans charge %s exists already: reading it back", order_id)
        existing = status(order_id)
        if existing.gross_amount != gross_amount or existing.method not in (method, None):
            raise PaymentInvalidRequest(
                f"order_id {order_id} is charged already for {existing.gross_amount} by {existing.method}"
            )
        return existing
    _raise_for(data, what=f"charge {order_id}")
    fallback = None
    if expiry_minutes is not None and (started := _parse_time(data.get("transaction_time"))):
        fallback = started + timedelta(minutes=expiry_minutes)
    return _transaction(data, expiry_fallback=fallback)


def status(order_id: str) -> Transaction:
    """The transaction as Midtrans holds it now: what to trust when a notification is late,
    lost or out of order. TransactionNotFound when there is none."""
    data = _request("GET", f"/v2/{_order_path(order_id)}/status")
    _raise_for(data, what=f"status {order_id}")
    return _transaction(data)


def cancel(order_id: str) -> Transaction:
    """Voids a pending charge. TransactionNotModifiable when it is paid, expired or cancelled."""
    data = _request("POST", f"/v2/{_order_path(order_id)}/cancel")
    _raise_for(data, what=f"cancel {order_id}")
    return _transaction(data)


def expire(order_id: str) -> Transaction:
    """Ends a pending charge now (Midtrans then lets the order_id be charged again).
    TransactionNotModifiable when it is no longer pending."""
    data = _request("POST", f"/v2/{_order_path(order_id)}/expire")
    _raise_for(data, what=f"expire {order_id}")
    return _transaction(data)


# --- notifications -----------------------------------------------------------------------------


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    """SHA512(order_id + status_code + gross_amount + ServerKey), hex, as Midtrans signs it."""
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def verify_notification(payload: Mapping[str, Any]) -> bool:
    """Whether signature_key is Midtrans' signature over the payload's order_id, status_code and
    gross_amount with our server key (compared in constant time), and its transaction_status is
    one that status_code is sent with (STATUS_CODES). Anything missing, not a string, or no
    server key configured: False."""
    key = settings.MIDTRANS_SERVER_KEY
    if not key or not isinstance(payload, Mapping):
        return False
    names = ("order_id", "status_code", "gross_amount", "signature_key", "transaction_status")
    fields = [payload.get(name) for name in names]
    strings = [value for value in fields if isinstance(value, str) and value]
    if len(strings) != len(names):
        return False
    order_id, status_code, gross_amount, given, transaction_status = strings
    expected = signature(order_id, status_code, gross_amount, key)
    if not hmac.compare_digest(expected.encode(), given.lower().encode()):
        return False
    return status_code in STATUS_CODES.get(transaction_status.lower(), frozenset())


def parse_notification(body: bytes) -> Transaction:
    """The notification a webhook view received, verified: WebhookSignatureError when the
    signature does not verify, MalformedWebhookEvent when it is not a JSON object of the shape
    read here (a signed payload with a fractional amount, say)."""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise MalformedWebhookEvent("notification is not JSON") from exc
    if not isinstance(payload, dict):
        raise MalformedWebhookEvent("notification is not a JSON object")
    if not verify_notification(payload):
        raise WebhookSignatureError("signature_key does not verify (or does not go with transaction_status)")
    try:
        return _transaction(payload)
    except PaymentProviderUnavailable as exc:
        raise MalformedWebhookEvent(str(exc)) from exc
