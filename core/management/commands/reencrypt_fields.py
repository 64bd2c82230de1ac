"""manage.py reencrypt_fields  →  every encrypted column rewritten with the newest key.

Run after putting a new key first in FIELD_ENCRYPTION_KEYS (docs/security.md "Encryption
keys"); then the old key can be dropped. Safe to run again or to resume: values already under
the newest key are left alone."""

from django.core.management.base import BaseCommand, CommandError

from core.crypto import encrypted_fields, reencrypt_column


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field (NIK) with the newest key of FIELD_ENCRYPTION_KEYS; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args, batch_size: int, **options):
        unreadable: list[str] = []
        for model, field in encrypted_fields():
            result = reencrypt_column(model, field, batch_size=batch_size, progress=self.progress)
            self.stdout.write(
                f"{result.label}: {result.total} stored, {result.rewritten} re-encrypted, "
                f"{result.current} already under the newest key, {len(result.unreadable)} unreadable"
            )
            unreadable.extend(f"{result.label} id {pk}" for pk in result.unreadable)
        if unreadable:
            raise CommandError(
                "No configured key decrypts these values; they were left as they are: " + ", ".join(unreadable[:50])
            )
        self.stdout.write(self.style.SUCCESS("All encrypted fields are under the newest key."))

    def progress(self, result):
        done = result.rewritten + result.current + len(result.unreadable)
        self.stdout.write(f"{result.label}: {done}/{result.total}")
