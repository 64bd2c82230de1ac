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
