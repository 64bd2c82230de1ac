"""Backup and restore of the database (pg_dump custom format, or a consistent SQLite copy) and
the media files (tar.gz), with a manifest of SHA-256 checksums that `restore` verifies first.

A backup is one directory: manifest.json, database.dump | database.sqlite3, media.tar.gz.
Search indexes are not backed up: `manage.py search_reindex` rebuilds them from the database.
Secrets (FIELD_ENCRYPTION_KEY, SECRET_KEY) are not in the backup: keep them separately, or the
restored NIKs cannot be read.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.media import file_sha256

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


@dataclass
class PgTarget:
    host: str
    port: str
    user: str
    password: str
    name: str

    @classmethod
    def from_settings(cls, db: dict) -> PgTarget:
        return cls(
            db.get("HOST") or "127.0.0.1",
            str(db.get("PORT") or 5432),
            db.get("USER") or "",
            db.get("PASSWORD") or "",
            db["NAME"],
        )

    @classmethod
    def from_url(cls, url: str) -> PgTarget:
        parts = urlparse(url)
        if parts.scheme not in ("postgres", "postgresql", "pgsql"):
            raise BackupError(f"not a PostgreSQL URL: {parts.scheme}://")
        return cls(
            parts.hostname or "127.0.0.1",
            str(parts.port or 5432),
            unquote(parts.username or ""),
            unquote(parts.password or ""),
            parts.path.lstrip("/"),
        )

    def env(self) -> dict:
        # Credentials through the environment, never on the command line (visible in `ps`).
        return {
            **os.environ,
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGDATABASE": self.name,
        }


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def backup_create(*, output: Path, media_root: Path | None = None, include_media: bool = True) -> Path:
    """Write a new backup directory under `output` and return it."""
    db = connection.settings_dict
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    target = Path(output) / f"etalase-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    files = {}
    if connection.vendor == "postgresql":
        dump = target / "database.dump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
            PgTarget.from_settings(db).env(),
        )
        files["database"] = dump.name
    elif connection.vendor == "sqlite":
        dump = target / "database.sqlite3"
        source = sqlite3.connect(db["NAME"])
        try:
            with sqlite3.connect(dump) as copy:
                source.backup(copy)  # consistent even while the portal writes
        finally:
            source.close()
        files["database"] = dump.name
    else:
        raise BackupError(f"unsupported database: {connection.vendor}")

    media_root = Path(media_root or settings.MEDIA_ROOT)
    if include_media:
        archive = target / "media.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            if media_root.exists():
                for child in sorted(media_root.iterdir()):
                    tar.add(child, arcname=child.name)
        files["media"] = archive.name

    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "files": {
            kind: {"name": name, "sha256": file_sha256(target / name), "bytes": (target / name).stat().st_size}
            for kind, name in files.items()
        },
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return target


def backup_verify(path: Path) -> dict:
    """Read the manifest and check every file's checksum; raises BackupError on any mismatch."""
    path = Path(path)
    try:
        manifest = json.loads((path / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable manifest.json in {path}: {exc}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')}")
    for kind, entry in manifest["files"].items():
        file = path / entry["name"]
        if not file.exists() or file_sha256(file) != entry["sha256"]:
            raise BackupError(f"{kind} file {file.name} is missing or damaged (checksum mismatch)")
    return manifest


def _safe_members(tar: tarfile.TarFile):
    for member in tar.getmembers():
        if member.issym() or member.islnk() or member.name.startswith("/") or ".." in Path(member.name).parts:
            raise BackupError(f"refusing unsafe path in media archive: {member.name}")
        yield member


def backup_restore(
    *, path: Path, database_url: str | None = None, media_root: Path | None = None, require_empty: bool = True
) -> dict:
    """Restore a verified backup into `database_url` (default: this portal's database) and the
    media into `media_root` (default: MEDIA_ROOT). The target PostgreSQL database must be empty
    unless require_empty is False; nothing is written before the checksums are verified."""
    path = Path(path)
    manifest = backup_verify(path)
    files = manifest["files"]
    database_file = path / files["database"]["name"]
    if manifest["vendor"] == "postgresql":
        target = PgTarget.from_url(database_url) if database_url else PgTarget.from_settings(connection.settings_dict)
        if require_empty:
            result = subprocess.run(
                ["psql", "-tAc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
                env=target.env(),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"cannot reach the target database: {result.stderr.strip()}")
            if result.stdout.strip() != "0":
                raise BackupError(f"target database {target.name} is not empty; restore into a new database")
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={target.name}",
                str(database_file),
            ],
            target.env(),
        )
    else:
        destination = Path(urlparse(database_url).path if database_url else connection.settings_dict["NAME"])
        if require_empty and destination.exists() and destination.stat().st_size:
            raise BackupError(f"{destination} exists; restore into a new file")
        shutil.copyfile(database_file, destination)

    restored_media = 0
    if "media" in files:
        media_root = Path(media_root or settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path / files["media"]["name"], "r:gz") as tar:
            members = list(_safe_members(tar))
            tar.extractall(media_root, members=members, filter="data")
            restored_media = sum(1 for m in members if m.isfile())
    return {"vendor": manifest["vendor"], "media_files": restored_media, "created_at": manifest["created_at"]}
