"""Let the administrator group edit lender and product data in the Wagtail admin."""
from django.db import migrations

MODELS = ["lender", "lenderbranch", "loanproduct", "loanrate", "repeataccesslimit", "bankofficer"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name="administrator").first()
    if group is None:
        return
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="financing", model=model)
        for action in ("add", "change", "delete", "view"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("financing", "0002_default_lenders_products"), ("portal", "0003_reference_data_roles_home")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
