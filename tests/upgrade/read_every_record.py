"""Run by test_upgrade.py in a subprocess, on the upgraded database: reads every row of every
model through the ORM of today's code (each concrete field, decrypting what is encrypted, and
each foreign key's target), checks that every content type and audit entry names a model that
exists, and prints what it read as JSON."""

import json
import os
import sys

import django

sys.path.insert(0, os.getcwd())
django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402

from core.models import AuditLog  # noqa: E402


def read_model(model) -> int:
    fields = [field for field in model._meta.concrete_fields]
    rows = 0
    for obj in model._base_manager.all().iterator(chunk_size=500):
        for field in fields:
            getattr(obj, field.attname)  # from_db_value runs here: decryption, rupiah, JSON
        rows += 1
    return rows


tables: dict[str, int] = {}
for model in apps.get_models(include_auto_created=True):
    if model._meta.proxy or not model._meta.managed:
        continue
    tables[model._meta.db_table] = read_model(model)

stale_types = sorted(f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all() if ct.model_class() is None)


def resolves(label: str) -> bool:
    try:
        apps.get_model(label)
    except (LookupError, ValueError):
        return False
    return True


unresolved_audit = sorted(
    label
    for label in AuditLog.objects.values_list("object_type", flat=True).distinct()
    if label and not resolves(label)
)
print(
    json.dumps(
        {"tables": tables, "stale_content_types": stale_types, "unresolved_audit_types": unresolved_audit},
        sort_keys=True,
    )
)
