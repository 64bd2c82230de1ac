"""ProductEntry carries the filter, facet and sort values of its product (as the Elasticsearch
document does), so a database search reads one table instead of joining catalog_product and
portal_business for every matched row. Existing rows are filled from the catalogue here; from
then on indexing writes them."""

from django.db import migrations, models

COLUMNS = {
    "category": "(SELECT c.slug FROM catalog_product p JOIN catalog_category c ON c.id = p.category_id "
                "WHERE p.id = search_productentry.product_id)",
    "kecamatan": "coalesce((SELECT b.kecamatan_id FROM catalog_product p JOIN portal_business b "
                 "ON b.id = p.business_id WHERE p.id = search_productentry.product_id), '')",
    "price": "(SELECT p.price FROM catalog_product p WHERE p.id = search_productentry.product_id)",
    "stock": "(SELECT p.stock FROM catalog_product p WHERE p.id = search_productentry.product_id)",
    "halal": "(SELECT p.halal_certification_id IS NOT NULL FROM catalog_product p "
             "WHERE p.id = search_productentry.product_id)",
    "pirt": "(SELECT p.pirt_certification_id IS NOT NULL FROM catalog_product p "
            "WHERE p.id = search_productentry.product_id)",
    "bpom": "(SELECT p.bpom_certification_id IS NOT NULL FROM catalog_product p "
            "WHERE p.id = search_productentry.product_id)",
    "business_id": "(SELECT p.business_id FROM catalog_product p WHERE p.id = search_productentry.product_id)",
    "published_at": "(SELECT p.published_at FROM catalog_product p WHERE p.id = search_productentry.product_id)",
}


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE search_productentry e SET category = c.slug, kecamatan = coalesce(b.kecamatan_id, ''), "
            "price = p.price, stock = p.stock, halal = p.halal_certification_id IS NOT NULL, "
            "pirt = p.pirt_certification_id IS NOT NULL, bpom = p.bpom_certification_id IS NOT NULL, "
            "business_id = p.business_id, published_at = p.published_at "
            "FROM catalog_product p JOIN portal_business b ON b.id = p.business_id "
            "JOIN catalog_category c ON c.id = p.category_id WHERE p.id = e.product_id"
        )
        # Newest-first listings without text stop after one page instead of sorting every row.
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_productentry_newest "
            "ON search_productentry (published_at DESC NULLS LAST, product_id DESC)"
        )
        schema_editor.execute("ANALYZE search_productentry")
    else:
        schema_editor.execute(
            "UPDATE search_productentry SET " + ", ".join(f"{column} = {sql}" for column, sql in COLUMNS.items())
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_productentry_newest")


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
        ("catalog", "0006_catalogue_sort_indexes"),
        ("portal", "0009_business_verified_recent_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="productentry", name="category",
            field=models.CharField(default="", help_text="category slug", max_length=90),
        ),
        migrations.AddField(
            model_name="productentry", name="kecamatan",
            field=models.CharField(default="", help_text="Kemendagri code, or empty", max_length=13),
        ),
        migrations.AddField(model_name="productentry", name="price", field=models.PositiveBigIntegerField(default=0)),
        migrations.AddField(model_name="productentry", name="stock", field=models.PositiveIntegerField(default=0)),
        migrations.AddField(model_name="productentry", name="halal", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="productentry", name="pirt", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="productentry", name="bpom", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="productentry", name="business_id", field=models.BigIntegerField(null=True)),
        migrations.AddField(model_name="productentry", name="published_at", field=models.DateTimeField(null=True)),
        migrations.RunPython(backfill, drop_index),
    ]
