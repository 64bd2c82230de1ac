from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.exceptions import ImageRejected
from catalog.images import MAX_IMAGES_PER_PRODUCT, clean_upload, product_image_add
from catalog.models import Product, ProductImage
from tests.catalog import images as fixtures
from tests.catalog.factories import CategoryFactory, ProductFactory
from tests.portal.factories import BusinessFactory

pytestmark = pytest.mark.django_db


def _upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _form_data(business, category, **extra):
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


def test_fixture_really_carries_gps():
    assert fixtures.has_gps(fixtures.jpeg_with_gps())


def test_gps_exif_is_gone_from_every_stored_file(client, settings):
    business = BusinessFactory()
    client.force_login(business.owner)
    response = client.post(
        "/akun/produk/baru/",
        _form_data(
            business,
            CategoryFactory(),
            photos=[
                _upload("IMG_0001.jpg", fixtures.jpeg_with_gps()),
                _upload("IMG_0002.jpg", fixtures.jpeg_with_gps(orientation=6)),
            ],
        ),
    )
    assert response.status_code == 302
    product = Product.objects.get(name="Kripik Pisang")
    stored = list(ProductImage.objects.filter(product=product).select_related("image"))
    assert len(stored) == 2
    # Renditions too (made here synchronously to inspect them).
    for product_image in stored:
        product_image.image.get_renditions("fill-160x160", "max-1200x1200")
    media = Path(settings.MEDIA_ROOT)
    files = [p for p in media.rglob("*") if p.is_file() and p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")]
    paths = {Path(i.image.file.path) for i in stored}
    assert paths <= set(files)
    for path in files:
        assert not fixtures.has_gps(path), path
    # Orientation 6 (rotate 90°) was applied to the pixels: 64×32 became 32×64.
    sizes = sorted((i.image.width, i.image.height) for i in stored)
    assert sizes == [(32, 64), (64, 32)]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("bom.png", fixtures.png_bomb(), "bom dekompresi"),
        ("foto.jpg", fixtures.pdf_bytes(), "bukan foto JPEG, PNG, atau WebP"),
    ],
    ids=["decompression-bomb", "renamed-pdf"],
)
def test_bad_files_are_refused_with_a_clear_message(client, name, content, message):
    business = BusinessFactory()
    client.force_login(business.owner)
    response = client.post(
        "/akun/produk/baru/", _form_data(business, CategoryFactory(), photos=[_upload(name, content)])
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["photos"])
    assert message in errors and name in errors
    assert not Product.objects.filter(name="Kripik Pisang").exists()


def test_a_30_mb_file_is_refused(client):
    business = BusinessFactory()
    client.force_login(business.owner)
    big = fixtures.png() + b"\0" * (30 * 1024 * 1024)
    response = client.post(
        "/akun/produk/baru/", _form_data(business, CategoryFactory(), photos=[_upload("besar.png", big)])
    )
    assert response.status_code == 200
    assert "maksimal 10 MB" in " ".join(response.context["form"].errors["photos"])
    assert not ProductImage.objects.exists()


def test_gif_is_refused_even_though_pillow_reads_it():
    from io import BytesIO

    out = BytesIO()
    Image.new("RGB", (5, 5)).save(out, "GIF")
    with pytest.raises(ImageRejected, match="GIF"):
        clean_upload(_upload("a.gif", out.getvalue(), "image/gif"))


def test_at_most_eight_photos_per_product():
    product = ProductFactory()
    clean = clean_upload(_upload("a.png", fixtures.png(), "image/png"))
    for _i in range(MAX_IMAGES_PER_PRODUCT):
        product_image_add(product=product, clean=clean)
    with pytest.raises(ImageRejected, match="Maksimal 8 foto"):
        product_image_add(product=product, clean=clean)
    assert product.images.count() == 8


def test_product_page_works_while_renditions_are_pending(client):
    product = ProductFactory()
    product_image = product_image_add(
        product=product, clean=clean_upload(_upload("a.png", fixtures.png(), "image/png"))
    )
    # Outside a worker the task has not run in this transaction (it is queued on commit).
    assert ProductImage.objects.get(pk=product_image.pk).renditions_ready is False
    response = client.get(f"/produk/{product.slug}/")
    assert response.status_code == 200
    assert product_image.image.file.url in response.content.decode()
    assert product_image.image.renditions.count() == 0  # the page made none


@pytest.mark.django_db(transaction=True)
def test_renditions_are_made_by_the_celery_worker(celery_worker_process, wait, client):
    product = ProductFactory()
    product_image = product_image_add(
        product=product, clean=clean_upload(_upload("a.png", fixtures.png((900, 700)), "image/png"))
    )
    wait(lambda: ProductImage.objects.get(pk=product_image.pk).renditions_ready, timeout=60)
    specs = set(product_image.image.renditions.values_list("filter_spec", flat=True))
    assert specs == {"fill-480x480", "max-1200x1200", "fill-160x160"}
    body = client.get("/produk/").content.decode()
    rendition = product_image.image.renditions.get(filter_spec="fill-480x480")
    assert rendition.url in body
