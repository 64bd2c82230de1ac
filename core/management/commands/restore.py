"""manage.py restore /srv/backups/etalase/etalase-20261130T230000Z --database-url postgres://…/etalase_new --yes"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = "Verify a backup's checksums and restore it into an empty database and a media directory."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a backup directory made by `manage.py backup`")
        parser.add_argument("--database-url", help="target database (default: this portal's DATABASE_URL)")
        parser.add_argument("--media-root", help="target media directory (default: MEDIA_ROOT)")
        parser.add_argument("--verify-only", action="store_true", help="check the checksums, restore nothing")
        parser.add_argument("--yes", action="store_true", help="do it (without this, only verify)")

    def handle(self, *args, path, database_url=None, media_root=None, verify_only=False, yes=False, **options):
        try:
            if verify_only or not yes:
                manifest = backup_verify(Path(path))
                self.stdout.write(f"backup OK ({manifest['vendor']}, {manifest['created_at']})")
                if not verify_only:
                    self.stdout.write("add --yes to restore it")
                return
            result = backup_restore(
                path=Path(path), database_url=database_url, media_root=Path(media_root) if media_root else None
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {result['vendor']} database and {result['media_files']} media files")
