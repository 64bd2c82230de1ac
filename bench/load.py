"""Load test: 200 concurrent connections for 60 s across catalogue pages, searches, product and
business pages and the JSON APIs, with zero errors expected; reports requests/s and p50/p95/p99.

    python bench/load.py [--businesses 10000 --products 100000] [--connections 200] [--duration 60]

Runs twice on the production-like stack of bench/harness.py: through the shipped nginx site
(micro-cache, as deployed) and straight at gunicorn with the page cache off (every request
reaches Django, PostgreSQL and Elasticsearch). Each request takes the next path of a mixed list
(bench/mixed.lua), so caches see many different URLs. Not part of CI (it needs a minute of
full load); the suites in tests/reliability cover the faults.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

import harness

MIXED_LUA = Path(__file__).resolve().parent / "mixed.lua"

PATHS_SCRIPT = """
import json
from catalog.models import Category
from catalog.selectors import published_products
from registry.selectors import verified_businesses
products = list(published_products().order_by('?').values_list('slug', 'pk')[:200])
businesses = list(verified_businesses().order_by('?').values_list('slug', flat=True)[:50])
categories = list(Category.objects.values_list('slug', flat=True))
kecamatan = list(verified_businesses().values_list('kecamatan_id', flat=True).distinct()[:20])
print(json.dumps({'products': products, 'businesses': businesses, 'categories': categories, 'kecamatan': kecamatan}))
"""

SEARCHES = [
    "kripik tempe",
    "kripik tempee",
    "batk tulis",
    "bandeng presto",
    "sambel",
    "kopi kendal",
    "kerupuk ikan",
    "madu",
    "tas anyaman",
    "melon",
]


def mixed_paths(env) -> list[str]:
    data = json.loads(harness.manage("shell", "-c", PATHS_SCRIPT, env=env).stdout.strip().splitlines()[-1])
    paths = ["/", "/produk/", "/usaha/", "/pelatihan/", "/api/v1/products/", "/api/v1/businesses/"]
    paths += [f"/produk/?page={page}" for page in (2, 5, 20, 80)]
    paths += [f"/produk/?category={slug}&sort=price_asc" for slug in data["categories"]]
    paths += [f"/produk/?kecamatan={code}" for code in data["kecamatan"]]
    for text in SEARCHES:
        q = text.replace(" ", "+")
        paths += [
            f"/produk/?q={q}",
            f"/api/v1/search/products/?q={q}",
            f"/api/v1/search/suggest/?q={q[:4]}",
            f"/api/v1/products/?q={q}",
        ]
    paths += [f"/produk/{slug}/" for slug, _pk in data["products"]]
    paths += [f"/api/v1/products/{pk}/" for _slug, pk in data["products"][:50]]
    paths += [f"/usaha/{slug}/" for slug in data["businesses"]]
    return paths


def wrk_mixed(base: str, paths_file: str, *, connections: int, duration: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(MIXED_LUA), base],
        check=True,
        text=True,
        capture_output=True,
        timeout=duration + 60,
        env={**os.environ, "PATHS": paths_file},
    ).stdout
    figures = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }
    for name in ("p50", "p95", "p99"):
        figures[name] = float(re.search(rf"^{name} ([\d.]+)$", out, re.M).group(1)) / 1000.0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = dict(zip(("connect", "read", "write", "timeout"), (int(g) for g in errors.groups()))) if errors else {}
    figures["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    figures["socket"] = socket
    figures["errors"] = sum(socket.values()) + figures["non2xx"]
    return figures


def report(name: str, figures: dict) -> None:
    harness.report(name, figures)
    print(f"{name}.requests: {figures['requests']} count")
    print(f"{name}.non2xx: {figures['non2xx']} count")
    for kind, count in figures["socket"].items():
        print(f"{name}.socket_{kind}: {count} count")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--duration", type=int, default=60)
    args = parser.parse_args()

    harness.ensure_database(args.businesses, args.products)
    env = harness.bench_env()
    paths = mixed_paths(env)
    print(f"load.paths: {len(paths)} count")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
    results = {}
    try:
        with harness.gunicorn(8001) as base:
            for path in paths[:: max(1, len(paths) // 40)]:
                harness.fetch(base + path)  # every worker loads its code; not timed
            with harness.nginx_site(upstream_port=8001) as site:
                results["nginx"] = wrk_mixed(site, handle.name, connections=args.connections, duration=args.duration)
                report("load.mixed.nginx", results["nginx"])
        with harness.gunicorn(8001, PAGE_CACHE_SECONDS=0) as base:
            results["gunicorn"] = wrk_mixed(base, handle.name, connections=args.connections, duration=args.duration)
            report("load.mixed.gunicorn_uncached", results["gunicorn"])
    finally:
        os.unlink(handle.name)
    errors = sum(r["errors"] for r in results.values())
    print(f"load.errors_total: {errors} count")
    print(
        f"summary: {args.connections} connections × {args.duration} s × 2 paths; "
        f"nginx {results['nginx']['rps']:.0f} req/s p99 {results['nginx']['p99']:.0f} ms; "
        f"gunicorn uncached {results['gunicorn']['rps']:.0f} req/s p99 {results['gunicorn']['p99']:.0f} ms; "
        f"errors {errors} ({'met' if errors == 0 else 'NOT met'}: zero errors)"
    )


if __name__ == "__main__":
    main()
