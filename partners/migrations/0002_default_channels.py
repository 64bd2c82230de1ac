"""The four channels the portal ships with. Their formats live in partners/formats/<code>.py."""
from django.db import migrations

CHANNELS = [
    ("indomaret", "Indomaret", "retail", 10),
    ("alfamart", "Alfamart", "retail", 20),
    ("gofood", "GoFood", "delivery", 30),
    ("grabfood", "GrabFood", "delivery", 40),
]


def load(apps, schema_editor):
    Channel = apps.get_model("partners", "Channel")
    for code, name, kind, position in CHANNELS:
        Channel.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "position": position}
        )


def unload(apps, schema_editor):
    apps.get_model("partners", "Channel").objects.filter(code__in=[c[0] for c in CHANNELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
