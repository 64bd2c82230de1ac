import importlib
import random

from django.core.management.base import BaseCommand

from core.demo import DEMO_PASSWORD, DemoContext

# Each app that has demo data exposes demo.seed(ctx); they run in layer order (later apps build on
# what earlier ones made: staff accounts, then businesses, then products, leads, programmes).
APP_SEEDERS = ["portal", "registry", "catalog", "financing", "training", "partners", "search"]


class Command(BaseCommand):
    help = "Seed realistic demo data: businesses across the region's kecamatan, products, lenders, programmes."

    def add_arguments(self, parser):
        parser.add_argument("--businesses", type=int, default=60)
        parser.add_argument("--products", type=int, default=0, help="total products (default 3 per business)")
        parser.add_argument("--seed", type=int, default=3324)

    def handle(self, *args, businesses, products, seed, **options):
        ctx = DemoContext(rng=random.Random(seed), options={"products": products, "businesses": businesses})
        for app in APP_SEEDERS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            module.seed(ctx)
            self.stdout.write(f"{app}: seeded" + (f" ({len(ctx.businesses)} businesses)" if app == "registry" else ""))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready. Logins (password {DEMO_PASSWORD}): admin, loket, pelatihan, kurator, bri, bkk, pemilik1"
            )
        )
