"""Training officers and administrators may manage programmes and sessions in the Wagtail admin
(scoped to the officer's organiser by the admin views); only administrators link officers."""
from django.db import migrations

OFFICER_MODELS = ["programme", "session"]
ADMIN_MODELS = ["programme", "session", "trainingofficer"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("training")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(models):
        return Permission.objects.filter(content_type__app_label="training", content_type__model__in=models)

    for name, models in (("training_officer", OFFICER_MODELS), ("administrator", ADMIN_MODELS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms(models))


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), ("portal", "0003_reference_data_roles_home")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
