"""Helpers for tests that run against the Midtrans stand-in (scripts/midtrans_server.py): its
/_standin/ controls, and a small HTTP server that receives its notifications."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from django.conf import settings

from tests.conftest import ROOT


def order_id(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:24]}"


def standin_url(path: str) -> str:
    return f"{settings.MIDTRANS_API_BASE.rstrip('/')}/_standin/{path.lstrip('/')}"


def ensure_standin() -> None:
    """The stand-in scripts/services starts; started here when a lone test run finds it down."""
    try:
        requests.get(standin_url("health"), timeout=2).raise_for_status()
        return
    except requests.RequestException:
        pass
    subprocess.run([str(ROOT / "scripts" / "services"), "start", "midtrans"], check=True, timeout=60)


def control(order: str, action: str, **options) -> requests.Response:
    """settle | deny | expire | cancel | notify | behaviour, for one order_id."""
    return requests.post(standin_url(f"transactions/{order}/{action}"), json=options, timeout=10)


def behave(order: str, **behaviour) -> None:
    control(order, "behaviour", **behaviour).raise_for_status()


def sent(order: str) -> list[dict]:
    """The stand-in's log of the notifications for this order (sent, dropped, held back)."""
    return requests.get(standin_url("notifications"), params={"order_id": order}, timeout=10).json()


class Receiver:
    """Collects the notifications POSTed to url, answering each with the next code of
    `answers` (200 once they run out)."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.arrived: list[float] = []
        self.answers: list[int] = []
        self.changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.changed:
                    code = receiver.answers.pop(0) if receiver.answers else 200
                    if code == 200:
                        receiver.received.append(json.loads(body))
                        receiver.arrived.append(time.monotonic())
                    receiver.changed.notify_all()
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"OK")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/midtrans/notification"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def for_order(self, order: str) -> list[dict]:
        with self.changed:
            return [body for body in self.received if body.get("order_id") == order]

    def wait(self, order: str, count: int, timeout: float = 10.0) -> list[dict]:
        """The first `count` notifications for order, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while len(found := [body for body in self.received if body.get("order_id") == order]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"{len(found)} of {count} notifications for {order} within {timeout}s: {found}"
                    )
                self.changed.wait(left)
            return found

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
