"""Give the administrator group what it needs to run the portal's CMS without being a superuser:
page permissions on the site root (home, news, FAQ, service directory, contact), the OPD
snippets, the search synonyms, and images/documents in the root collection (for news pages).

design.md has no separate editor role ("administrator: everything"); a deployment that wants
one can copy these grants to a new group in Settings → Groups."""
from django.db import migrations

GROUP = "administrator"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
# (app_label, model, verbs)
MODEL_PERMISSIONS = (
    ("portal", "opd", ("add", "change", "delete", "view")),
    ("portal", "opdservice", ("add", "change", "delete", "view")),
    ("search", "searchsynonym", ("add", "change", "delete", "view")),
)
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add", "change", "delete", "choose")),
    ("wagtaildocs", "document", ("add", "change", "delete", "choose")),
)


def _permission(apps, app_label: str, model: str, codename: str):
    # Model permissions are normally created after migrate (post_migrate); create them here so
    # the grant works on a fresh database too. post_migrate then finds them and adds nothing.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename,
        defaults={"name": f"Can {codename.split('_')[0]} {model}"},
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=GROUP)
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_page if site else Page.objects.filter(depth=2).order_by("path").first()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=_permission(apps, "wagtailcore", "page", codename)
            )
    for app_label, model, verbs in MODEL_PERMISSIONS:
        group.permissions.add(*[_permission(apps, app_label, model, f"{verb}_{model}") for verb in verbs])
    collection = Collection.objects.filter(depth=1).first()
    if collection is not None:
        for app_label, model, verbs in COLLECTION_PERMISSIONS:
            for verb in verbs:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection,
                    permission=_permission(apps, app_label, model, f"{verb}_{model}"),
                )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    GroupPagePermission.objects.filter(group=group, permission__codename__in=PAGE_PERMISSIONS).delete()
    GroupCollectionPermission.objects.filter(
        group=group, permission__content_type__app_label__in=[a for a, _m, _v in COLLECTION_PERMISSIONS]
    ).delete()
    for app_label, model, verbs in MODEL_PERMISSIONS:
        group.permissions.remove(*Permission.objects.filter(
            content_type__app_label=app_label, codename__in=[f"{verb}_{model}" for verb in verbs]
        ))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_personal_data_requests"),
        ("search", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
