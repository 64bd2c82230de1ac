"""Load the configured region (PORTAL_REGION_CODE, default Kendal 33.24) so a fresh database
has its kecamatan and desa; `manage.py load_regions` reloads or adds others."""
from django.conf import settings
from django.db import migrations


def load_region(apps, schema_editor):
    from registry.reference_data import region_rows

    Region = apps.get_model("portal", "Region")
    levels = {0: "province", 1: "kabupaten", 2: "kecamatan", 3: "desa"}
    rows = sorted(region_rows(settings.PORTAL_REGION_CODE), key=lambda row: row[0].count("."))
    Region.objects.bulk_create(
        [
            Region(code=code, name=name, level=levels[code.count(".")],
                   parent_id=code.rsplit(".", 1)[0] if "." in code else None)
            for code, name in rows
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_reference_data_roles_home")]
    operations = [migrations.RunPython(load_region, migrations.RunPython.noop)]
