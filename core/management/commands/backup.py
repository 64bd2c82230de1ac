"""manage.py backup --output /srv/backups/etalase  →  a new etalase-<UTC stamp>/ directory."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format or SQLite copy) and media (tar.gz) with checksums."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="directory that receives the backup directory")
        parser.add_argument("--media-root", help="media directory to archive (default: MEDIA_ROOT)")
        parser.add_argument("--no-media", action="store_true", help="database only")

    def handle(self, *args, output, media_root=None, no_media=False, **options):
        try:
            target = backup_create(
                output=Path(output), media_root=Path(media_root) if media_root else None, include_media=not no_media
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(target))
