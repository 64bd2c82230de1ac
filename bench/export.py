"""Partner export: seconds and peak memory to export a channel's listings to CSV, at 10% and at
100% of the seeded products, through `manage.py export_listings` (the same engine the Celery
task runs). Memory is the peak resident set of the export process (getrusage of the child), so
"does not grow with the row count" shows as nearly the same peak at both sizes.

    python bench/export.py [--businesses 10000 --products 100000] [--channel alfamart]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import tempfile
import time

import harness

OPT_IN_SCRIPT = """
from django.utils import timezone
from catalog.models import Product
from partners.models import Channel, ChannelListing
channel = Channel.objects.get(code=CHANNEL)
have = set(ChannelListing.objects.filter(channel=channel).values_list("product_id", flat=True))
now = timezone.now()
ChannelListing.objects.bulk_create(
    [ChannelListing(product_id=pk, channel=channel, is_opted_in=False, opted_in_at=now)
     for pk in Product.objects.order_by("pk").values_list("pk", flat=True) if pk not in have],
    batch_size=5000,
)
ids = list(ChannelListing.objects.filter(channel=channel).order_by("pk").values_list("pk", flat=True))
ChannelListing.objects.filter(channel=channel).update(is_opted_in=False)
if ROWS and ids:
    ChannelListing.objects.filter(channel=channel, pk__lte=ids[min(ROWS, len(ids)) - 1]).update(is_opted_in=True)
print(min(ROWS, len(ids)))
"""


def opt_in(env: dict, channel: str, rows: int) -> int:
    script = OPT_IN_SCRIPT.replace("CHANNEL", repr(channel)).replace("ROWS", str(rows))
    return int(harness.manage("shell", "-c", script, env=env).stdout.strip().splitlines()[-1])


def run_export(env: dict, channel: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, the command's summary line) for one CSV export in a child."""
    out = tempfile.NamedTemporaryFile(prefix="etalase-export-", suffix=".csv", delete=False).name
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    result = subprocess.run(
        [harness.PYTHON, "manage.py", "export_listings", channel, "--format", "csv", "--out", out],
        cwd=harness.ROOT, env=env, check=True, text=True, capture_output=True,
    )
    seconds = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak_kb <= before:
        peak_kb = before  # a previous child was bigger; getrusage keeps the maximum
    for path in (out, f"{out}.report.csv"):
        if os.path.exists(path):
            os.unlink(path)
    return seconds, peak_kb / 1024, result.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--channel", default="alfamart")
    args = parser.parse_args()

    harness.ensure_database(args.businesses, args.products)
    env = harness.bench_env()
    figures = {}
    # Largest first: getrusage(RUSAGE_CHILDREN) reports the largest child so far, so the small
    # run goes through a fresh interpreter that measures its own child.
    rows = opt_in(env, args.channel, args.products)
    seconds, peak, summary = run_export(env, args.channel)
    figures["full"] = (rows, seconds, peak)
    print(f"export.{args.channel}.rows: {rows} listings ({summary})")
    print(f"export.{args.channel}.seconds: {seconds:.1f} s")
    print(f"export.{args.channel}.peak_rss: {peak:.0f} MB")
    print(f"export.{args.channel}.rows_per_second: {rows / seconds:,.0f} rows/s")

    small = max(1, args.products // 10)
    opt_in(env, args.channel, small)
    child = subprocess.run(
        [harness.PYTHON, "-c",
         "import sys; sys.path.insert(0, 'bench'); import export, harness; "
         f"s, p, line = export.run_export(harness.bench_env(), {args.channel!r}); print(s, p)"],
        cwd=harness.ROOT, check=True, text=True, capture_output=True,
    )
    small_seconds, small_peak = (float(x) for x in child.stdout.split()[-2:])
    print(f"export.{args.channel}.small_rows: {small} listings")
    print(f"export.{args.channel}.small_seconds: {small_seconds:.1f} s")
    print(f"export.{args.channel}.small_peak_rss: {small_peak:.0f} MB")
    growth = peak - small_peak
    print(f"export.{args.channel}.peak_growth: {growth:.0f} MB for {rows - small} more rows")
    per_100k = seconds * 100_000 / max(rows, 1)
    met = per_100k <= 20 and growth <= max(20.0, small_peak * 0.2)
    print(f"summary.export: {'met' if met else 'not met'} ({per_100k:.1f} s per 100,000 rows, "
          f"peak {peak:.0f} MB at {rows} rows vs {small_peak:.0f} MB at {small}; target ≤ 20 s, flat memory)")
    opt_in(env, args.channel, 0)


if __name__ == "__main__":
    main()
