"""A stand-in for Midtrans' Core API, as its own process, for the tests and the demo (no Midtrans
sandbox is reachable from these machines).

It answers the endpoints catalog/payments/midtrans_api.py calls the way docs/payments-midtrans.md
records Midtrans answering them (POST /v2/charge for qris, gopay, shopeepay, bank_transfer
bca/bni/bri/permata, echannel and cstore indomaret/alfamart; GET /v2/<id>/status; POST
/v2/<id>/cancel and /v2/<id>/expire; the QR PNGs), checks the server key (HTTP Basic, key as user
name, empty password), keeps the transactions in memory, expires them at their expiry time and
POSTs signed HTTP notifications (SHA512(order_id + status_code + gross_amount + server key)) to
the X-Override-Notification URL(s) of the charge, else to --notify-url, retrying on failure as
Midtrans documents (intervals scaled by --retry-scale).

Not part of Midtrans, under /_standin/ (no key needed):
  GET  /_standin/health
  GET  /_standin/transactions/<order_id>            the "pay now" page (HTML; JSON with Accept: application/json)
  POST /_standin/transactions/<order_id>/settle|deny|expire|cancel   ({"force": true} settles a non-pending one: a late payment)
  POST /_standin/transactions/<order_id>/notify     send the current status again
  POST /_standin/transactions/<order_id>/behaviour  misbehaviour for this order_id (it may not exist yet)
  GET|POST /_standin/behaviour                      the same for every transaction; {"reset": true} clears all
  GET  /_standin/notifications[?order_id=]          what was sent, where, and the answers
  GET  /_standin/pay?code=<VA number, bill key or payment code>   finds the transaction's page
Misbehaviour keys: delay (seconds before each notification), duplicate (send each twice),
out_of_order (hold "pending" and send it after the next status), drop (send nothing),
down ("503": answer 503, "close": close the connection, "hang": answer nothing for hang_seconds),
mirror_status (send a refusal's status_code as the HTTP status too, not HTTP 200).

Usage: python scripts/midtrans_server.py [--port 8430] [--server-key KEY] [--notify-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import hashlib
import hmac
import html
import io
import json
import logging
import os
import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import qrcode
from aiohttp import ClientError, ClientSession, ClientTimeout, web

logger = logging.getLogger("midtrans_standin")

WIB = timezone(timedelta(hours=7))
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
MERCHANT_ID = "G000ETALASE"
BILLER_CODE = "70012"  # Mandiri's biller code in Midtrans' samples
ORDER_ID = re.compile(r"[A-Za-z0-9\-_~.]{1,50}")
DEFAULT_EXPIRY = {  # Midtrans' documented defaults per payment_type
    "qris": timedelta(minutes=15),
    "gopay": timedelta(minutes=15),
    "shopeepay": timedelta(minutes=15),
    "bank_transfer": timedelta(hours=24),
    "echannel": timedelta(hours=24),
    "cstore": timedelta(hours=24),
}
UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
# status_code in the status API's answer and in notifications, by transaction_status.
STATUS_API_CODE = {"pending": "201", "settlement": "200", "cancel": "200", "deny": "202", "expire": "407"}
NOTIFICATION_CODE = {"pending": "201", "settlement": "200", "cancel": "202", "deny": "202", "expire": "202"}
# Retries by the receiver's HTTP answer, and their intervals in seconds (before --retry-scale).
RETRY_INTERVALS = [120, 600, 1800, 5400, 12600]
BEHAVIOUR_KEYS = {"delay", "duplicate", "out_of_order", "drop", "down", "hang_seconds", "mirror_status"}
MESSAGES = {
    "401": "Access denied due to unauthorized transaction, please check client or server key",
    "404": "Transaction doesn't exist.",
    "406": "The request could not be completed due to a conflict with the current state of the target resource, "
    "please try again",
    "412": "Merchant cannot modify the status of the transaction",
    "400": "One or more parameters in the payload is invalid.",
    "413": "The request cannot be processed due to syntax error in the request body",
}


def now() -> datetime:
    return datetime.now(WIB).replace(microsecond=0)


def fmt(moment: datetime | None) -> str:
    return moment.astimezone(WIB).strftime(TIME_FORMAT) if moment else ""


def amount_text(rupiah: int) -> str:
    return f"{rupiah}.00"


def sign(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def digits(count: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(count))


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE, the QRIS (EMVCo) checksum."""
    crc = 0xFFFF
    for byte in data.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def qris_string(order_id: str, rupiah: int) -> str:
    """A dynamic QRIS payload (EMVCo TLV) naming the stand-in as merchant and the order as reference."""

    def tlv(tag: str, value: str) -> str:
        return f"{tag}{len(value):02d}{value}"

    merchant = tlv("00", "COM.GO-JEK.WWW") + tlv("01", "936009140000000000") + tlv("02", MERCHANT_ID)
    payload = (
        tlv("00", "01")
        + tlv("01", "12")
        + tlv("26", merchant)
        + tlv("52", "5999")
        + tlv("53", "360")
        + tlv("54", str(rupiah))
        + tlv("58", "ID")
        + tlv("59", "ETALASE MPP STANDIN")
        + tlv("60", "KENDAL")
        + tlv("62", tlv("05", order_id[:25]))
        + "6304"
    )
    return payload + crc16(payload)


@dataclass
class Transaction:
    order_id: str
    transaction_id: str
    payment_type: str
    gross_amount: int
    created: datetime
    expires: datetime
    notify_urls: list[str]
    status: str = "pending"
    settled: datetime | None = None
    bank: str = ""
    va_number: str = ""
    bill_key: str = ""
    store: str = ""
    payment_code: str = ""
    qr_string: str = ""
    callback_url: str = ""
    held: list[dict] = field(default_factory=list)  # notifications held back (out_of_order)
    sending: asyncio.Lock = field(default_factory=asyncio.Lock)
    expiry_task: asyncio.Task | None = None

    @property
    def method(self) -> str:
        if self.payment_type == "bank_transfer":
            return f"{self.bank}_va"
        if self.payment_type == "cstore":
            return self.store
        if self.payment_type == "echannel":
            return "mandiri_bill"
        return self.payment_type


class StandIn:
    def __init__(self, *, server_key: str, notify_url: str, retry_scale: float, public_url: str) -> None:
        self.server_key = server_key
        self.notify_url = notify_url
        self.retry_scale = retry_scale
        self.public_url = public_url.rstrip("/")
        self.by_order: dict[str, Transaction] = {}
        self.by_id: dict[str, Transaction] = {}
        self.behaviour: dict[str, Any] = {}
        self.order_behaviour: dict[str, dict[str, Any]] = {}
        self.log: list[dict] = []
        self.session: ClientSession | None = None
        self.tasks: set[asyncio.Task] = set()

    # --- helpers --------------------------------------------------------------------------------

    def base(self, request: web.Request) -> str:
        return self.public_url or f"{request.scheme}://{request.host}"

    def effective(self, order_id: str | None) -> dict[str, Any]:
        merged = dict(self.behaviour)
        if order_id and order_id in self.order_behaviour:
            merged.update(self.order_behaviour[order_id])
        return merged

    def find(self, key: str) -> Transaction | None:
        return self.by_order.get(key) or self.by_id.get(key)

    def spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def refusal(self, code: str, order_id: str | None, *, messages: list[str] | None = None) -> web.Response:
        """Midtrans answers most refusals with HTTP 200 and the code in the body."""
        body: dict[str, Any] = {"status_code": code, "status_message": MESSAGES[code], "id": str(uuid.uuid4())}
        if messages:
            body["validation_messages"] = messages
        mirrored = code == "401" or self.effective(order_id).get("mirror_status")
        return web.json_response(body, status=int(code) if mirrored else 200)

    def method_fields(self, txn: Transaction) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        if txn.payment_type == "bank_transfer":
            if txn.bank == "permata":
                fields["permata_va_number"] = txn.va_number
            else:
                fields["va_numbers"] = [{"bank": txn.bank, "va_number": txn.va_number}]
                fields["payment_amounts"] = []
        elif txn.payment_type == "echannel":
            fields.update(bill_key=txn.bill_key, biller_code=BILLER_CODE)
        elif txn.payment_type == "cstore":
            fields.update(payment_code=txn.payment_code, store=txn.store)
        elif txn.payment_type == "qris":
            fields["acquirer"] = "gopay"
            if txn.status == "settlement":
                fields.update(issuer="gopay", transaction_type="on-us")
        return fields

    def deeplink(self, txn: Transaction, request_base: str) -> str:
        link = f"{request_base}/_standin/transactions/{quote(txn.order_id, safe='')}?app={txn.payment_type}"
        if txn.callback_url:
            link += f"&callback_url={quote(txn.callback_url, safe='')}"
        return link

    def actions(self, txn: Transaction, request_base: str) -> list[dict]:
        tid = quote(txn.transaction_id, safe="")
        if txn.payment_type == "qris":
            return [{"name": "generate-qr-code", "method": "GET", "url": f"{request_base}/v2/qris/{tid}/qr-code"}]
        if txn.payment_type == "gopay":
            return [
                {"name": "generate-qr-code", "method": "GET", "url": f"{request_base}/v2/gopay/{tid}/qr-code"},
                {"name": "deeplink-redirect", "method": "GET", "url": self.deeplink(txn, request_base)},
                {"name": "get-status", "method": "GET", "url": f"{request_base}/v2/{tid}/status"},
                {"name": "cancel", "method": "POST", "url": f"{request_base}/v2/{tid}/cancel", "fields": []},
            ]
        if txn.payment_type == "shopeepay":
            return [{"name": "deeplink-redirect", "method": "GET", "url": self.deeplink(txn, request_base)}]
        return []

    def common(self, txn: Transaction, status_code: str, status_message: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "status_code": status_code,
            "status_message": status_message,
            "transaction_id": txn.transaction_id,
            "order_id": txn.order_id,
            "merchant_id": MERCHANT_ID,
            "gross_amount": amount_text(txn.gross_amount),
            "currency": "IDR",
            "payment_type": txn.payment_type,
            "transaction_time": fmt(txn.created),
            "transaction_status": txn.status,
            "fraud_status": "accept",
            "expiry_time": fmt(txn.expires),
        }
        if txn.settled:
            body["settlement_time"] = fmt(txn.settled)
        return body

    def status_body(self, txn: Transaction, request_base: str, *, code: str | None = None, message: str = "") -> dict:
        code = code or STATUS_API_CODE.get(txn.status, "200")
        body = self.common(txn, code, message or "Success, transaction is found")
        body.update(self.method_fields(txn))
        body["signature_key"] = sign(txn.order_id, code, body["gross_amount"], self.server_key)
        if txn.payment_type == "shopeepay" and txn.status == "pending":
            body["actions"] = self.actions(txn, request_base)
        return body

    def notification_body(self, txn: Transaction) -> dict:
        code = NOTIFICATION_CODE[txn.status]
        body = self.common(txn, code, "midtrans payment notification")
        body.update(self.method_fields(txn))
        body["signature_key"] = sign(txn.order_id, code, body["gross_amount"], self.server_key)
        return body

    # --- state changes and notifications ----------------------------------------------------------

    def change(self, txn: Transaction, new_status: str) -> None:
        txn.status = new_status
        if new_status == "settlement":
            txn.settled = now()
        if new_status != "pending" and txn.expiry_task is not None and txn.expiry_task is not asyncio.current_task():
            txn.expiry_task.cancel()
        self.notify(txn)

    def notify(self, txn: Transaction) -> None:
        body = self.notification_body(txn)
        behaviour = self.effective(txn.order_id)
        if behaviour.get("out_of_order") and txn.status == "pending":
            txn.held.append(body)
            self.record(txn, body, url="", outcome="held back (out_of_order)")
            return
        bodies = [body, *txn.held]
        txn.held.clear()
        self.spawn(self.deliver(txn, bodies, behaviour))

    async def deliver(self, txn: Transaction, bodies: list[dict], behaviour: dict) -> None:
        """First attempts go out one transaction at a time, in the order the statuses changed
        (unless out_of_order); a failed one is retried on its own schedule."""
        async with txn.sending:
            for body in bodies:
                if behaviour.get("drop"):
                    self.record(txn, body, url="", outcome="dropped")
                    continue
                if not txn.notify_urls:
                    self.record(txn, body, url="", outcome="no notification URL")
                    continue
                delay = float(behaviour.get("delay") or 0)
                if delay > 0:
                    await asyncio.sleep(delay)
                for _ in range(2 if behaviour.get("duplicate") else 1):
                    for url in txn.notify_urls:
                        status = await self.post(txn, body, url, attempt=1)
                        if not 200 <= status < 300:
                            self.spawn(self.retry(txn, body, url, status))

    async def retry(self, txn: Transaction, body: dict, url: str, status: int) -> None:
        # Retries by the receiver's answer: https://docs.midtrans.com/docs/https-notification-webhooks
        allowed = {500: 1, 503: 4, 400: 2, 404: 2, 301: 0, 302: 0, 303: 0}.get(status, 5)
        for attempt in range(2, allowed + 2):
            await asyncio.sleep(RETRY_INTERVALS[attempt - 2] * self.retry_scale)
            status = await self.post(txn, body, url, attempt=attempt)
            if 200 <= status < 300:
                return

    async def post(self, txn: Transaction, body: dict, url: str, *, attempt: int) -> int:
        headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "Veritrans"}
        assert self.session is not None
        try:
            async with self.session.post(url, data=json.dumps(body), headers=headers, allow_redirects=False) as answer:
                status = answer.status
                await answer.read()
            outcome = f"HTTP {status}"
        except (TimeoutError, ClientError, OSError) as exc:
            status, outcome = 0, type(exc).__name__
        self.record(txn, body, url=url, outcome=outcome, attempt=attempt)
        return status

    def record(self, txn: Transaction, body: dict, *, url: str, outcome: str, attempt: int = 0) -> None:
        self.log.append(
            {
                "order_id": txn.order_id,
                "transaction_status": body["transaction_status"],
                "status_code": body["status_code"],
                "url": url,
                "attempt": attempt,
                "outcome": outcome,
                "at": datetime.now(WIB).isoformat(),
                "body": body,
            }
        )
        del self.log[:-2000]

    async def expire_at(self, txn: Transaction) -> None:
        await asyncio.sleep(max(0.0, (txn.expires - datetime.now(WIB)).total_seconds()))
        if txn.status == "pending":
            self.change(txn, "expire")

    # --- the Midtrans endpoints ---------------------------------------------------------------------

    def authorised(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(decoded.encode(), f"{self.server_key}:".encode())

    async def charge(self, request: web.Request) -> web.Response:
        try:
            body = json.loads(await request.read())
        except (ValueError, RecursionError):
            return self.refusal("413", None)
        if not isinstance(body, dict):
            return self.refusal("413", None)
        details = body.get("transaction_details")
        if not isinstance(details, dict):
            return self.refusal("400", None, messages=["transaction_details is required"])
        order_id = details.get("order_id")
        if not isinstance(order_id, str) or not ORDER_ID.fullmatch(order_id):
            return self.refusal("400", None, messages=["transaction_details.order_id is invalid"])
        amount = details.get("gross_amount")
        if isinstance(amount, str) and amount.isdigit():
            amount = int(amount)
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            return self.refusal(
                "400",
                order_id,
                messages=["transaction_details.gross_amount must be a whole number of rupiah of 1 or more"],
            )
        items = body.get("item_details")
        if items is not None:
            try:
                total = sum(int(item["price"]) * int(item["quantity"]) for item in items)
            except (TypeError, KeyError, ValueError):
                return self.refusal("400", order_id, messages=["item_details is invalid"])
            if total != amount:
                return self.refusal(
                    "400",
                    order_id,
                    messages=["transaction_details.gross_amount is not equal to the sum of item_details"],
                )
        payment_type = body.get("payment_type")
        fields: dict[str, Any] = {}
        if payment_type == "permata":
            payment_type, body["bank_transfer"] = "bank_transfer", {"bank": "permata"}
        if payment_type == "bank_transfer":
            bank = (body.get("bank_transfer") or {}).get("bank")
            prefixes = {"bca": "12785", "bni": "98885", "bri": "85780", "permata": "87780"}
            if bank not in prefixes:
                return self.refusal("400", order_id, messages=["bank_transfer.bank is invalid"])
            fields.update(bank=bank, va_number=prefixes[bank] + digits(11 if bank != "bca" else 6))
        elif payment_type == "echannel":
            echannel = body.get("echannel") or {}
            if not echannel.get("bill_info1") or not echannel.get("bill_info2"):
                return self.refusal("400", order_id, messages=["echannel.bill_info1 and bill_info2 are required"])
            fields["bill_key"] = digits(12)
        elif payment_type == "cstore":
            store = (body.get("cstore") or {}).get("store")
            if store not in ("indomaret", "alfamart"):
                return self.refusal("400", order_id, messages=["cstore.store is invalid"])
            fields.update(store=store, payment_code=digits(12) if store == "indomaret" else digits(16))
        elif payment_type == "qris":
            fields["qr_string"] = qris_string(order_id, amount)
        elif payment_type == "gopay":
            fields["callback_url"] = str((body.get("gopay") or {}).get("callback_url") or "")
        elif payment_type == "shopeepay":
            fields["callback_url"] = str((body.get("shopeepay") or {}).get("callback_url") or "")
        else:
            return self.refusal("400", order_id, messages=[f"payment_type {payment_type!r} is not supported"])
        created = now()
        expiry = DEFAULT_EXPIRY[payment_type]
        custom = body.get("custom_expiry")
        if custom is not None:
            try:
                duration = int(custom["expiry_duration"])
                unit = UNITS[custom.get("unit", "minute").rstrip("s")]
                start = (
                    datetime.strptime(custom["order_time"], f"{TIME_FORMAT} %z")
                    if custom.get("order_time")
                    else created
                )
            except (TypeError, KeyError, ValueError):
                return self.refusal("400", order_id, messages=["custom_expiry is invalid"])
            if not 1 <= duration * unit <= 180 * 86400:
                return self.refusal("400", order_id, messages=["custom_expiry is outside 1 second to 180 days"])
            expires = start + timedelta(seconds=duration * unit)
        else:
            expires = created + expiry
        existing = self.by_order.get(order_id)
        if existing is not None and existing.status not in ("expire", "cancel"):
            return self.refusal("406", order_id)
        urls_header = request.headers.get("X-Override-Notification", "")
        urls = [url.strip() for url in urls_header.split(",") if url.strip()][:3]
        if not urls and self.notify_url:
            urls = [self.notify_url]
        urls += [url.strip() for url in request.headers.get("X-Append-Notification", "").split(",") if url.strip()][:3]
        txn = Transaction(
            order_id=order_id,
            transaction_id=str(uuid.uuid4()),
            payment_type=payment_type,
            gross_amount=amount,
            created=created,
            expires=expires,
            notify_urls=urls,
            **fields,
        )
        self.by_order[order_id] = txn
        self.by_id[txn.transaction_id] = txn
        txn.expiry_task = asyncio.get_running_loop().create_task(self.expire_at(txn))
        base = self.base(request)
        messages = {
            "qris": "QRIS transaction is created",
            "gopay": "GO-PAY transaction is created",
            "shopeepay": "ShopeePay transaction is created",
            "echannel": "OK, Mandiri Bill transaction is successful",
            "cstore": "Success, cstore transaction is successful",
        }
        message = messages.get(payment_type, "Success, Bank Transfer transaction is created")
        if payment_type == "bank_transfer" and txn.bank == "permata":
            message = "Success, PERMATA VA transaction is successful"
        answer = self.common(txn, "201", message)
        answer.update(self.method_fields(txn))
        if txn.qr_string:
            answer["qr_string"] = txn.qr_string
        if payment_type == "shopeepay":
            answer.update(channel_response_code="0", channel_response_message="success")
        if actions := self.actions(txn, base):
            answer["actions"] = actions
        self.notify(txn)
        return web.json_response(answer)

    async def status(self, request: web.Request) -> web.Response:
        txn = self.find(request.match_info["id"])
        if txn is None:
            return self.refusal("404", request.match_info["id"])
        return web.json_response(self.status_body(txn, self.base(request)))

    async def modify(self, request: web.Request) -> web.Response:
        key, action = request.match_info["id"], request.match_info["action"]
        txn = self.find(key)
        if txn is None:
            return self.refusal("404", key)
        if txn.status != "pending":
            return self.refusal("412", txn.order_id)
        if action == "cancel":
            self.change(txn, "cancel")
            body = self.status_body(txn, self.base(request), code="200", message="Success, transaction is canceled")
        else:
            self.change(txn, "expire")
            body = self.status_body(txn, self.base(request), code="407", message="Success, transaction has expired")
        return web.json_response(body)

    async def qr_code(self, request: web.Request) -> web.Response:
        txn = self.by_id.get(request.match_info["id"])
        if txn is None or txn.payment_type != request.match_info["kind"]:
            return self.refusal("404", None)
        image = qrcode.make(txn.qr_string or qris_string(txn.order_id, txn.gross_amount))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return web.Response(body=buffer.getvalue(), content_type="image/png")

    # --- /_standin/ controls ------------------------------------------------------------------------

    async def health(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "transactions": len(self.by_order)})

    async def page(self, request: web.Request) -> web.Response:
        txn = self.by_order.get(request.match_info["order_id"])
        if "application/json" in request.headers.get("Accept", ""):
            if txn is None:
                return self.refusal("404", request.match_info["order_id"])
            return web.json_response(self.status_body(txn, self.base(request)))
        if txn is None:
            return web.Response(status=404, text="Transaksi tidak ditemukan", content_type="text/plain")
        return web.Response(text=render_page(txn, self.base(request), request.query), content_type="text/html")

    async def control(self, request: web.Request) -> web.Response:
        order_id, action = request.match_info["order_id"], request.match_info["action"]
        txn = self.by_order.get(order_id)
        form = "application/x-www-form-urlencoded" in request.headers.get("Content-Type", "")
        options: dict[str, Any] = {}
        if form:
            options = dict(await request.post())
        elif await request.read():
            try:
                options = json.loads(await request.read())
            except ValueError:
                return web.json_response({"error": "body is not JSON"}, status=400)
        if txn is None:
            return web.json_response({"error": f"no transaction {order_id}"}, status=404)
        if action == "notify":
            self.notify(txn)
        else:
            new_status = {"settle": "settlement", "deny": "deny", "expire": "expire", "cancel": "cancel"}[action]
            forced = options.get("force") in (True, "true", "1", "on")
            allowed = txn.status == "pending" or (new_status == "deny" and txn.status == "settlement")
            if not (allowed or forced):
                return web.json_response({"error": f"{order_id} is {txn.status}, not pending"}, status=409)
            self.change(txn, new_status)
        if form:
            raise web.HTTPSeeOther(f"/_standin/transactions/{quote(order_id, safe='')}")
        return web.json_response(self.status_body(txn, self.base(request)))

    async def set_behaviour(self, request: web.Request) -> web.Response:
        order_id = request.match_info.get("order_id")
        if request.method == "GET":
            return web.json_response(self.effective(order_id))
        try:
            options = json.loads(await request.read() or b"{}")
        except ValueError:
            return web.json_response({"error": "body is not JSON"}, status=400)
        if not isinstance(options, dict) or not set(options) <= BEHAVIOUR_KEYS | {"reset"}:
            return web.json_response({"error": f"keys: {sorted(BEHAVIOUR_KEYS)} and reset"}, status=400)
        if options.pop("reset", False):
            if order_id:
                self.order_behaviour.pop(order_id, None)
            else:
                self.behaviour.clear()
                self.order_behaviour.clear()
        target = self.order_behaviour.setdefault(order_id, {}) if order_id else self.behaviour
        target.update(options)
        return web.json_response(self.effective(order_id))

    async def notifications(self, request: web.Request) -> web.Response:
        order_id = request.query.get("order_id")
        return web.json_response([entry for entry in self.log if not order_id or entry["order_id"] == order_id])

    async def pay_by_code(self, request: web.Request) -> web.Response:
        code = request.query.get("code", "").strip()
        for txn in self.by_order.values():
            if code and code in (txn.va_number, txn.bill_key, txn.payment_code):
                raise web.HTTPSeeOther(f"/_standin/transactions/{quote(txn.order_id, safe='')}")
        return web.Response(status=404, text="Kode tidak ditemukan", content_type="text/plain")

    # --- misbehaviour of the API itself ----------------------------------------------------------

    @web.middleware
    async def gate(self, request: web.Request, handler):
        if not request.path.startswith("/v2/"):
            return await handler(request)
        order_id = request.match_info.get("id")
        if request.path == "/v2/charge":
            try:
                order_id = json.loads(await request.read())["transaction_details"]["order_id"]
            except (ValueError, KeyError, TypeError, RecursionError):
                order_id = None
        elif order_id and (txn := self.find(order_id)):
            order_id = txn.order_id
        behaviour = self.effective(order_id if isinstance(order_id, str) else None)
        down = behaviour.get("down")
        if down == "hang":
            await asyncio.sleep(float(behaviour.get("hang_seconds") or 60))
            return web.Response(status=503, text="Service Unavailable")
        if down == "close":
            if request.transport is not None:
                request.transport.abort()  # the client sees the connection reset, no answer
            return web.Response(status=503)
        if down:
            return web.Response(status=503, text="Service Unavailable")
        if "/qr-code" not in request.path and not self.authorised(request):
            return self.refusal("401", None)
        return await handler(request)


def rupiah(value: int) -> str:
    return "Rp " + f"{value:,}".replace(",", ".")


def render_page(txn: Transaction, base: str, query) -> str:
    """The "pay now" page: what the buyer would see in the bank app or at the counter, and the
    buttons that make it happen."""
    e = html.escape
    order = quote(txn.order_id, safe="")
    rows = [
        ("Order", txn.order_id),
        ("Metode", txn.method),
        ("Jumlah", rupiah(txn.gross_amount)),
        ("Status", txn.status),
        ("Batas bayar", fmt(txn.expires) + " WIB"),
    ]
    if txn.va_number:
        rows.append((f"Nomor VA {txn.bank.upper()}", txn.va_number))
    if txn.bill_key:
        rows += [("Kode perusahaan (biller code)", BILLER_CODE), ("Kode bayar (bill key)", txn.bill_key)]
    if txn.payment_code:
        rows.append((f"Kode bayar {txn.store.title()}", txn.payment_code))
    table = "".join(f"<tr><th>{e(label)}</th><td data-field='{e(label)}'>{e(value)}</td></tr>" for label, value in rows)
    qr = ""
    if txn.payment_type in ("qris", "gopay"):
        qr = f"<img alt='QR' width='240' height='240' src='{e(base)}/v2/{txn.payment_type}/{e(txn.transaction_id)}/qr-code'>"
    buttons = ""
    if txn.status == "pending":
        buttons = "".join(
            f"<form method='post' action='/_standin/transactions/{order}/{action}'><button type='submit'>{label}</button></form>"
            for action, label in (
                ("settle", "Bayar sekarang"),
                ("deny", "Tolak pembayaran"),
                ("expire", "Kedaluwarsakan"),
                ("cancel", "Batalkan"),
            )
        )
    back = query.get("callback_url", "")
    if back and txn.status != "pending":
        sep = "&" if "?" in back else "?"
        result = "success" if txn.status == "settlement" else "failure"
        buttons += f"<p><a href='{e(back)}{sep}order_id={order}&result={result}'>Kembali ke toko</a></p>"
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulator pembayaran {e(txn.order_id)}</title>
<style>body{{font-family:sans-serif;max-width:28rem;margin:1rem auto;padding:0 1rem}}th{{text-align:left;padding-right:1rem}}
button{{font-size:1.1rem;margin:.3rem 0;padding:.6rem 1rem;width:100%}}</style></head>
<body><p><strong>Simulator Midtrans</strong> (stand-in untuk uji coba dan demo; tidak ada uang yang berpindah)</p>
<h1>Pembayaran {e(txn.method)}</h1><table>{table}</table>{qr}{buttons}</body></html>"""


def build_app(standin: StandIn) -> web.Application:
    app = web.Application(middlewares=[standin.gate])
    app.add_routes(
        [
            web.post("/v2/charge", standin.charge),
            web.get("/v2/{kind:qris|gopay}/{id}/qr-code", standin.qr_code),
            web.get("/v2/{id}/status", standin.status),
            web.post("/v2/{id}/{action:cancel|expire}", standin.modify),
            web.get("/_standin/health", standin.health),
            web.get("/_standin/pay", standin.pay_by_code),
            web.get("/_standin/notifications", standin.notifications),
            web.get("/_standin/behaviour", standin.set_behaviour),
            web.post("/_standin/behaviour", standin.set_behaviour),
            web.get("/_standin/transactions/{order_id}", standin.page),
            web.post("/_standin/transactions/{order_id}/behaviour", standin.set_behaviour),
            web.get("/_standin/transactions/{order_id}/behaviour", standin.set_behaviour),
            web.post("/_standin/transactions/{order_id}/{action:settle|deny|expire|cancel|notify}", standin.control),
        ]
    )

    async def session(app: web.Application):
        # Midtrans waits up to 15 s for the receiver's answer.
        standin.session = ClientSession(timeout=ClientTimeout(total=15))
        yield
        for task in list(standin.tasks):
            task.cancel()
        for txn in standin.by_order.values():
            if txn.expiry_task is not None:
                txn.expiry_task.cancel()
        await standin.session.close()

    app.cleanup_ctx.append(session)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("MIDTRANS_PORT", "8430")))
    parser.add_argument(
        "--server-key", default=os.environ.get("MIDTRANS_STANDIN_SERVER_KEY", "SB-Mid-server-etalase-standin")
    )
    parser.add_argument("--notify-url", default=os.environ.get("MIDTRANS_STANDIN_NOTIFY_URL", ""))
    parser.add_argument("--retry-scale", type=float, default=0.01, help="notification retry intervals × this")
    parser.add_argument("--public-url", default="", help="base of the links it answers (default: the request's host)")
    args = parser.parse_args()
    standin = StandIn(
        server_key=args.server_key, notify_url=args.notify_url, retry_scale=args.retry_scale, public_url=args.public_url
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    web.run_app(build_app(standin), host=args.host, port=args.port, access_log=logging.getLogger("aiohttp.access"))


if __name__ == "__main__":
    main()
