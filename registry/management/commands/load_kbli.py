from django.core.management.base import BaseCommand

from registry.models import KbliCode
from registry.reference_data import kbli_load
from registry.selectors import kbli_index_clear


class Command(BaseCommand):
    help = "Load (or refresh) KBLI codes from registry/data/kbli<version>.csv."

    def add_arguments(self, parser):
        parser.add_argument("--version", dest="kbli_version", default="2020")

    def handle(self, *args, kbli_version, **options):
        count = kbli_load(KbliCode, version=kbli_version)
        kbli_index_clear()
        self.stdout.write(self.style.SUCCESS(f"{count} KBLI {kbli_version} codes loaded"))
