"""The production Midtrans client (catalog/payments/midtrans_api.py) against the stand-in
process (scripts/midtrans_server.py, started by scripts/services): each method's charge, status,
cancel, expire, the duplicate order_id, refusals, an unreachable gateway, and the signed
notifications the stand-in sends, received by a small HTTP server in the test."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import requests
from PIL import Image

from catalog.payments import midtrans_api as midtrans
from catalog.payments.exceptions import (
    MalformedWebhookEvent,
    PaymentConfigurationError,
    PaymentInvalidRequest,
    PaymentProviderUnavailable,
    WebhookSignatureError,
)
from catalog.payments.midtrans_api import Customer, Item, Method
from tests.catalog.midtrans import Receiver, behave, control, ensure_standin, order_id, sent
from tests.conftest import ROOT, free_port, wait_until

BUDI = Customer(first_name="Budi", last_name="Santoso", email="budi@example.id", phone="081234567890")


@pytest.fixture(scope="module", autouse=True)
def standin():
    ensure_standin()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


def _charge(method, amount=15_000, *, receiver=None, **kwargs):
    order = order_id(str(method).replace("_", ""))
    notification_url = receiver.url if receiver else ""
    return midtrans.charge(order, amount, method, BUDI, notification_url=notification_url, **kwargs)


# --- charge: each method's answer ----------------------------------------------------------


def test_qris_charge_answers_a_qr_image_and_its_string():
    charge = _charge(Method.QRIS, expiry_minutes=30)

    assert (charge.status, charge.status_code, charge.method, charge.payment_type) == (
        "pending",
        "201",
        Method.QRIS,
        "qris",
    )
    assert charge.gross_amount == 15_000 and charge.transaction_id
    assert charge.is_pending and not charge.is_paid
    assert charge.qr_string.startswith("000201") and charge.order_id[:25] in charge.qr_string
    assert charge.expires_at - charge.transaction_time == timedelta(minutes=30)
    assert charge.expires_at.utcoffset() == timedelta(hours=7)
    png = requests.get(charge.qr_url, timeout=5)
    assert png.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).size[0] >= 100
    assert (charge.deeplink_url, charge.va_number, charge.payment_code) == ("", "", "")


def test_gopay_charge_answers_a_qr_image_and_an_app_link():
    charge = _charge(Method.GOPAY, callback_url="https://etalase.example/pesanan/1")

    assert (charge.status, charge.method) == ("pending", Method.GOPAY)
    assert charge.qr_url.endswith(f"/v2/gopay/{charge.transaction_id}/qr-code")
    assert requests.get(charge.qr_url, timeout=5).content.startswith(b"\x89PNG")
    assert charge.deeplink_url
    # Midtrans' default expiry for GoPay: 15 minutes.
    assert charge.expires_at - charge.transaction_time == timedelta(minutes=15)


def test_shopeepay_charge_answers_an_app_link_only():
    charge = _charge(Method.SHOPEEPAY)

    assert (charge.status, charge.method, charge.qr_url) == ("pending", Method.SHOPEEPAY, "")
    assert charge.deeplink_url


@pytest.mark.parametrize(
    "method, bank",
    [(Method.BCA_VA, "bca"), (Method.BNI_VA, "bni"), (Method.BRI_VA, "bri"), (Method.PERMATA_VA, "permata")],
    ids=["bca", "bni", "bri", "permata"],
)
def test_virtual_account_charge_answers_the_bank_and_number(method, bank):
    charge = _charge(method, 250_000, expiry_minutes=24 * 60)

    assert (charge.status, charge.method, charge.payment_type, charge.va_bank) == (
        "pending",
        method,
        "bank_transfer",
        bank,
    )
    assert charge.va_number.isdigit() and len(charge.va_number) >= 10
    assert charge.expires_at - charge.transaction_time == timedelta(days=1)
    assert (charge.qr_url, charge.bill_key, charge.payment_code) == ("", "", "")


def test_mandiri_bill_charge_answers_bill_key_and_biller_code():
    charge = _charge(Method.MANDIRI_BILL, 95_000)

    assert (charge.status, charge.method, charge.payment_type) == ("pending", Method.MANDIRI_BILL, "echannel")
    assert charge.biller_code == "70012"
    assert charge.bill_key.isdigit() and len(charge.bill_key) == 12
    assert charge.va_number == ""


@pytest.mark.parametrize("method", [Method.INDOMARET, Method.ALFAMART], ids=["indomaret", "alfamart"])
def test_counter_charge_answers_a_payment_code(method):
    charge = _charge(method, 44_000)

    assert (charge.status, charge.method, charge.payment_type) == ("pending", method, "cstore")
    assert charge.payment_code.isdigit()


def test_items_are_sent_and_must_add_up():
    items = [
        Item(id="p1", name="Bandeng presto", price=25_000, quantity=2),
        Item(id="ongkir", name="Ongkir", price=10_000),
    ]
    charge = _charge(Method.BRI_VA, 60_000, items=items)
    assert charge.gross_amount == 60_000

    with pytest.raises(PaymentInvalidRequest, match="add up"):
        _charge(Method.BRI_VA, 59_999, items=items)


@pytest.mark.parametrize(
    "order, amount, method, expiry",
    [
        ("pesanan#1", 15_000, Method.QRIS, None),
        ("x" * 51, 15_000, Method.QRIS, None),
        (None, 0, Method.QRIS, None),
        (None, 15_000.0, Method.QRIS, None),
        (None, True, Method.QRIS, None),
        (None, 15_000, "ovo", None),
        (None, 15_000, Method.QRIS, 0),
        (None, 15_000, Method.QRIS, 1.5),
    ],
    ids=["symbol", "too-long", "zero", "float", "bool", "unknown-method", "zero-expiry", "float-expiry"],
)
def test_bad_charges_are_refused_before_anything_is_sent(order, amount, method, expiry):
    order = order or order_id()

    with pytest.raises(PaymentInvalidRequest):
        midtrans.charge(order, amount, method, expiry_minutes=expiry)

    if "#" not in order and len(order) <= 50:
        with pytest.raises(midtrans.TransactionNotFound):
            midtrans.status(order)


# --- idempotency: the same order_id --------------------------------------------------------


def test_charging_an_order_id_again_answers_the_existing_charge():
    first = _charge(Method.BNI_VA, 120_000)

    again = midtrans.charge(first.order_id, 120_000, Method.BNI_VA, BUDI)

    assert again.transaction_id == first.transaction_id
    assert (again.status, again.va_number, again.gross_amount) == ("pending", first.va_number, 120_000)


def test_charging_an_order_id_again_for_another_amount_is_refused():
    first = _charge(Method.BNI_VA, 120_000)

    with pytest.raises(PaymentInvalidRequest, match="charged already"):
        midtrans.charge(first.order_id, 125_000, Method.BNI_VA, BUDI)


def test_a_readback_of_a_qris_charge_still_has_its_qr_image():
    first = _charge(Method.QRIS)

    again = midtrans.charge(first.order_id, 15_000, Method.QRIS)

    assert again.transaction_id == first.transaction_id
    assert requests.get(again.qr_url, timeout=5).content.startswith(b"\x89PNG")


def test_duplicate_answered_with_the_http_status_too_is_read_back_the_same():
    order = order_id()
    behave(order, mirror_status=True)
    first = midtrans.charge(order, 30_000, Method.BCA_VA)

    assert midtrans.charge(order, 30_000, Method.BCA_VA).transaction_id == first.transaction_id


# --- status, cancel, expire ----------------------------------------------------------------


def test_status_follows_the_payment():
    charge = _charge(Method.BCA_VA)
    assert midtrans.status(charge.order_id).status == "pending"

    control(charge.order_id, "settle").raise_for_status()
    paid = midtrans.status(charge.order_id)

    assert (paid.status, paid.status_code, paid.is_paid) == ("settlement", "200", True)
    assert paid.settled_at is not None and paid.va_number == charge.va_number
    # A status answer is signed like a notification.
    assert midtrans.verify_notification(requests.get(_status_url(charge.order_id), auth=_auth(), timeout=5).json())


def test_status_by_transaction_id():
    charge = _charge(Method.INDOMARET)

    assert midtrans.status(charge.transaction_id).order_id == charge.order_id


def test_status_of_an_unknown_order_id():
    with pytest.raises(midtrans.TransactionNotFound):
        midtrans.status(order_id())


def test_cancel_a_pending_charge_once():
    charge = _charge(Method.MANDIRI_BILL)

    cancelled = midtrans.cancel(charge.order_id)

    assert (cancelled.status, cancelled.is_failed) == ("cancel", True)
    assert midtrans.status(charge.order_id).status == "cancel"
    with pytest.raises(midtrans.TransactionNotModifiable):
        midtrans.cancel(charge.order_id)


def test_a_paid_charge_cannot_be_cancelled_or_expired():
    charge = _charge(Method.GOPAY)
    control(charge.order_id, "settle").raise_for_status()

    with pytest.raises(midtrans.TransactionNotModifiable):
        midtrans.cancel(charge.order_id)
    with pytest.raises(midtrans.TransactionNotModifiable):
        midtrans.expire(charge.order_id)


def test_expire_then_the_order_id_can_be_charged_anew():
    charge = _charge(Method.QRIS)

    expired = midtrans.expire(charge.order_id)
    assert (expired.status, expired.status_code) == ("expire", "407")
    assert midtrans.status(charge.order_id).status == "expire"

    anew = midtrans.charge(charge.order_id, 15_000, Method.QRIS)
    assert anew.transaction_id != charge.transaction_id and anew.status == "pending"


def test_cancel_or_expire_unknown_order_id():
    with pytest.raises(midtrans.TransactionNotFound):
        midtrans.cancel(order_id())
    with pytest.raises(midtrans.TransactionNotFound):
        midtrans.expire(order_id())


# --- refusals and an unreachable gateway ---------------------------------------------------


def test_a_wrong_server_key_is_a_configuration_error(settings):
    settings.MIDTRANS_SERVER_KEY = "SB-Mid-server-not-ours"

    with pytest.raises(PaymentConfigurationError):
        _charge(Method.QRIS)
    with pytest.raises(PaymentConfigurationError):
        midtrans.status(order_id())


def test_no_server_key_sends_nothing(settings):
    settings.MIDTRANS_SERVER_KEY = ""

    assert not midtrans.is_configured()
    with pytest.raises(PaymentConfigurationError):
        _charge(Method.QRIS)


def test_a_refused_payload_is_an_invalid_request():
    """The stand-in refuses what Midtrans refuses; sent here without the client's own checks."""
    order = order_id()
    answer = requests.post(
        _url("/v2/charge"),
        json={"payment_type": "ovo", "transaction_details": {"order_id": order, "gross_amount": 15000}},
        auth=_auth(),
        timeout=5,
    ).json()
    assert (answer["status_code"], answer["status_message"]) == (
        "400",
        "One or more parameters in the payload is invalid.",
    )

    fraction = requests.post(
        _url("/v2/charge"),
        json={"payment_type": "qris", "transaction_details": {"order_id": order, "gross_amount": 15000.5}},
        auth=_auth(),
        timeout=5,
    ).json()
    assert fraction["status_code"] == "400"


@pytest.mark.parametrize("down", ["503", "close", "hang"])
def test_a_gateway_that_is_down_is_unavailable_within_the_timeout(settings, down):
    settings.MIDTRANS_TIMEOUT = 1.0
    order = order_id()
    behave(order, down=down, hang_seconds=10)

    started = time.monotonic()
    with pytest.raises(PaymentProviderUnavailable):
        midtrans.charge(order, 15_000, Method.QRIS)
    with pytest.raises(PaymentProviderUnavailable):
        midtrans.status(order)

    assert time.monotonic() - started < 4.5  # two calls, each at most the 1 s timeout (+ slack)
    behave(order, reset=True)
    assert midtrans.charge(order, 15_000, Method.QRIS).status == "pending"


def test_nothing_listening_is_unavailable(settings):
    settings.MIDTRANS_API_BASE = f"http://127.0.0.1:{free_port()}"

    with pytest.raises(PaymentProviderUnavailable):
        midtrans.status(order_id())


def test_a_hung_upstream_is_unavailable_within_the_timeout(settings, silent_server):
    settings.MIDTRANS_API_BASE = silent_server
    settings.MIDTRANS_TIMEOUT = 0.5

    started = time.monotonic()
    with pytest.raises(PaymentProviderUnavailable):
        _charge(Method.QRIS)
    assert time.monotonic() - started < 2.5


# --- notifications -------------------------------------------------------------------------


def test_notifications_are_signed_and_verify(receiver):
    charge = _charge(Method.QRIS, receiver=receiver)
    (pending,) = receiver.wait(charge.order_id, 1)
    control(charge.order_id, "settle").raise_for_status()
    settlement = receiver.wait(charge.order_id, 2)[1]

    assert (pending["transaction_status"], pending["status_code"]) == ("pending", "201")
    assert (settlement["transaction_status"], settlement["status_code"]) == ("settlement", "200")
    assert settlement["gross_amount"] == "15000.00" and settlement["signature_key"]
    assert midtrans.verify_notification(pending) and midtrans.verify_notification(settlement)
    paid = midtrans.parse_notification(json.dumps(settlement).encode())
    assert (paid.order_id, paid.gross_amount, paid.is_paid, paid.method) == (charge.order_id, 15_000, True, Method.QRIS)


@pytest.mark.parametrize(
    "change",
    [
        {"gross_amount": "1500.00"},
        {"gross_amount": "15000.01"},
        {"order_id": "another-order"},
        {"status_code": "200"},
        {"transaction_status": "settlement"},
        {"transaction_status": "expire"},
        {"signature_key": "0" * 128},
        {"signature_key": ""},
    ],
    ids=[
        "amount",
        "amount-fraction",
        "order",
        "status-code",
        "pending-says-settlement",
        "pending-says-expire",
        "forged",
        "unsigned",
    ],
)
def test_a_tampered_notification_does_not_verify(receiver, change):
    charge = _charge(Method.BCA_VA, receiver=receiver)
    (pending,) = receiver.wait(charge.order_id, 1)

    tampered = {**pending, **change}

    assert not midtrans.verify_notification(tampered)
    with pytest.raises(WebhookSignatureError):
        midtrans.parse_notification(json.dumps(tampered).encode())


def test_an_unsigned_notification_does_not_verify(receiver):
    charge = _charge(Method.BCA_VA, receiver=receiver)
    (pending,) = receiver.wait(charge.order_id, 1)
    del pending["signature_key"]

    assert not midtrans.verify_notification(pending)


def test_a_notification_signed_with_another_key_does_not_verify(receiver, settings):
    charge = _charge(Method.BCA_VA, receiver=receiver)
    (pending,) = receiver.wait(charge.order_id, 1)

    settings.MIDTRANS_SERVER_KEY = "SB-Mid-server-someone-else"

    assert not midtrans.verify_notification(pending)


def test_a_signed_notification_of_a_fraction_of_a_rupiah_is_malformed(settings):
    body = {"order_id": "o-1", "status_code": "200", "gross_amount": "15000.50", "transaction_status": "settlement"}
    body["signature_key"] = midtrans.signature("o-1", "200", "15000.50", settings.MIDTRANS_SERVER_KEY)

    assert midtrans.verify_notification(body)
    with pytest.raises(MalformedWebhookEvent):
        midtrans.parse_notification(json.dumps(body).encode())


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b"[" * 100_000], ids=["empty", "text", "list", "deep"])
def test_a_notification_that_is_not_a_json_object_is_malformed(body):
    with pytest.raises(MalformedWebhookEvent):
        midtrans.parse_notification(body)


def test_expire_and_cancel_are_notified(receiver):
    expiring = _charge(Method.ALFAMART, receiver=receiver)
    cancelling = _charge(Method.PERMATA_VA, receiver=receiver)
    midtrans.expire(expiring.order_id)
    midtrans.cancel(cancelling.order_id)

    expired = receiver.wait(expiring.order_id, 2)[1]
    cancelled = receiver.wait(cancelling.order_id, 2)[1]

    assert (expired["transaction_status"], expired["status_code"]) == ("expire", "202")
    assert (cancelled["transaction_status"], cancelled["status_code"]) == ("cancel", "202")
    assert midtrans.verify_notification(expired) and midtrans.verify_notification(cancelled)
    assert midtrans.parse_notification(json.dumps(expired).encode()).is_failed


def test_a_charge_expires_by_itself_at_its_expiry_time(receiver):
    """custom_expiry in seconds (the client asks in minutes; the gateway takes either)."""
    order = order_id()
    answer = requests.post(
        _url("/v2/charge"),
        json={
            "payment_type": "qris",
            "transaction_details": {"order_id": order, "gross_amount": 20_000},
            "custom_expiry": {"expiry_duration": 1, "unit": "second"},
        },
        headers={"X-Override-Notification": receiver.url},
        auth=_auth(),
        timeout=5,
    ).json()
    assert answer["status_code"] == "201"

    expired = receiver.wait(order, 2, timeout=10)[1]

    assert expired["transaction_status"] == "expire" and midtrans.verify_notification(expired)
    assert midtrans.status(order).status == "expire"


def test_a_late_payment_after_expiry(receiver):
    """The stand-in's "force": money arriving after the expiry, which the portal must handle
    (it reads the status back: settlement)."""
    charge = _charge(Method.BRI_VA, receiver=receiver)
    midtrans.expire(charge.order_id)
    assert control(charge.order_id, "settle").status_code == 409

    control(charge.order_id, "settle", force=True).raise_for_status()

    statuses = [body["transaction_status"] for body in receiver.wait(charge.order_id, 3)]
    assert statuses == ["pending", "expire", "settlement"]
    assert midtrans.status(charge.order_id).is_paid


def test_duplicate_notifications(receiver):
    charge = _charge(Method.QRIS, receiver=receiver)
    receiver.wait(charge.order_id, 1)
    behave(charge.order_id, duplicate=True)

    control(charge.order_id, "settle").raise_for_status()

    first, second = receiver.wait(charge.order_id, 3)[1:]
    assert first == second and first["transaction_status"] == "settlement"


def test_settlement_arrives_before_pending(receiver):
    order = order_id()
    behave(order, out_of_order=True)
    midtrans.charge(order, 15_000, Method.GOPAY, notification_url=receiver.url)
    time.sleep(0.3)
    assert receiver.for_order(order) == []

    control(order, "settle").raise_for_status()

    statuses = [body["transaction_status"] for body in receiver.wait(order, 2)]
    assert statuses == ["settlement", "pending"]
    assert midtrans.status(order).status == "settlement"


def test_a_dropped_notification_is_read_back_from_status(receiver):
    order = order_id()
    behave(order, drop=True)
    midtrans.charge(order, 15_000, Method.BCA_VA, notification_url=receiver.url)
    control(order, "settle").raise_for_status()

    time.sleep(0.5)
    assert receiver.for_order(order) == []
    assert [entry["outcome"] for entry in sent(order)] == ["dropped", "dropped"]
    assert midtrans.status(order).is_paid


def test_a_late_notification(receiver):
    order = order_id()
    midtrans.charge(order, 15_000, Method.SHOPEEPAY, notification_url=receiver.url)
    receiver.wait(order, 1)
    behave(order, delay=1.0)

    settled_at = time.monotonic()
    control(order, "settle").raise_for_status()
    receiver.wait(order, 2)

    assert receiver.arrived[-1] - settled_at >= 1.0


def test_a_failed_delivery_is_retried(receiver):
    """The receiver answers 503 first: Midtrans retries (the stand-in after 2 min × 0.01)."""
    receiver.answers = [503]
    charge = _charge(Method.QRIS, receiver=receiver)

    (pending,) = receiver.wait(charge.order_id, 1, timeout=10)

    assert pending["transaction_status"] == "pending"
    outcomes = [(entry["attempt"], entry["outcome"]) for entry in sent(charge.order_id)]
    assert outcomes == [(1, "HTTP 503"), (2, "HTTP 200")]


def test_the_pay_page_pays_with_a_form_post(receiver):
    charge = _charge(Method.BNI_VA, receiver=receiver)
    page = requests.get(_url(f"/_standin/transactions/{charge.order_id}"), timeout=5)
    assert charge.va_number in page.text and "Bayar sekarang" in page.text

    paid = requests.post(_url(f"/_standin/transactions/{charge.order_id}/settle"), data={"button": "bayar"}, timeout=5)

    assert paid.url.endswith(f"/_standin/transactions/{charge.order_id}") and "settlement" in paid.text
    assert receiver.wait(charge.order_id, 2)[1]["transaction_status"] == "settlement"
    found = requests.get(_url("/_standin/pay"), params={"code": charge.va_number}, timeout=5)
    assert found.url.endswith(f"/_standin/transactions/{charge.order_id}")


def test_global_behaviour_and_default_notify_url_on_a_private_standin(receiver, settings):
    """Switches for every transaction, tried on a stand-in of this test's own (the shared one
    serves other tests at the same time), which sends to its --notify-url."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts" / "midtrans_server.py"),
            "--port",
            str(port),
            "--notify-url",
            receiver.url,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: _up(base), timeout=15, interval=0.1)
        settings.MIDTRANS_API_BASE = base
        settings.MIDTRANS_TIMEOUT = 1.0

        charge = midtrans.charge(order_id(), 15_000, Method.QRIS)
        assert receiver.wait(charge.order_id, 1)[0]["transaction_status"] == "pending"

        requests.post(f"{base}/_standin/behaviour", json={"down": "503"}, timeout=5).raise_for_status()
        with pytest.raises(PaymentProviderUnavailable):
            midtrans.status(charge.order_id)
        requests.post(f"{base}/_standin/behaviour", json={"reset": True}, timeout=5).raise_for_status()
        assert midtrans.status(charge.order_id).status == "pending"
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- settings ------------------------------------------------------------------------------


def test_production_talks_to_midtrans_production_unless_told_otherwise(monkeypatch):
    import importlib

    from tests.conftest import production_environment

    for name, value in production_environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MIDTRANS_API_BASE", raising=False)
    production = importlib.reload(importlib.import_module("portal.settings.production"))
    assert production.MIDTRANS_API_BASE == "https://api.midtrans.com"

    monkeypatch.setenv("MIDTRANS_API_BASE", "https://api.sandbox.midtrans.com")
    production = importlib.reload(production)
    assert production.MIDTRANS_API_BASE == "https://api.sandbox.midtrans.com"


# --- amounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, rupiah",
    [("15000.00", 15_000), ("15000", 15_000), ("15000.0", 15_000), ("0.00", 0), (15_000, 15_000)],
)
def test_amounts_are_read_exactly(value, rupiah):
    assert midtrans.parse_amount(value) == rupiah


@pytest.mark.parametrize(
    "value",
    ["15000.50", "15000.001", "1.5e4", "-15000.00", "", " 15000.00", "015000", "15.000", True, 15_000.0, None, -1],
)
def test_fractions_and_other_amounts_are_refused(value):
    with pytest.raises(ValueError):
        midtrans.parse_amount(value)


# --- helpers -------------------------------------------------------------------------------


def _url(path: str) -> str:
    from django.conf import settings

    return settings.MIDTRANS_API_BASE.rstrip("/") + path


def _status_url(order: str) -> str:
    return _url(f"/v2/{order}/status")


def _auth():
    from django.conf import settings

    return (settings.MIDTRANS_SERVER_KEY, "")


def _up(base: str) -> bool:
    try:
        return requests.get(f"{base}/_standin/health", timeout=1).ok
    except requests.RequestException:
        return False
