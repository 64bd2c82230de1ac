import importlib
import random

from django.core.management.base import BaseCommand

from portal import demo
from portal.reference_data import regions_load
from portal.selectors import region_kecamatan

# Each app that has demo data exposes demo.seed(ctx); they run in this order.
APP_SEEDERS = ["catalog", "financing", "training", "partners", "search"]


class Command(BaseCommand):
    help = "Seed realistic demo data: businesses across the region's kecamatan, products, lenders, programmes."

    def add_arguments(self, parser):
        parser.add_argument("--businesses", type=int, default=60)
        parser.add_argument("--products", type=int, default=0, help="total products (default 3 per business)")
        parser.add_argument("--seed", type=int, default=3324)

    def handle(self, *args, businesses, products, seed, **options):
        if not region_kecamatan().exists():
            regions_load()
        ctx = demo.DemoContext(rng=random.Random(seed), options={"products": products, "businesses": businesses})
        ctx.staff = demo.staff_users()
        demo.seed_businesses(ctx, businesses)
        self.stdout.write(f"{len(ctx.businesses)} businesses")
        for app in APP_SEEDERS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            module.seed(ctx)
            self.stdout.write(f"{app}: seeded")
        self.stdout.write(self.style.SUCCESS(
            f"Demo ready. Logins (password {demo.DEMO_PASSWORD}): admin, loket, pelatihan, kurator, bri, bkk, pemilik1"
        ))
