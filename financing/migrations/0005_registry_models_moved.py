"""Foreign keys now name registry.Business / Region / Consent (same tables)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('financing', '0004_rupiah_fields'),
        ('registry', '0001_initial'),
    ]

    operations = [
        # State only: the tables keep their names and rows; no SQL runs.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='application',
                    name='business',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='financing_applications', to='registry.business'),
                ),
                migrations.AlterField(
                    model_name='lead',
                    name='business',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='financing_leads', to='registry.business'),
                ),
                migrations.AlterField(
                    model_name='lead',
                    name='consent',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.consent'),
                ),
                migrations.AlterField(
                    model_name='lead',
                    name='kecamatan',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.region'),
                ),
                migrations.AlterField(
                    model_name='lenderbranch',
                    name='kecamatan',
                    field=models.ManyToManyField(blank=True, limit_choices_to={'level': 'kecamatan'}, related_name='+', to='registry.region', verbose_name='kecamatan yang dilayani'),
                ),
            ],
            database_operations=[],
        ),
    ]
