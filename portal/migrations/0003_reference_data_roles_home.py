"""Ship the defaults: role groups, KBLI 2020 codes and the home page as the site root."""
from django.db import migrations

ROLE_GROUPS = ["owner", "counter_staff", "training_officer", "bank_officer", "partner_curator", "administrator"]
ADMIN_ROLES = ["counter_staff", "training_officer", "partner_curator", "administrator"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for name in ROLE_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        if name in ADMIN_ROLES:
            group.permissions.add(access_admin)


def load_kbli(apps, schema_editor):
    from registry.reference_data import kbli_load

    kbli_load(apps.get_model("portal", "KbliCode"), version="2020")


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("portal", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    # Wagtail's initial migration created a placeholder "Welcome" page at depth 2.
    Page.objects.filter(depth=2, slug="home").delete()
    home_ct, _ = ContentType.objects.get_or_create(model="homepage", app_label="portal")
    locale = Locale.objects.first()
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Etalase MPP", draft_title="Etalase MPP", slug="home", content_type=home_ct,
        path=root.path + "0001", depth=2, numchild=0, url_path="/home/", locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Etalase MPP")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_homepage"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.RunPython(load_kbli, migrations.RunPython.noop),
        migrations.RunPython(create_home_page, migrations.RunPython.noop),
    ]
