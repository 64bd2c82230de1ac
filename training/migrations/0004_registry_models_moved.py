"""Foreign keys now name registry.Business (same table)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0001_initial'),
        ('training', '0003_rupiah_fields'),
    ]

    operations = [
        # State only: the tables keep their names and rows; no SQL runs.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='certificate',
                    name='business',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_certificates', to='registry.business'),
                ),
                migrations.AlterField(
                    model_name='registration',
                    name='business',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_registrations', to='registry.business'),
                ),
            ],
            database_operations=[],
        ),
    ]
