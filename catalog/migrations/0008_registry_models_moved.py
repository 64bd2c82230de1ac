"""Foreign keys now name registry.Business / Region / Certification (same tables)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0007_rupiah_fields'),
        ('registry', '0001_initial'),
    ]

    operations = [
        # State only: the tables keep their names and rows; no SQL runs.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='checkout',
                    name='desa',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.region', verbose_name='desa/kelurahan'),
                ),
                migrations.AlterField(
                    model_name='checkout',
                    name='kecamatan',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.region', verbose_name='kecamatan'),
                ),
                migrations.AlterField(
                    model_name='order',
                    name='business',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='registry.business'),
                ),
                migrations.AlterField(
                    model_name='product',
                    name='bpom_certification',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.certification', verbose_name='BPOM'),
                ),
                migrations.AlterField(
                    model_name='product',
                    name='business',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='products', to='registry.business'),
                ),
                migrations.AlterField(
                    model_name='product',
                    name='halal_certification',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.certification', verbose_name='sertifikat halal'),
                ),
                migrations.AlterField(
                    model_name='product',
                    name='pirt_certification',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.certification', verbose_name='P-IRT'),
                ),
            ],
            database_operations=[],
        ),
    ]
