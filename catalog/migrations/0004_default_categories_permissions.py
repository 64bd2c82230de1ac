"""Ship the default category tree and let moderators manage categories in the admin."""
from django.db import migrations

CATEGORIES = [
    ("Makanan & Minuman", "makanan-minuman", True),
    ("Kerajinan", "kerajinan", False),
    ("Fashion & Batik", "fashion-batik", False),
    ("Pertanian & Perikanan", "pertanian-perikanan", True),
    ("Jasa", "jasa", False),
]
MODERATOR_GROUPS = ["counter_staff", "administrator"]


def forwards(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for position, (name, slug, is_food) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "is_food": is_food, "position": position})
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct, _ = ContentType.objects.get_or_create(app_label="catalog", model="category")
    perms = []
    for action in ("add", "change", "delete", "view"):
        perm, _ = Permission.objects.get_or_create(
            content_type=ct, codename=f"{action}_category", defaults={"name": f"Can {action} kategori"}
        )
        perms.append(perm)
    for group in Group.objects.filter(name__in=MODERATOR_GROUPS):
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_products_moderation_orders"),
        ("portal", "0003_reference_data_roles_home"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
