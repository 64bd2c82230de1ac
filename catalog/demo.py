"""Demo categories and products for the seeded businesses."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from catalog.models import Category, Product, ProductStatus
from portal.models import BusinessStatus

CATEGORIES = [
    ("Makanan & Minuman", "makanan-minuman", True),
    ("Kerajinan", "kerajinan", False),
    ("Fashion & Batik", "fashion-batik", False),
    ("Pertanian & Perikanan", "pertanian-perikanan", True),
    ("Jasa", "jasa", False),
]
# KBLI prefix → (category slug, product names, unit, price range in thousands)
PRODUCTS_BY_SECTOR = {
    "107": ("makanan-minuman", ["Kripik Tempe Original", "Kripik Tempe Pedas", "Kerupuk Ikan Tenggiri",
                                "Peyek Kacang", "Bakpia Kacang Hijau", "Roti Sisir"], "bungkus", (8, 45)),
    "110": ("makanan-minuman", ["Wedang Jahe Instan", "Kopi Robusta Kendal", "Sirup Kawista"], "botol", (15, 60)),
    "131": ("fashion-batik", ["Batik Tulis Kendalan", "Kain Batik Cap", "Kemeja Batik"], "lembar", (85, 750)),
    "162": ("kerajinan", ["Tampah Bambu", "Keranjang Anyaman", "Hiasan Dinding Kayu"], "buah", (20, 180)),
    "141": ("fashion-batik", ["Gamis Katun", "Kaos Sablon", "Mukena Bordir"], "potong", (60, 250)),
    "561": ("makanan-minuman", ["Nasi Bandeng", "Soto Kendal", "Pecel Lele"], "porsi", (12, 35)),
    "011": ("pertanian-perikanan", ["Cabai Rawit Segar", "Sayur Bayam", "Melon Kendal"], "kg", (10, 40)),
    "032": ("pertanian-perikanan", ["Bandeng Segar", "Lele Segar"], "kg", (25, 45)),
}
FALLBACK = ("makanan-minuman", ["Bandeng Presto", "Sambal Bawang"], "toples", (15, 50))


def seed_categories() -> dict[str, Category]:
    categories = {}
    for position, (name, slug, is_food) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "is_food": is_food, "position": position}
        )
    return categories


@transaction.atomic
def seed(ctx) -> None:
    categories = seed_categories()
    per_business = max(1, ctx.options.get("products", 0) // max(len(ctx.businesses), 1))
    total = ctx.options.get("products") or len(ctx.businesses) * 3
    rng, now, products, n = ctx.rng, timezone.now(), [], Product.objects.count()
    for business in ctx.businesses:
        if len(products) >= total:
            break
        code = business.primary_kbli.code if business.primary_kbli else ""
        cat_slug, names, unit, (low, high) = next(
            (spec for prefix, spec in PRODUCTS_BY_SECTOR.items() if code.startswith(prefix)), FALLBACK
        )
        for j in range(max(per_business, 3) if not ctx.options.get("products") else per_business):
            n += 1
            name = names[(n + j) % len(names)]
            published = business.status == BusinessStatus.VERIFIED and rng.random() < 0.9
            products.append(Product(
                business=business, category=categories[cat_slug], name=name,
                slug=f"{slugify(name)}-{n}", description=f"{name} buatan {business.name}. Dibuat segar setiap hari.",
                price=rng.randrange(low, high) * 1000, unit=unit, weight_grams=rng.choice([100, 250, 500, 1000]),
                net_content=rng.choice(["100 g", "250 g", "500 g", "1 kg"]), stock=rng.randrange(0, 200),
                status=ProductStatus.PUBLISHED if published else ProductStatus.DRAFT,
                published_at=now if published else None, shelf_life_days=rng.choice([None, 30, 90, 180]),
            ))
    Product.objects.bulk_create(products, batch_size=5000)
