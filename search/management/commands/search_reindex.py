from django.core.management.base import BaseCommand

from search.reindex import reindex


class Command(BaseCommand):
    help = (
        "Rebuild the search rows and, with SEARCH_BACKEND=elasticsearch, new Elasticsearch "
        "indexes swapped in behind their aliases with no downtime."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database-only", action="store_true", help="rebuild only the database backend's rows")
        parser.add_argument(
            "--elasticsearch", action="store_true", help="build Elasticsearch indexes even if SEARCH_BACKEND=database"
        )

    def handle(self, *args, **options):
        es = False if options["database_only"] else (True if options["elasticsearch"] else None)
        result = reindex(es=es, progress=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS(f"search_reindex: {result}"))
