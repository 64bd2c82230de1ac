"""The outbox and the audit log, moved here from the portal app: same tables (portal_*)."""
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
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('channel', models.CharField(default='email', max_length=16)),
                        ('recipient', models.CharField(max_length=254)),
                        ('subject', models.CharField(max_length=200)),
                        ('body', models.TextField()),
                        ('whatsapp_url', models.URLField(blank=True, max_length=1000)),
                        ('topic', models.CharField(blank=True, db_index=True, max_length=64)),
                        ('status', models.CharField(choices=[('pending', 'Menunggu dikirim'), ('sent', 'Terkirim'), ('failed', 'Gagal')], db_index=True, default='pending', max_length=10)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('last_error', models.TextField(blank=True)),
                    ],
                    options={
                        'verbose_name': 'notifikasi',
                        'verbose_name_plural': 'notifikasi',
                        'db_table': 'portal_notification',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AuditLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('action', models.CharField(db_index=True, max_length=64)),
                        ('object_type', models.CharField(blank=True, max_length=64)),
                        ('object_id', models.CharField(blank=True, max_length=64)),
                        ('detail', models.JSONField(blank=True, default=dict)),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'log audit',
                        'verbose_name_plural': 'log audit',
                        'db_table': 'portal_auditlog',
                        'ordering': ['-at'],
                        'indexes': [models.Index(fields=['object_type', 'object_id'], name='portal_audi_object__c5ba42_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
