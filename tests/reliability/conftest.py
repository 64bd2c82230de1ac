"""Fault injection that never touches the shared services: a private Redis on a free port that
the test starts and SIGKILLs itself, Celery workers the test owns (and may SIGKILL), and closed
ports or silent TCP servers standing in for an unreachable Elasticsearch or Stripe."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, celery_worker_argv, free_port

CLOSED_PORT_URL = "http://127.0.0.1:9"  # the discard port: nothing listens there


class PrivateRedis:
    """A redis-server of our own; `kill()` is an outage (SIGKILL, nothing saved), `start()` is
    Redis coming back, empty, on the same port."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.tmp = tmp
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.05)
        raise RuntimeError("private redis did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    @property
    def is_up(self) -> bool:
        return self.process is not None and self.process.poll() is None


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.kill()


@contextlib.contextmanager
def broker(url: str):
    """Point this process's Celery app at another broker (and drop the pooled connections)."""
    from django.conf import settings

    from portal.celery import app

    old = app.conf.broker_url, settings.CELERY_BROKER_URL

    def reset():
        # Drop this app's references only: kombu keeps one pool per broker URL process-wide,
        # and closing it would break later users of the shared broker.
        app._pool = None
        app.amqp._producer_pool = None

    reset()
    app.conf.broker_url = settings.CELERY_BROKER_URL = url
    try:
        yield app
    finally:
        reset()
        app.conf.broker_url, settings.CELERY_BROKER_URL = old


def _end_database_sessions(application_name: str, timeout: float = 15) -> None:
    """A killed worker's PostgreSQL session can outlive it while its last statement runs (the
    server only notices the client is gone when it next talks to it). Left alone it can hold a
    lock while the test database is flushed, and the two deadlock; so end it and wait."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [application_name]
            )
            if not cursor.fetchall():
                return
            time.sleep(0.1)


class Worker:
    """A `celery worker` subprocess owned by one test (so it may be SIGKILLed)."""

    def __init__(self, process: subprocess.Popen, name: str, log: Path):
        self.process, self.name, self.log = process, name, log

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker():
    """start_worker(broker_url=None) → a Worker consuming this instance's test queue, against the
    test database; waits until it answers a ping. Killed at the end of the test."""
    from django.conf import settings
    from django.db import connection

    from portal.celery import app
    from tests.conftest import SESSION_WORKERS

    workers: list[Worker] = []
    # The session worker (tests/conftest.py) would otherwise take this test's tasks.
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    paused = list(SESSION_WORKERS)
    if paused:
        # A busy session worker may miss the first broadcast's reply window: repeat until every
        # paused worker has confirmed, or it would take this test's tasks (seen on a loaded CI).
        deadline = time.monotonic() + 60
        confirmed: set[str] = set()
        while time.monotonic() < deadline and not set(paused) <= confirmed:
            replies = app.control.cancel_consumer(queue, destination=paused, reply=True, timeout=5) or []
            confirmed |= {name for reply in replies for name in reply}

    # Tasks earlier tests queued after their own worker stopped (their rows are gone) would keep
    # this test's worker busy for tens of seconds before it reaches this test's tasks: drop them.
    with app.connection_for_write() as connection_:
        connection_.default_channel.queue_purge(queue)

    def start(broker_url: str | None = None) -> Worker:
        db = settings.DATABASES["default"]
        name = f"fault-{os.getpid()}-{len(workers)}-{int(time.time() * 1000) % 100000}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
                f"{connection.settings_dict['NAME']}?application_name={name}"
            ),
            "CELERY_BROKER_URL": broker_url or settings.CELERY_BROKER_URL,
        }
        log = ROOT / "var" / f"celery-{name}.log"
        log.parent.mkdir(exist_ok=True)
        handle = open(log, "w")
        process = subprocess.Popen(
            celery_worker_argv(
                queue=settings.CELERY_TASK_DEFAULT_QUEUE, name=f"{name}@%h", extra=("--without-heartbeat",)
            ),
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        worker = Worker(process, name, log)
        workers.append(worker)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=0.5) or []
            if any(f"{name}@" in reply_name for reply in replies for reply_name in reply):
                return worker
            if process.poll() is not None:
                raise RuntimeError(f"celery worker exited: see {log}")
        worker.kill()
        raise RuntimeError(f"celery worker did not answer a ping within 90 s: see {log}")

    yield start
    for worker in workers:
        worker.stop()  # a task in hand finishes first (warm shutdown), then SIGKILL after 15 s
        _end_database_sessions(worker.name)
    if paused:
        app.control.add_consumer(queue, destination=paused, reply=True, timeout=5)
