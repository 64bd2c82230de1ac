"""Content types and audit labels follow the models that moved out of the portal app, so group
permissions, Wagtail's log entries and the audit trail keep pointing at the same rows.

The audit log is append-only for what happened; its object_type is a model label, and the label of
these models changed (portal.business is now registry.business), so the label is renamed here —
the entries' actor, action, object id, detail and time are untouched."""
from django.db import migrations

MOVED = {
    "registry": ["business", "businessstatuschange", "certification", "consent", "ownerprofile", "region", "kblicode"],
    "core": ["auditlog", "notification"],
    "privacy": ["datarequest"],
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditLog = apps.get_model("core", "AuditLog")
    for app_label, models in MOVED.items():
        for model in models:
            if not ContentType.objects.filter(app_label=app_label, model=model).exists():
                ContentType.objects.filter(app_label="portal", model=model).update(app_label=app_label)
            AuditLog.objects.filter(object_type=f"portal.{model}").update(object_type=f"{app_label}.{model}")


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditLog = apps.get_model("core", "AuditLog")
    for app_label, models in MOVED.items():
        for model in models:
            ContentType.objects.filter(app_label=app_label, model=model).update(app_label="portal")
            AuditLog.objects.filter(object_type=f"{app_label}.{model}").update(object_type=f"portal.{model}")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("privacy", "0001_initial"),
        ("portal", "0011_models_moved_out"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
