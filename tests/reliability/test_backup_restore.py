"""Backup and restore: data written through the portal, `manage.py backup`, then `manage.py
restore` into a brand-new empty PostgreSQL database and an empty media directory; the data
and the uploaded file are there, and the restored NIK still decrypts."""

import io
import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from core.backups import PgTarget
from core.crypto import EncryptedTextField
from tests.portal.factories import BusinessFactory, CertificationFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def empty_database():
    """A new, empty PostgreSQL database on the shared server, dropped afterwards."""
    name = f"etalase_restore_{uuid.uuid4().hex[:10]}"
    source = PgTarget.from_settings(connection.settings_dict)
    admin = dict(
        host=source.host,
        port=source.port,
        user=source.user,
        password=source.password,
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{source.user}:{source.password}@{source.host}:{source.port}/{name}", name, admin
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_into_an_empty_database_with_the_media(tmp_path, empty_database):
    url, name, admin = empty_database
    business = BusinessFactory(name="Bandeng Presto Bu Ani")
    business.owner.owner_profile.nik = "3324015708900001"
    business.owner.owner_profile.save()
    cert = CertificationFactory(business=business)
    cert.scan.save("halal-bu-ani.pdf", ContentFile(b"%PDF-1.4 sertifikat halal"))
    scan_name = cert.scan.name

    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "backups"), stdout=out)
    backup_dir = tmp_path / "backups" / out.getvalue().strip().rsplit("/", 1)[-1]
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["vendor"] == "postgresql" and set(manifest["files"]) == {"database", "media"}

    media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", str(backup_dir), database_url=url, media_root=str(media), yes=True, stdout=out)
    assert "restored postgresql database" in out.getvalue()

    with psycopg.connect(**{**admin, "dbname": name}) as conn:
        row = conn.execute(
            "SELECT b.name, p.nik FROM portal_business b JOIN portal_ownerprofile p "
            "ON p.user_id = b.owner_id WHERE b.id = %s",
            [business.pk],
        ).fetchone()
        migrations = conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    assert row[0] == "Bandeng Presto Bu Ani"
    assert row[1] != "3324015708900001"  # encrypted at rest in the backup too
    assert EncryptedTextField().from_db_value(row[1], None, None) == "3324015708900001"
    assert migrations > 20
    assert (media / scan_name).read_bytes() == b"%PDF-1.4 sertifikat halal"


def test_restore_refuses_a_damaged_backup_or_a_database_in_use(tmp_path, empty_database):
    url, _name, _admin = empty_database
    BusinessFactory()
    out = io.StringIO()
    call_command("backup", output=str(tmp_path), no_media=True, stdout=out)
    backup_dir = tmp_path / out.getvalue().strip().rsplit("/", 1)[-1]

    # Restoring over the portal's own (non-empty) database is refused.
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(backup_dir), yes=True, stdout=io.StringIO())
    # Without --yes it only verifies.
    out = io.StringIO()
    call_command("restore", str(backup_dir), database_url=url, stdout=out)
    assert "backup OK" in out.getvalue() and "add --yes" in out.getvalue()

    dump = backup_dir / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-100])  # truncated in transit
    with pytest.raises(CommandError, match="checksum mismatch"):
        call_command("restore", str(backup_dir), database_url=url, yes=True, stdout=io.StringIO())


def test_scripts_wrap_the_commands(tmp_path):
    """scripts/backup and scripts/restore run the same commands (as cron/systemd would)."""
    db = {**connection.settings_dict}
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
    }
    made = subprocess.run(
        [str(settings.BASE_DIR / "scripts" / "backup"), str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    checked = subprocess.run(
        [str(settings.BASE_DIR / "scripts" / "restore"), made.stdout.strip(), "--verify-only"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0 and "backup OK (postgresql" in checked.stdout, checked.stderr
