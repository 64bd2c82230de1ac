from django.conf import settings
from django.core.management.base import BaseCommand

from registry.reference_data import regions_load


class Command(BaseCommand):
    help = "Load Kemendagri region codes (core/data/wilayah.csv) for the portal's kabupaten."

    def add_arguments(self, parser):
        parser.add_argument("--region", default=settings.PORTAL_REGION_CODE, help="kabupaten code, e.g. 33.24")
        parser.add_argument("--all", action="store_true", help="load all 91,599 codes of Indonesia")

    def handle(self, *args, region, all, **options):
        count = regions_load(region_code=region, load_all=all)
        self.stdout.write(self.style.SUCCESS(f"{count} wilayah loaded"))
