"""Staff dashboard: uncached aggregate query time on 10,000 businesses / 100,000 products.

    .venv/bin/python bench/dashboard.py [--businesses 10000] [--products 100000] [--repeat 3]

Seeds its own PostgreSQL database (`etalase_bench_dashboard`, reused afterwards; bulk inserts of
synthetic rows spread over the last twelve months: registrations, products, orders, leads,
training sign-ups, channel listings and exports) and times every staff figure with the cache
off, default filters and one kecamatan. Prints `name: value unit` lines (median of --repeat).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "etalase_bench_dashboard"
SERVER = os.environ.get("BENCH_PG", "postgres://etalase:etalase@127.0.0.1:5432")
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
os.environ["CACHE_URL"] = "dummycache://"
os.environ.setdefault("ETALASE_INSTANCE", "bench")


def create_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f"CREATE DATABASE {DB_NAME}")


def seed(businesses: int, products: int) -> None:
    from django.utils import timezone

    from catalog.models import Category, Checkout, Order, OrderStatus, PaymentStatus, Product, ProductStatus
    from financing.models import Application, Lead, LeadStatus, LoanProduct
    from partners.models import BatchItem, Channel, ChannelListing, CurationBatch, ExportJob, ExportStatus
    from portal.models import User
    from registry.models import Business, BusinessStatus, KbliCode, SizeClass
    from registry.selectors import region_kecamatan
    from training.models import Attendance, Certificate, Programme, Registration, RegistrationStatus, Session, Topic

    rng = random.Random(3324)
    now = timezone.now()
    ago = lambda: now - timedelta(days=rng.randint(0, 364), minutes=rng.randint(0, 1440))  # noqa: E731
    kecamatan = [k.code for k in region_kecamatan()]
    kbli = list(
        KbliCode.objects.filter(version="2020", code__in=["10794", "10710", "47111", "56101", "13134", "01134"])
    )
    owner = User.objects.create(username="bench-owner")
    statuses = [BusinessStatus.VERIFIED] * 7 + [
        BusinessStatus.SUBMITTED,
        BusinessStatus.NEEDS_CHANGES,
        BusinessStatus.REJECTED,
    ]
    rows = []
    for i in range(businesses):
        at = ago()
        status = rng.choice(statuses)
        rows.append(
            Business(
                owner=owner,
                name=f"Usaha {i}",
                slug=f"usaha-{i}",
                kecamatan_id=rng.choice(kecamatan),
                primary_kbli=rng.choice(kbli),
                size_class=rng.choice(SizeClass.values[:3]),
                status=status,
                submitted_at=at,
                verified_at=at if status == "verified" else None,
            )
        )
    Business.objects.bulk_create(rows, batch_size=2000)
    ids = list(Business.objects.values_list("pk", flat=True))
    category = Category.objects.first() or Category.objects.create(name="Makanan", slug="makanan", is_food=True)
    Product.objects.bulk_create(
        [
            Product(
                business_id=ids[i % len(ids)],
                category=category,
                name=f"Produk {i}",
                slug=f"produk-{i}",
                price=15_000,
                status=ProductStatus.PUBLISHED if i % 3 else ProductStatus.DRAFT,
                published_at=now,
            )
            for i in range(products)
        ],
        batch_size=5000,
    )
    sellers = rng.sample(ids, len(ids) // 4)
    checkouts = Checkout.objects.bulk_create(
        [
            Checkout(
                reference=f"B{i}",
                contact_name="x",
                contact_phone="+62",
                contact_email="x@example.id",
                total=50_000,
                payment_status=PaymentStatus.PAID,
                paid_at=ago(),
                expires_at=now,
            )
            for i in range(len(sellers) * 2)
        ],
        batch_size=5000,
    )
    Order.objects.bulk_create(
        [
            Order(
                checkout=c,
                business_id=sellers[i % len(sellers)],
                number=f"B{i}",
                status=OrderStatus.NEW,
                subtotal=50_000,
            )
            for i, c in enumerate(checkouts)
        ],
        batch_size=5000,
    )
    loan_products = list(LoanProduct.objects.select_related("lender"))
    applicants = rng.sample(ids, len(ids) // 5)
    apps = Application.objects.bulk_create(
        [
            Application(business_id=b, applicant=owner, amount=20_000_000, purpose="modal_kerja", tenor_months=12)
            for b in applicants
        ],
        batch_size=5000,
    )
    leads = []
    for app in apps:
        product = rng.choice(loan_products)
        status = rng.choice(LeadStatus.values)
        leads.append(
            Lead(
                application=app,
                business_id=app.business_id,
                product=product,
                lender=product.lender,
                amount=20_000_000,
                status=status,
                disbursed_amount=18_000_000 if status == "disbursed" else None,
            )
        )
    Lead.objects.bulk_create(leads, batch_size=5000)
    Lead.objects.update(created_at=now - timedelta(days=30))
    sessions = []
    for i, topic in enumerate(Topic.values * 5):
        programme = Programme.objects.create(organiser="disperinkop", topic=topic, title=f"Pelatihan {i}")
        day = (now - timedelta(days=rng.randint(0, 360))).date()
        sessions.append(
            Session.objects.create(
                programme=programme,
                first_day=day,
                last_day=day,
                capacity=30,
                signup_opens_at=now - timedelta(days=400),
                signup_closes_at=now - timedelta(days=399),
            )
        )
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                session=sessions[i % len(sessions)],
                business_id=b,
                code=f"R{i}",
                participant_name="x",
                status=RegistrationStatus.CONFIRMED,
            )
            for i, b in enumerate(rng.sample(ids, min(len(ids), len(sessions) * 25)))
        ],
        batch_size=5000,
    )
    Attendance.objects.bulk_create([Attendance(registration=r, day=r.session.first_day) for r in registrations[::2]])
    Certificate.objects.bulk_create(
        [
            Certificate(
                registration=r,
                business_id=r.business_id,
                code=f"C{i}",
                participant_name="x",
                programme_title="x",
                organiser="disperinkop",
                first_day=r.session.first_day,
                last_day=r.session.first_day,
                days_attended=1,
            )
            for i, r in enumerate(registrations[::4])
        ]
    )
    product_ids = list(Product.objects.filter(status=ProductStatus.PUBLISHED).values_list("pk", flat=True)[:20_000])
    for channel in Channel.objects.all():
        listings = ChannelListing.objects.bulk_create(
            [
                ChannelListing(product_id=p, channel=channel, is_opted_in=True, opted_in_at=now - timedelta(days=60))
                for p in rng.sample(product_ids, 5000)
            ],
            batch_size=5000,
        )
        batch = CurationBatch.objects.create(channel=channel, name="bench")
        BatchItem.objects.bulk_create([BatchItem(batch=batch, listing=li) for li in listings[:2000]])
        ExportJob.objects.create(
            channel=channel,
            batch=batch,
            file_format="csv",
            status=ExportStatus.DONE,
            row_count=2000,
            finished_at=now - timedelta(days=10),
        )
        ExportJob.objects.create(
            channel=channel,
            file_format="csv",
            status=ExportStatus.DONE,
            row_count=5000,
            finished_at=now - timedelta(days=5),
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from catalog.models import Product
    from registry.models import Business

    if Business.objects.count() < args.businesses or Product.objects.count() < args.products:
        from django.db import transaction

        started = time.monotonic()
        with transaction.atomic():  # all or nothing: a failed seed leaves an empty database to retry
            seed(args.businesses, args.products)
        print(f"seed_seconds: {time.monotonic() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"businesses: {Business.objects.count()} rows")
    print(f"products: {Product.objects.count()} rows")

    from dashboards import staff
    from registry.dashboard_filters import DashboardFilters

    default = DashboardFilters.default()
    weleri = DashboardFilters(default.date_from, default.date_to, kecamatan="33.24.12")
    builders = {
        "registrations": staff.registrations_figure,
        "funnel": staff.funnel_figure,
        "kecamatan": staff.kecamatan_figure,
        "sector": staff.sector_figure,
        "size": staff.size_figure,
        "training": staff.training_figure,
        "exports": staff.exports_figure,
        "orders": staff.orders_figures,
    }
    from financing.models import Lead

    builders["financing_lender"] = lambda f: staff.pipeline_figure(
        Lead.objects.all(), f, key="l", title="l", group=("lender__name",), heading=""
    )
    builders["financing_product"] = lambda f: staff.pipeline_figure(
        Lead.objects.all(), f, key="p", title="p", group=("lender__name", "product__name"), heading=""
    )
    for label, filters in (("all", default), ("kecamatan", weleri)):
        totals = []
        per_figure = {name: [] for name in builders}
        for _ in range(args.repeat):
            total = 0.0
            for name, build in builders.items():
                started = time.perf_counter()
                build(filters)
                elapsed = (time.perf_counter() - started) * 1000
                per_figure[name].append(elapsed)
                total += elapsed
            totals.append(total)
        if label == "all":
            for name, times in per_figure.items():
                print(f"dashboard_{name}_ms: {statistics.median(times):.1f} ms")
        print(f"dashboard_total_{label}_ms: {statistics.median(totals):.1f} ms")
    started = time.perf_counter()
    staff.staff_figures(default)  # the view's entry point (cache off here): figures + formatting
    print(f"dashboard_staff_figures_ms: {(time.perf_counter() - started) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
