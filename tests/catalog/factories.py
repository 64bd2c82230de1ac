import factory
from django.utils import timezone

from catalog.models import Category, Product, ProductStatus
from tests.portal.factories import BusinessFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = "Makanan & Minuman"
    slug = "makanan-minuman"
    is_food = True


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    business = factory.SubFactory(BusinessFactory)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Kripik Tempe Original {n}")
    slug = factory.Sequence(lambda n: f"kripik-tempe-original-{n}")
    description = "Kripik tempe renyah khas Kendal."
    price = 15_000
    unit = "bungkus"
    weight_grams = 250
    net_content = "250 g"
    stock = 50
    status = ProductStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def make_checkout(*products_and_quantities, buyer=None, email="pembeli@example.id"):
    """A real checkout through the service (stock reserved), for tests of payment handling."""
    from catalog.models import Cart, CartItem
    from catalog.orders import checkout_create

    cart = Cart.objects.create()
    for product, quantity in products_and_quantities:
        CartItem.objects.create(cart=cart, product=product, quantity=quantity)
    return checkout_create(
        cart=cart,
        buyer=buyer,
        contact={
            "contact_name": "Budi Pembeli",
            "contact_phone": "+6281200000001",
            "contact_email": email,
            "fulfilment": "pickup_gerai",
        },
    )


def signed_event(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    import hashlib
    import hmac
    import time

    timestamp = timestamp or int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def product_form_data(business, category, **extra) -> dict:
    """What an owner posts to /akun/produk/baru/ for a plain product, with `extra` fields added."""
    return {
        "business": business.pk,
        "category": category.pk,
        "name": "Kripik Pisang",
        "price": "12000",
        "unit": "bungkus",
        "weight_grams": "200",
        "stock": "5",
        "min_order": "1",
        **extra,
    }
