"""Hostile API bodies against the deployed stack: what one refused request costs, and whether
ordinary requests keep their latency while one client sends oversized bodies and 5,000-deep
JSON as fast as it can.

    python bench/api_limits.py [--requests 100] [--attackers 4]

On the production-like stack of bench/harness.py (gunicorn with deploy/gunicorn.conf.py,
portal.settings.production, PostgreSQL, Redis, and the shipped nginx site for the nginx
figures), with its own small database (migrated, not seeded: the match API needs only the
shipped loan products). Issue 17 found a 5 MB body matched for 8 s and answered 200.

- `cost.*`: median time to answer one request (nginx refuses a 5 MB API body itself; what
  reaches gunicorn is at most nginx's 1 MB, which Django refuses at 32 KB).
- `limits.*`: ordinary requests (health check, products API, a match) from one client, quiet
  and while `--attackers` threads of another client send 900 KB bodies and 5,000-deep JSON
  straight to gunicorn, with the anonymous rates raised so every hostile body reaches the
  parser. On one machine the attackers share the cores with gunicorn, so the fair comparison is
  the same attackers sending ordinary matches (`beside_ordinary`).
- `throttled.*`: the shipped rates; the attacker's address gets 429 after 30 matches a minute,
  another address is answered.
Prints `name: value unit` lines.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://etalase:etalase@127.0.0.1:5432/etalase_bench_api")

import harness  # noqa: E402  (reads BENCH_DATABASE_URL)

PORT, NGINX_PORT = 8011, 8091
CLIENT, ATTACKER = "203.0.113.7", "203.0.113.66"
MATCH = "/api/v1/financing/match/"
BODY = {
    "started_on": "2023-01-10",
    "kbli": "10794",
    "region_code": "33.24.12",
    "annual_sales": 120_000_000,
    "capital": 50_000_000,
    "has_nib": True,
    "current_loans": [{"type": "consumer", "lender": "bca", "amount": 15_000_000}],
    "amount": 25_000_000,
    "purpose": "modal_kerja",
    "tenor_months": 24,
}
ORDINARY = json.dumps(BODY).encode()
OVERSIZED_5MB = json.dumps({**BODY, "padding": "x" * 5_000_000}).encode()
HOSTILE = [
    json.dumps({**BODY, "padding": "x" * 900_000}).encode(),
    (json.dumps(BODY)[:-1] + ', "padding": ' + "[" * 5000 + "]" * 5000 + "}").encode(),
]


def request(base: str, method: str, path: str, body: bytes | None = None, client: str = CLIENT) -> tuple[str, float]:
    """(status or the connection error's name, milliseconds). `client` is the address nginx
    would put last in X-Forwarded-For (production trusts one proxy). A server that answers 413
    or 429 before reading a large body closes the connection while it is still being sent: the
    client then sees BrokenPipeError instead of the status."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=30)
    try:
        headers = {"X-Forwarded-For": client}
        if body is not None:
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        status = str(response.status)
    except (ConnectionError, http.client.HTTPException, TimeoutError) as exc:
        status = type(exc).__name__
    finally:
        connection.close()
    return status, (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def ordinary_latencies(base: str, count: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {"healthz": [], "products_api": [], "match": []}
    for _ in range(count):
        found["healthz"].append(request(base, "GET", "/healthz")[1])
        found["products_api"].append(request(base, "GET", "/api/v1/products/")[1])
        found["match"].append(request(base, "POST", MATCH, ORDINARY)[1])
    return found


def beside(base: str, bodies: list[bytes] | None, count: int, attackers: int, attacker: str = ATTACKER):
    """Ordinary latencies while `attackers` threads of another client post `bodies` in turn."""
    stop, answers = threading.Event(), Counter()

    def attack(n: int) -> None:
        while bodies and not stop.is_set():
            answers[request(base, "POST", MATCH, bodies[n % len(bodies)], client=attacker)[0]] += 1

    threads = [threading.Thread(target=attack, args=(n,)) for n in range(attackers if bodies else 0)]
    for thread in threads:
        thread.start()
    try:
        return ordinary_latencies(base, count), answers
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="ordinary requests of each kind per phase")
    parser.add_argument("--attackers", type=int, default=4, help="threads sending hostile bodies (one address)")
    parser.add_argument("--businesses", type=int, default=0, help="ignored (bench/run passes it to every script)")
    parser.add_argument("--products", type=int, default=0, help="ignored")
    args = parser.parse_args()

    harness.ensure_database(0, 0)
    unthrottled = {"API_ANON_RATE": "1000000/min", "API_FINANCING_MATCH_ANON_RATE": "1000000/min"}
    with harness.gunicorn(port=PORT, **unthrottled) as base, harness.nginx_site(PORT, NGINX_PORT) as site:
        request(base, "POST", MATCH, ORDINARY)  # warm up
        costs = {
            "ordinary_match": (base, ORDINARY),
            "oversized_900kb": (base, HOSTILE[0]),
            "nested_5000": (base, HOSTILE[1]),
            "oversized_5mb_through_nginx": (site, OVERSIZED_5MB),
        }
        for name, (target, body) in costs.items():
            runs = [request(target, "POST", MATCH, body) for _ in range(20)]
            statuses = ", ".join(sorted({status for status, _ms in runs}))
            print(f"cost.{name}: {statistics.median(ms for _s, ms in runs):.1f} ms (status {statuses})")
        phases = {}
        for phase, bodies in {"quiet": None, "beside_ordinary": [ORDINARY], "beside_hostile": HOSTILE}.items():
            started = time.monotonic()
            phases[phase] = beside(base, bodies, args.requests, args.attackers)
            print(f"limits.{phase}.seconds: {time.monotonic() - started:.1f} s")
        for phase, (latencies, answers) in phases.items():
            for kind, values in latencies.items():
                print(f"limits.{phase}.{kind}.p50: {percentile(values, 0.5):.1f} ms")
                print(f"limits.{phase}.{kind}.p95: {percentile(values, 0.95):.1f} ms")
            if answers:
                print(f"limits.{phase}.attacker_answers: {dict(answers)}")
    with harness.gunicorn(port=PORT) as base:
        # Another attacker address: the first one's window is still open from the phases above.
        latencies, answers = beside(base, HOSTILE, max(20, args.requests // 4), args.attackers, "203.0.113.67")
        print(f"throttled.attacker_answers: {dict(answers)}")
        print(f"throttled.other_client.match.p95: {percentile(latencies['match'], 0.95):.1f} ms")
    worst = max(
        percentile(phases["beside_hostile"][0][kind], 0.95) / percentile(phases["beside_ordinary"][0][kind], 0.95)
        for kind in phases["quiet"][0]
    )
    verdict = "met" if worst <= 1.25 else "NOT MET"
    print(f"summary.api_hostile_bodies: {verdict} (ordinary p95 beside hostile bodies x{worst:.2f} of beside ordinary)")


if __name__ == "__main__":
    main()
