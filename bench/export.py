"""Partner export: seconds and peak memory to export a channel's listings to CSV, at 10% and at
100% of the seeded products, through `manage.py export_listings` (the same engine the Celery
task runs). Memory is the peak resident set of the export process itself (wait4), so "does not
grow with the row count" shows as nearly the same peak at both sizes. Each figure carries the
load average: the cores may be shared.

    python bench/export.py [--businesses 10000 --products 100000] [--channel alfamart|gofood,indomaret|all]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time

import harness

CHANNELS = ["alfamart", "gofood", "grabfood", "indomaret"]

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
    """(seconds, peak RSS in MB, the command's summary line) for one CSV export in a child.
    The peak is the export process's own (wait4), not the largest child so far: the opt-in
    helper is a child too."""
    out = tempfile.NamedTemporaryFile(prefix="etalase-export-", suffix=".csv", delete=False).name
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.monotonic()
        process = subprocess.Popen(
            [harness.PYTHON, "manage.py", "export_listings", channel, "--format", "csv", "--out", out],
            cwd=harness.ROOT,
            env=env,
            text=True,
            stdout=stdout,
            stderr=stderr,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, process.args, stdout.read(), stderr.read())
        summary = stdout.read().strip().splitlines()[-1]
    for path in (out, f"{out}.report.csv"):
        if os.path.exists(path):
            os.unlink(path)
    return seconds, usage.ru_maxrss / 1024, summary


def loadavg() -> str:
    """The 1/5/15-minute load average: the cores are shared, so every figure carries it."""
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def bench_channel(env: dict, channel: str, products: int) -> None:
    rows = opt_in(env, channel, products)
    load_before = loadavg()
    seconds, peak, summary = run_export(env, channel)
    print(f"export.{channel}.rows: {rows} listings ({summary})")
    print(f"export.{channel}.seconds: {seconds:.1f} s")
    print(f"export.{channel}.peak_rss: {peak:.0f} MB")
    print(f"export.{channel}.rows_per_second: {rows / seconds:,.0f} rows/s")
    print(f"export.{channel}.loadavg: {load_before} before, {loadavg()} after")

    small = max(1, products // 10)
    opt_in(env, channel, small)
    small_seconds, small_peak, _summary = run_export(env, channel)
    print(f"export.{channel}.small_rows: {small} listings")
    print(f"export.{channel}.small_seconds: {small_seconds:.1f} s")
    print(f"export.{channel}.small_peak_rss: {small_peak:.0f} MB")
    growth = peak - small_peak
    print(f"export.{channel}.peak_growth: {growth:.0f} MB for {rows - small} more rows")
    per_100k = seconds * 100_000 / max(rows, 1)
    met = per_100k <= 20 and growth <= max(20.0, small_peak * 0.2)
    print(
        f"summary.export: {'met' if met else 'not met'} ({channel}: {per_100k:.1f} s per 100,000 rows, "
        f"peak {peak:.0f} MB at {rows} rows vs {small_peak:.0f} MB at {small}; target ≤ 20 s, flat memory)"
    )
    opt_in(env, channel, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--channel", default="alfamart", help="a channel code, several separated by commas, or 'all'")
    args = parser.parse_args()

    harness.ensure_database(args.businesses, args.products)
    env = harness.bench_env()
    channels = CHANNELS if args.channel == "all" else args.channel.split(",")
    for channel in channels:
        bench_channel(env, channel, args.products)


if __name__ == "__main__":
    main()
