"""Search latency, p50/p95, for both backends on a seeded catalogue.

    .venv/bin/python bench/search.py [--businesses 2000 --products 20000] [--rounds 20] [--http]

Seeds (once per size) its own PostgreSQL database `etalase_bench_search`, builds both search
indexes with `search_reindex`, then times the search interface in-process over a table of
realistic queries (exact, misspelled, multi-word, filtered, sorted, facets always on).
With --http it also loads GET /api/v1/search/products/ under gunicorn with wrk.
"""
from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://etalase:etalase@127.0.0.1:5432/etalase_bench_search")

import harness  # noqa: E402

QUERIES = [
    "q=kripik+tempe", "q=kripik+tempee", "q=batk+tulis", "q=kopi+kendal", "q=sambal+bawang",
    "q=bandeng+presto", "q=kerupuk", "q=batik", "q=keripik+tempe+pedas", "q=melon",
    "q=batik&category=fashion-batik", "q=tempe&kecamatan=33.24.12", "q=kopi&max_price=50000",
    "q=kripik&in_stock=1&sort=price_asc", "category=makanan-minuman&sort=newest",
    "q=soto&page=2", "q=wedang+jahe", "q=tampah+bambu", "q=gamis", "q=roti+sisir",
]

TIMING_SCRIPT = """
import json, time
from django.http import QueryDict
from search.backends import DatabaseBackend, ElasticsearchBackend
from search.queries import parse_request
queries = json.loads(QUERIES)
out = {}
for backend in (ElasticsearchBackend(), DatabaseBackend()):
    for q in queries:  # warm up
        backend.search_products(parse_request(QueryDict(q)))
    samples, hits = [], 0
    for _ in range(ROUNDS):
        for q in queries:
            started = time.perf_counter()
            response = backend.search_products(parse_request(QueryDict(q)))
            samples.append((time.perf_counter() - started) * 1000)
            hits += response.total > 0
    samples.sort()
    out[backend.name] = {
        "n": len(samples), "p50": samples[len(samples) // 2], "p95": samples[int(len(samples) * 0.95) - 1],
        "max": samples[-1], "with_hits": hits,
    }
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--businesses", type=int, default=2_000)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--http", action="store_true", help="also load the API with wrk under gunicorn")
    parser.add_argument("--duration", type=int, default=10)
    args = parser.parse_args()

    harness.ensure_database(args.businesses, args.products)
    env = harness.bench_env(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_TIMEOUT="2")
    started = time.monotonic()
    harness.manage("search_reindex", env=env)
    print(f"search.reindex_seconds: {time.monotonic() - started:.1f} s")
    count = harness.manage("shell", "-c", "from search.models import ProductEntry; print(ProductEntry.objects.count())", env=env)
    print(f"search.indexed_products: {count.stdout.strip().splitlines()[-1]} count")

    script = TIMING_SCRIPT.replace("QUERIES", repr(json.dumps(QUERIES))).replace("ROUNDS", str(args.rounds))
    figures = json.loads(harness.manage("shell", "-c", script, env=env).stdout.strip().splitlines()[-1])
    for backend, f in figures.items():
        print(f"search.{backend}.inprocess.p50: {f['p50']:.1f} ms")
        print(f"search.{backend}.inprocess.p95: {f['p95']:.1f} ms")
        print(f"search.{backend}.inprocess.max: {f['max']:.1f} ms")
        print(f"search.{backend}.inprocess.queries: {f['n']} count ({f['with_hits']} with hits)")

    if args.http:
        for backend in ("elasticsearch", "database"):
            with harness.gunicorn(port=8011, SEARCH_BACKEND=backend) as base:
                figures = harness.wrk(f"{base}/api/v1/search/products/?q=kripik+tempee", duration=args.duration)
                harness.report(f"search.{backend}.api", figures)


if __name__ == "__main__":
    main()
