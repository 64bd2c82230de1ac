"""Throughput and latency of the main pages under gunicorn (page caching off), SQL queries per
page, and the same HTML served by nginx as a static file (the ceiling).

    .venv/bin/python bench/pages.py [--businesses 10000 --products 100000] [--duration 10]
"""
from __future__ import annotations

import argparse
import json

import harness

QUERY_COUNT_SCRIPT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
out = {}
for name, url in json.loads(URLS).items():
    client.get(url)  # warm caches that are per-process (ContentTypes, Site)
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    out[name] = [status, len(ctx.captured_queries)]
print(json.dumps(out))
"""


def pick_urls(env) -> dict[str, str]:
    script = (
        "import json\n"
        "from catalog.selectors import published_products\n"
        "from portal.selectors import verified_businesses\n"
        "from catalog.models import Category\n"
        "p = published_products().order_by('pk').first()\n"
        "b = verified_businesses().order_by('pk').first()\n"
        "c = Category.objects.order_by('pk').first()\n"
        "deep = max(1, published_products().count() // 24 // 2)\n"
        "print(json.dumps({'product': p.slug, 'business': b.slug, 'category': c.slug, 'deep': deep}))\n"
    )
    ids = json.loads(harness.manage("shell", "-c", script, env=env).stdout.strip().splitlines()[-1])
    return {
        "home": "/",
        "catalogue": "/produk/",
        "catalogue_deep": f"/produk/?page={ids['deep']}",
        "catalogue_filtered": f"/produk/?kategori={ids['category']}&harga_min=10000&harga_maks=50000",
        "product": f"/produk/{ids['product']}/",
        "business": f"/usaha/{ids['business']}/",
        "businesses_api": "/api/v1/businesses/",
        "products_api": "/api/v1/products/",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()

    harness.ensure_database(args.businesses, args.products)
    env = harness.bench_env()
    urls = pick_urls(env)

    counts = json.loads(harness.manage(
        "shell", "-c", f"URLS = {json.dumps(json.dumps(urls))}\n" + QUERY_COUNT_SCRIPT, env=env
    ).stdout.strip().splitlines()[-1])
    for name, (status, queries) in counts.items():
        print(f"{name}.status: {status}")
        print(f"{name}.queries: {queries} queries")

    bodies = {}
    with harness.gunicorn() as base:
        for name, url in urls.items():
            if counts[name][0] != 200:
                print(f"{name}.skipped: status {counts[name][0]}")
                continue
            figures = harness.wrk(base + url, connections=args.connections, duration=args.duration)
            harness.report(name, figures)
            bodies[name] = (url, harness.fetch(base + url), figures)

    static = {f"/{name}/": body for name, (url, body, _) in bodies.items()}
    with harness.nginx_static(static) as base:
        for name, (url, body, figures) in bodies.items():
            ceiling = harness.wrk(f"{base}/{name}/", connections=args.connections, duration=args.duration)
            print(f"{name}.nginx_static_rps: {ceiling['rps']:.0f} req/s ({len(body)} bytes)")
            print(f"{name}.ratio_to_nginx: {figures['rps'] / ceiling['rps']:.4f}")

    print("summary: targets — ≤10 queries per page, ≥300 req/s and p95 ≤ 50 ms at 32 connections")
    for name, (url, body, figures) in bodies.items():
        met = figures["rps"] >= 300 and figures["p95"] <= 50 and counts[name][1] <= 10
        print(f"summary.{name}: {'met' if met else 'not met'} "
              f"({figures['rps']:.0f} req/s, p95 {figures['p95']:.1f} ms, {counts[name][1]} queries)")


if __name__ == "__main__":
    main()
