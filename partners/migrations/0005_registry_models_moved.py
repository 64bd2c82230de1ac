"""The partner profile's business is registry.Business (same table)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0004_rupiah_fields'),
        ('registry', '0001_initial'),
    ]

    operations = [
        # State only: the tables keep their names and rows; no SQL runs.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='partnerprofile',
                    name='business',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='partner_profile', to='registry.business'),
                ),
            ],
            database_operations=[],
        ),
    ]
