"""Ship BRI (KUR Super Mikro, Mikro, Kecil, Kupedes) and BPR BKK Kendal products as data."""
from django.db import migrations


def load(apps, schema_editor):
    from financing.defaults import load_defaults

    load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("financing", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
