"""Financing matches per second, in-process: 10,000 businesses against every shipped product.

    .venv/bin/python bench/matching.py [--businesses 10000] [--repeat 3]

The rules come from the real selector (financing.selectors.product_rules) on a migrated SQLite
file in var/ (created on the first run), so the figure covers the same dataclasses the site
uses. Businesses are synthetic but realistic (registry.demo's sectors, Kendal and neighbouring
kecamatan, ages 1 month–15 years, a mix of existing loans and repeat KUR borrowers), drawn from
a seeded RNG so runs are comparable. A "match" is one business evaluated against all products.
Prints `name: value unit` lines like the other benchmarks.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-matching.sqlite3'}"

SECTORS = ["10794", "10710", "10750", "11040", "13134", "16291", "14111", "56101", "01134", "03221", "01411", "47111"]
REGIONS = [f"33.24.{n:02d}" for n in range(1, 21)] + ["33.19.01", "33.25.03"]  # some outside Kendal
AMOUNTS = [3, 8, 10, 15, 25, 50, 75, 100, 150, 250, 400, 600]
LOANS = [
    (),
    (),
    (),
    ("consumer", 10),
    ("mortgage", 250),
    ("ultra_micro", 5),
    ("ultra_micro", 30),
    ("productive", 40),
    ("kur", 20),
    ("motorbike", 15),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=0, help="ignored (bench/run passes it to every script)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    (ROOT / "var").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)

    from financing import eligibility as el
    from financing.selectors import product_rules

    rules = product_rules()
    rng = random.Random(3324)
    today = date(2026, 11, 1)
    work = []
    for _ in range(args.businesses):
        loan = rng.choice(LOANS)
        loans = (
            (el.ExistingLoan(type=loan[0], lender=rng.choice(["bri", "bni", "pnm"]), amount=loan[1] * 1_000_000),)
            if loan
            else ()
        )
        profile = el.Profile(
            started_on=today - timedelta(days=rng.randrange(30, 15 * 365)),
            kbli=rng.choice(SECTORS),
            region_code=rng.choice(REGIONS),
            annual_sales=rng.randrange(20, 2000) * 1_000_000,
            capital=rng.randrange(5, 900) * 1_000_000,
            has_nib=rng.random() < 0.8,
            has_npwp=rng.random() < 0.4,
            current_loans=loans,
            previous_kur_count=rng.choice([0, 0, 0, 1, 1, 2, 3, 4]),
        )
        request = el.LoanRequest(
            amount=rng.choice(AMOUNTS) * 1_000_000,
            purpose=rng.choice([el.MODAL_KERJA, el.INVESTASI]),
            tenor_months=rng.choice([6, 12, 18, 24, 36, 48, 60]),
        )
        work.append((profile, request))

    best = None
    eligible_total = 0
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        eligible_total = 0
        for profile, request in work:
            eligible_total += len(el.match(profile, request, rules, today=today).eligible)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)

    rate = len(work) / best
    print(f"matching_products: {len(rules)} products")
    print(f"matching_businesses: {len(work)} businesses")
    print(f"matching_eligible_share: {eligible_total / (len(work) * len(rules)) * 100:.1f} %")
    print(f"matching_seconds: {best:.3f} s")
    print(f"matching_rate: {rate:,.0f} matches/s")
    print(f"matching_product_evaluations: {rate * len(rules):,.0f} evaluations/s")
    print(f"matching_target: {'met' if rate >= 1000 else 'MISSED'} (>= 1,000 matches/s)")


if __name__ == "__main__":
    main()
