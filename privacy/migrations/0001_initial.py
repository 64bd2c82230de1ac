"""Personal-data requests, moved here from the portal app: same table (portal_datarequest)."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0010_rupiah_fields'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the tables keep their names and rows; no SQL runs.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DataRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('export', 'Salinan data pribadi'), ('deletion', 'Penghapusan data pribadi')], max_length=10, verbose_name='jenis')),
                        ('status', models.CharField(choices=[('pending', 'Menunggu'), ('processing', 'Diproses'), ('done', 'Selesai'), ('rejected', 'Ditolak'), ('failed', 'Gagal')], db_index=True, default='pending', max_length=10, verbose_name='status')),
                        ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='diminta pada')),
                        ('reason', models.TextField(blank=True, verbose_name='alasan pemohon')),
                        ('handled_at', models.DateTimeField(blank=True, null=True, verbose_name='ditangani pada')),
                        ('notes', models.TextField(blank=True, verbose_name='catatan petugas')),
                        ('progress', models.PositiveSmallIntegerField(default=0)),
                        ('file', models.FileField(blank=True, upload_to='privacy/exports/%Y/%m/')),
                        ('expires_at', models.DateTimeField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                        ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ditangani oleh')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='data_requests', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'permintaan data pribadi',
                        'verbose_name_plural': 'permintaan data pribadi',
                        'db_table': 'portal_datarequest',
                        'ordering': ['-requested_at', '-pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
