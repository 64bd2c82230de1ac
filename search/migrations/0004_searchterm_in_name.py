from django.db import migrations, models


def mark_name_words(apps, schema_editor):
    """Words of the names already indexed; later ones are marked as products are indexed."""
    ProductEntry = apps.get_model("search", "ProductEntry")
    SearchTerm = apps.get_model("search", "SearchTerm")
    words = set()
    for name in ProductEntry.objects.values_list("name", flat=True).iterator(chunk_size=2000):
        words.update(name.split())
    words = sorted(words)
    for start in range(0, len(words), 1000):
        SearchTerm.objects.filter(term__in=words[start:start + 1000]).update(in_name=True)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0003_productentry_seller"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchterm",
            name="in_name",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_name_words, migrations.RunPython.noop),
    ]
