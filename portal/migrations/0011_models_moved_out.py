"""The registry's, the outbox's and privacy's models left the portal app for registry, core and
privacy (same tables). Only the user model and the CMS pages stay here."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0008_registry_models_moved'),
        ('financing', '0005_registry_models_moved'),
        ('partners', '0005_registry_models_moved'),
        ('portal', '0010_rupiah_fields'),
        ('registry', '0001_initial'),
        ('training', '0004_registry_models_moved'),
    ]

    operations = [
        # State only: the tables keep their names and rows; no SQL runs.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='auditlog',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='business',
                    name='desa',
                ),
                migrations.RemoveField(
                    model_name='business',
                    name='kbli_codes',
                ),
                migrations.RemoveField(
                    model_name='business',
                    name='kecamatan',
                ),
                migrations.RemoveField(
                    model_name='business',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='business',
                    name='primary_kbli',
                ),
                migrations.RemoveField(
                    model_name='business',
                    name='registered_by',
                ),
                migrations.AlterField(
                    model_name='homefeaturedbusiness',
                    name='business',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.business', verbose_name='usaha'),
                ),
                migrations.RemoveField(
                    model_name='businessstatuschange',
                    name='business',
                ),
                migrations.RemoveField(
                    model_name='certification',
                    name='business',
                ),
                migrations.RemoveField(
                    model_name='consent',
                    name='business',
                ),
                migrations.RemoveField(
                    model_name='businessstatuschange',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='consent',
                    name='collected_by',
                ),
                migrations.RemoveField(
                    model_name='consent',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='datarequest',
                    name='handled_by',
                ),
                migrations.RemoveField(
                    model_name='datarequest',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
                migrations.RemoveField(
                    model_name='ownerprofile',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='region',
                    name='parent',
                ),
                migrations.DeleteModel(
                    name='AuditLog',
                ),
                migrations.DeleteModel(
                    name='KbliCode',
                ),
                migrations.DeleteModel(
                    name='Certification',
                ),
                migrations.DeleteModel(
                    name='Business',
                ),
                migrations.DeleteModel(
                    name='BusinessStatusChange',
                ),
                migrations.DeleteModel(
                    name='Consent',
                ),
                migrations.DeleteModel(
                    name='DataRequest',
                ),
                migrations.DeleteModel(
                    name='OwnerProfile',
                ),
                migrations.DeleteModel(
                    name='Region',
                ),
            ],
            database_operations=[],
        ),
    ]
