"""Throughput and latency of the main pages, SQL queries per page, and the ceiling.

    python bench/pages.py [--businesses 10000 --products 100000] [--duration 10] [--soak 60]

1. SQL queries per page with 12 and 48 items per page, the page cache off: "cold" (counts and
   facets of the filter combination not yet cached) and steady state.
2. Uncached path: gunicorn (deploy/gunicorn.conf.py, portal.settings.production, PostgreSQL,
   Redis, Elasticsearch) with the page cache off (PAGE_CACHE_SECONDS=0), loaded by wrk; and the
   floor under every page, the health check (middleware, one SELECT 1, JSON) on that gunicorn.
3. Cached path: the shipped nginx site (deploy/nginx-etalase.conf, 5 s micro-cache) in front of
   gunicorn with the page cache on, loaded by wrk.
4. Ceiling: the same HTML bytes served by nginx as static files; both paths as a ratio of it.
5. Soak: 200 connections for --soak seconds through nginx and straight to gunicorn (Django's page cache on), counting errors; and the database
   rows written while anonymous pages were served (should be none).
"""

from __future__ import annotations

import argparse
import json
import subprocess

import harness

QUERY_COUNT_SCRIPT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
out = {}
for name, url in json.loads(URLS).items():
    client.get(url)  # warm per-process caches (ContentTypes, Site) and, if on, the counts
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    out[name] = [status, len(ctx.captured_queries)]
print(json.dumps(out))
"""

PICK_SCRIPT = """
import json
from catalog.selectors import published_products
from registry.selectors import verified_businesses
from catalog.models import Category
p = published_products().order_by('pk').first()
b = verified_businesses().filter(products__status='published').order_by('pk').first()
c = Category.objects.filter(products__status='published').order_by('pk').first()
deep = max(1, published_products().count() // 24 // 2)
print(json.dumps({'product': p.slug, 'business': b.slug, 'category': c.slug, 'deep': deep}))
"""

# Pages a visitor sees (HTML), then the JSON APIs.
HTML = ("home", "catalogue", "catalogue_deep", "catalogue_filtered", "product", "business")
CACHED_BY_NGINX = ("home", "catalogue", "catalogue_deep", "catalogue_filtered", "product", "business")


def pick_urls(env) -> dict[str, str]:
    ids = json.loads(harness.manage("shell", "-c", PICK_SCRIPT, env=env).stdout.strip().splitlines()[-1])
    return {
        "home": "/",
        "catalogue": "/produk/",
        "catalogue_deep": f"/produk/?page={ids['deep']}",
        "catalogue_filtered": f"/produk/?category={ids['category']}&price_min=10000&price_max=50000&sort=price_asc",
        "product": f"/produk/{ids['product']}/",
        "business": f"/usaha/{ids['business']}/",
        "products_api": "/api/v1/products/",
        "businesses_api": "/api/v1/businesses/",
        "search_api_es": "/api/v1/search/products/?q=kripik+tempee",
        "suggest_api": "/api/v1/search/suggest/?q=krip",
    }


def query_counts(urls: dict, **env_extra) -> dict:
    env = harness.bench_env(PAGE_CACHE_SECONDS=0, **env_extra)
    script = f"URLS = {json.dumps(json.dumps(urls))}\n" + QUERY_COUNT_SCRIPT
    return json.loads(harness.manage("shell", "-c", script, env=env).stdout.strip().splitlines()[-1])


def with_per_page(url: str, n: int) -> str:
    return f"{url}{'&' if '?' in url else '?'}per_page={n}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--soak", type=int, default=60, help="seconds at 200 connections (0 = skip)")
    args = parser.parse_args()

    harness.ensure_database(args.businesses, args.products)
    env = harness.bench_env()
    urls = pick_urls(env)
    for name, url in urls.items():
        print(f"{name}.url: {url}")

    # 1. Queries per page: 12 vs 48 items, cold (counts not cached) and steady state.
    listing = {"catalogue", "catalogue_deep", "catalogue_filtered", "products_api"}
    sized = {
        f"{name}@{n}": (with_per_page(url, n) if name in listing else url)
        for name, url in urls.items()
        for n in (12, 48)
    }
    cold = query_counts(sized, CATALOG_SUMMARY_SECONDS=0)
    steady = query_counts(sized)
    counts = {}
    for name in urls:
        c12, c48 = cold[f"{name}@12"][1], cold[f"{name}@48"][1]
        s12, s48 = steady[f"{name}@12"][1], steady[f"{name}@48"][1]
        counts[name] = max(c12, c48)
        print(f"{name}.status: {cold[f'{name}@12'][0]}")
        print(f"{name}.queries_12: {c12} queries")
        print(f"{name}.queries_48: {c48} queries")
        print(f"{name}.queries_steady: {max(s12, s48)} queries (filter counts cached)")

    bodies: dict[str, tuple[bytes, dict]] = {}
    writes_before = harness.database_writes(env)
    # 2. Uncached: gunicorn, page cache off.
    with harness.gunicorn(PAGE_CACHE_SECONDS=0) as base:
        for name, url in urls.items():
            if cold[f"{name}@12"][0] != 200:
                print(f"{name}.skipped: status {cold[f'{name}@12'][0]}")
                continue
            try:
                harness.warm(base + url)
                figures = harness.wrk(base + url, connections=args.connections, duration=args.duration)
                harness.report(f"{name}.uncached", figures)
                bodies[name] = (harness.fetch(base + url), figures)
            except (OSError, subprocess.SubprocessError, AttributeError) as exc:
                print(f"{name}.uncached.failed: {exc!r}")
        # The floor under every page: the same gunicorn answering its health check (all the
        # middleware, one SELECT 1, a small JSON body, no template).
        harness.warm(base + "/healthz")
        harness.report(
            "floor.healthz.uncached",
            harness.wrk(base + "/healthz", connections=args.connections, duration=args.duration),
        )
    writes_after = harness.database_writes(env)
    print(f"plain_views.database_rows_written: {writes_after - writes_before} rows")

    # 3. Cached: the shipped nginx site in front of gunicorn, page cache on.
    cached = {}
    with harness.gunicorn() as base, harness.nginx_site() as site:
        for name in CACHED_BY_NGINX:
            if name not in bodies:
                continue
            try:
                harness.warm(site + urls[name], times=4)
                headers = harness.fetch_headers(site + urls[name])
                figures = harness.wrk(site + urls[name], connections=args.connections, duration=args.duration)
            except (OSError, subprocess.SubprocessError, AttributeError) as exc:
                print(f"{name}.nginx.failed: {exc!r}")
                continue
            harness.report(f"{name}.nginx", figures)
            print(
                f"{name}.nginx_cache_status: {headers.get('x-cache-status', '-')} "
                f"(page cache {headers.get('x-page-cache', '-')})"
            )
            cached[name] = figures
        if args.soak:
            figures = harness.wrk(site + urls["catalogue"], connections=200, duration=args.soak, threads=2)
            harness.report("soak200.catalogue.nginx", figures)
            # Straight to gunicorn (no nginx), Django's page cache on: the app's own cached path.
            figures_app = harness.wrk(
                base + urls["catalogue_filtered"], connections=200, duration=max(10, args.soak // 3), threads=2
            )
            harness.report("soak200.catalogue_filtered.gunicorn_page_cache", figures_app)
            cached["soak"] = figures
            cached["soak_app"] = figures_app

    # 4. Ceiling: the same bytes from nginx as static files.
    ceilings = {}
    with harness.nginx_static({f"/{name}/": body for name, (body, _) in bodies.items()}) as base:
        for name, (body, figures) in bodies.items():
            ceiling = harness.wrk(f"{base}/{name}/", connections=args.connections, duration=max(3, args.duration // 2))
            ceilings[name] = ceiling["rps"]
            print(f"{name}.nginx_static.rps: {ceiling['rps']:.0f} req/s ({len(body)} bytes)")
            print(f"{name}.uncached.ratio_to_ceiling: {figures['rps'] / ceiling['rps']:.4f}")
            if name in cached:
                print(f"{name}.nginx.ratio_to_ceiling: {cached[name]['rps'] / ceiling['rps']:.4f}")

    print(
        "summary: targets (design.md): ≤10 queries, same for 12/48 items; uncached ≥300 req/s and "
        "p95 ≤ 50 ms at 32 connections; cached ≥ 1/3 of nginx static; zero errors at 200 connections"
    )
    for name in HTML:
        if name not in bodies:
            continue
        figures = bodies[name][1]
        same = cold[f"{name}@12"][1] == cold[f"{name}@48"][1]
        met = figures["rps"] >= 300 and figures["p95"] <= 50 and counts[name] <= 10 and same
        print(
            f"summary.{name}.uncached: {'met' if met else 'not met'} ({figures['rps']:.0f} req/s, "
            f"p95 {figures['p95']:.1f} ms, {counts[name]} queries, 12/48 {'equal' if same else 'DIFFER'}, "
            f"{figures['rps'] / ceilings[name]:.3f} of ceiling)"
        )
        if name in cached:
            ratio = cached[name]["rps"] / ceilings[name]
            print(
                f"summary.{name}.nginx: {'met' if ratio >= 1 / 3 else 'not met'} "
                f"({cached[name]['rps']:.0f} req/s = {ratio:.3f} of nginx static {ceilings[name]:.0f} req/s)"
            )
    if "soak" in cached:
        errors = cached["soak"]["errors"] + cached["soak_app"]["errors"]
        print(f"summary.soak200: {'met' if errors == 0 else 'not met'} ({errors} errors)")
    print(
        f"summary.plain_view_writes: {'met' if writes_after == writes_before else 'not met'} "
        f"({writes_after - writes_before} rows written)"
    )


if __name__ == "__main__":
    main()
