"""Loading the shipped reference files (registry/data/ and core/data/wilayah.csv) into the database."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core.identifiers import WILAYAH_CSV
from registry.models import Region

DATA_DIR = Path(__file__).resolve().parent / "data"


def region_rows(prefix: str | None):
    """Rows of wilayah.csv for one kabupaten (with its province) or all when prefix is None."""
    with open(WILAYAH_CSV, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["kode"]
            if prefix is None or code == prefix.split(".")[0] or code == prefix or code.startswith(prefix + "."):
                yield code, row["nama"]


@transaction.atomic
def regions_load(*, region_code: str | None = None, load_all: bool = False) -> int:
    prefix = None if load_all else (region_code or settings.PORTAL_REGION_CODE)
    objects = []
    for code, name in region_rows(prefix):
        parent = code.rsplit(".", 1)[0] if "." in code else None
        objects.append(Region(code=code, name=name, level=Region.level_for_code(code), parent_id=parent))
    # Parents first, so the self-referencing FK is satisfied in every database.
    objects.sort(key=lambda region: region.code.count("."))
    Region.objects.bulk_create(
        objects,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "parent"],
    )
    return len(objects)


def kbli_rows(version: str = "2020"):
    with open(DATA_DIR / f"kbli{version}.csv", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def kbli_synonym_rows(version: str = "2020"):
    """Everyday words for KBLI codes (kbli<version>_synonyms.csv: kata,kode; a word may name several
    codes, the first row first). Our own list, not from BPS: see kbli.SOURCE.md."""
    path = DATA_DIR / f"kbli{version}_synonyms.csv"
    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def kbli_load(kbli_model, *, version: str = "2020") -> int:
    objects = [
        kbli_model(version=version, code=row["kode"], title=row["judul"], section=row["kategori"])
        for row in kbli_rows(version)
    ]
    kbli_model.objects.bulk_create(
        objects,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["version", "code"],
        update_fields=["title", "section"],
    )
    return len(objects)
