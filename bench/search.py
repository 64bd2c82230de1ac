"""Search latency, p50/p95, for both backends on a seeded catalogue.

    python bench/search.py [--businesses 10000 --products 100000] [--rounds 20] [--http]

Uses the seeded bench database (the same as the other benchmarks), rebuilds both search
indexes with `search_reindex` (unless --no-reindex), then times the search interface
in-process over a table of realistic queries (exact, misspelled, multi-word, filtered, sorted,
facets always on). With --http it also loads GET /api/v1/search/products/ and the suggestions
under gunicorn with wrk, once per backend.
"""

from __future__ import annotations

import argparse
import json
import time

import harness

QUERIES = [
    "q=kripik+tempe",
    "q=kripik+tempee",
    "q=batk+tulis",
    "q=kopi+kendal",
    "q=sambal+bawang",
    "q=bandeng+presto",
    "q=kerupuk",
    "q=batik",
    "q=keripik+tempe+pedas",
    "q=melon",
    "q=batik&category=fashion-batik",
    "q=tempe&kecamatan=33.24.12",
    "q=kopi&max_price=50000",
    "q=kripik&in_stock=1&sort=price_asc",
    "category=makanan-minuman&sort=newest",
    "q=soto&page=2",
    "q=wedang+jahe",
    "q=tampah+bambu",
    "q=gamis",
    "q=roti+sisir",
]

TIMING_SCRIPT = """
import json, time
from django.http import QueryDict
from search.backends import DatabaseBackend, ElasticsearchBackend
from search.queries import parse_request
queries = json.loads(QUERIES)
out = {}
for backend in (ElasticsearchBackend(), DatabaseBackend()):
    samples, hits, errors = [], 0, 0
    for round_ in range(ROUNDS + 1):  # the first round warms up
        for q in queries:
            started = time.perf_counter()
            try:
                response = backend.search_products(parse_request(QueryDict(q)))
            except Exception as exc:  # a timeout is a figure here, not a crash
                errors += 1
                continue
            if round_:
                samples.append((time.perf_counter() - started) * 1000)
                hits += response.total > 0
    samples.sort()
    if not samples:
        samples.append(float("nan"))
    out[backend.name] = {
        "n": len(samples), "p50": samples[len(samples) // 2], "p95": samples[max(0, int(len(samples) * 0.95) - 1)],
        "max": samples[-1], "with_hits": hits, "errors": errors,
    }
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--no-reindex", action="store_true", help="use the indexes as they are")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--http", action="store_true", help="also load the API with wrk under gunicorn")
    parser.add_argument("--duration", type=int, default=10)
    args = parser.parse_args()

    # The machine is shared: every run records how busy it was (1, 5, 15-minute load average).
    print(f"search.loadavg_start: {open('/proc/loadavg').read().split()[:3]}")
    harness.ensure_database(args.businesses, args.products)
    env = harness.bench_env(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_TIMEOUT="10")
    if not args.no_reindex:
        started = time.monotonic()
        harness.manage("search_reindex", env=env)
        print(f"search.reindex_seconds: {time.monotonic() - started:.1f} s")
    count = harness.manage(
        "shell", "-c", "from search.models import ProductEntry; print(ProductEntry.objects.count())", env=env
    )
    print(f"search.indexed_products: {count.stdout.strip().splitlines()[-1]} count")

    script = TIMING_SCRIPT.replace("QUERIES", repr(json.dumps(QUERIES))).replace("ROUNDS", str(args.rounds))
    figures = json.loads(harness.manage("shell", "-c", script, env=env).stdout.strip().splitlines()[-1])
    for backend, f in figures.items():
        print(f"search.{backend}.inprocess.p50: {f['p50']:.1f} ms")
        print(f"search.{backend}.inprocess.p95: {f['p95']:.1f} ms")
        print(f"search.{backend}.inprocess.max: {f['max']:.1f} ms")
        print(f"search.{backend}.inprocess.queries: {f['n']} count ({f['with_hits']} with hits, {f['errors']} errors)")

    for backend, f in figures.items():
        target = 30 if backend == "elasticsearch" else 100
        print(
            f"summary.search.{backend}: {'met' if f['p95'] <= target else 'not met'} "
            f"(in-process p95 {f['p95']:.1f} ms, target ≤ {target} ms at {count.stdout.strip().splitlines()[-1]} products)"
        )

    print(f"search.loadavg_end: {open('/proc/loadavg').read().split()[:3]}")

    if args.http:
        for backend in ("elasticsearch", "database"):
            with harness.gunicorn(port=8011, PAGE_CACHE_SECONDS=0, SEARCH_BACKEND=backend) as base:
                harness.warm(f"{base}/api/v1/search/products/?q=kripik+tempee", times=8)
                figures = harness.wrk(f"{base}/api/v1/search/products/?q=kripik+tempee", duration=args.duration)
                harness.report(f"search.{backend}.api", figures)
                harness.warm(f"{base}/api/v1/search/suggest/?q=krip", times=8)
                figures = harness.wrk(f"{base}/api/v1/search/suggest/?q=krip", duration=args.duration)
                harness.report(f"search.{backend}.suggest", figures)


if __name__ == "__main__":
    main()
