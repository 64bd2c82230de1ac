import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image

from catalog.models import ProductImage
from partners.models import Channel, ChannelListing, PartnerProfile
from registry.models import CertificationKind
from tests.catalog.factories import CategoryFactory, ProductFactory
from tests.portal.factories import BusinessFactory, CertificationFactory

HOURS = {str(day): ["08:00", "20:00"] for day in range(6)}


def jpeg_bytes(width: int = 800, height: int = 800, *, exif: bool = True, mode: str = "RGB") -> bytes:
    """A Pillow-made photo; by default with EXIF (camera, GPS-like tag) the export must drop."""
    image = PILImage.new(mode, (width, height), (200, 120, 40) if mode == "RGB" else (200, 120, 40, 128))
    buffer = io.BytesIO()
    if mode == "RGBA":
        image.save(buffer, "PNG")
        return buffer.getvalue()
    tags = PILImage.Exif()
    tags[0x010F] = "KameraHP"  # Make
    tags[0x0110] = "Model X"  # Model
    image.save(buffer, "JPEG", quality=95, exif=tags.tobytes() if exif else b"")
    return buffer.getvalue()


def wagtail_image(width: int = 800, height: int = 800, **kwargs) -> Image:
    data = jpeg_bytes(width, height, **kwargs)
    ext = "png" if kwargs.get("mode") == "RGBA" else "jpg"
    return Image.objects.create(title="foto produk", file=ContentFile(data, name=f"foto.{ext}"), file_size=len(data))


def add_photo(product, width: int = 800, height: int = 800, **kwargs) -> ProductImage:
    return ProductImage.objects.create(product=product, image=wagtail_image(width, height, **kwargs))


def channel(code: str) -> Channel:
    return Channel.objects.get(code=code)


class ChannelListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelListing

    product = factory.SubFactory(ProductFactory)
    channel = factory.LazyFunction(lambda: Channel.objects.get(code="gofood"))
    is_opted_in = True
    opted_in_at = factory.LazyFunction(timezone.now)


EAN_SEQUENCE = iter(range(10**6))


def ean13(n: int) -> str:
    from core.identifiers import ean13_check_digit

    first12 = f"899{n:09d}"
    return first12 + str(ean13_check_digit(first12))


def retail_ready_product(*, business=None, food: bool = True, **kwargs):
    """A product that passes every retail check."""
    business = business or BusinessFactory()
    category = CategoryFactory() if food else CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)
    pirt = CertificationFactory(business=business, kind=CertificationKind.PIRT, number="206332401234526")
    halal = CertificationFactory(business=business, kind=CertificationKind.HALAL) if food else None
    defaults = dict(
        business=business,
        category=category,
        ean13=ean13(next(EAN_SEQUENCE)),
        net_content="250 g",
        shelf_life_days=180,
        composition="Tempe, tepung beras, garam.",
        has_expiry_date_label=True,
        has_production_code_label=True,
        has_standard_packaging=True,
        pirt_certification=pirt,
        halal_certification=halal,
    )
    defaults.update(kwargs)
    product = ProductFactory(**defaults)
    add_photo(product)
    return product


def delivery_ready_product(*, business=None, hours=True, **kwargs):
    business = business or BusinessFactory()
    if hours:
        PartnerProfile.objects.update_or_create(business=business, defaults={"operating_hours": HOURS})
    product = ProductFactory(business=business, **kwargs)
    add_photo(product)
    return product
