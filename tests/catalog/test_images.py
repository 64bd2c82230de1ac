from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from catalog.exceptions import ImageRejected
from catalog.forms import ProductForm
from catalog.images import MAX_IMAGES_PER_PRODUCT, clean_upload, product_image_add
from catalog.models import PhotoUpload, PhotoUploadStatus, Product, ProductImage
from catalog.tasks import process_photo_upload, sweep_photo_uploads
from core.media import is_private_media
from tests.catalog import images as fixtures
from tests.catalog.factories import CategoryFactory, ProductFactory, product_form_data
from tests.portal.factories import BusinessFactory

pytestmark = pytest.mark.django_db


def _upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_fixture_really_carries_gps():
    assert fixtures.has_gps(fixtures.jpeg_with_gps())


def test_gps_exif_is_gone_from_every_stored_file(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    business = BusinessFactory()
    client.force_login(business.owner)
    response = client.post(
        "/akun/produk/baru/",
        product_form_data(
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
    # The request kept the files as sent, privately; the worker makes the photos.
    uploads = list(PhotoUpload.objects.filter(product=product))
    assert [u.status for u in uploads] == [PhotoUploadStatus.PROCESSING] * 2
    assert all(is_private_media(u.file.name) for u in uploads)
    assert not ProductImage.objects.filter(product=product).exists()
    fixtures.process_uploads()
    stored = list(ProductImage.objects.filter(product=product).select_related("image"))
    assert len(stored) == 2
    assert all(not u.file for u in PhotoUpload.objects.filter(product=product))
    # Renditions too (made here synchronously to inspect them).
    for product_image in stored:
        product_image.image.get_renditions("fill-160x160", "max-1200x1200")
    media = Path(settings.MEDIA_ROOT)
    files = [
        p
        for p in media.rglob("*")
        if p.is_file()
        and p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")
        and not is_private_media(str(p.relative_to(media)))
    ]
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
        "/akun/produk/baru/", product_form_data(business, CategoryFactory(), photos=[_upload(name, content)])
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
        "/akun/produk/baru/", product_form_data(business, CategoryFactory(), photos=[_upload("besar.png", big)])
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


@pytest.mark.django_db(transaction=True)
def test_the_worker_turns_uploads_into_photos_or_refuses_them_with_a_reason(
    celery_worker_process, wait, client, settings
):
    """Given an owner's upload of a good photo and one whose pixels are cut short (its header is
    whole, so the request takes it), the worker makes the first a photo with renditions and
    refuses the second; the owner sees a placeholder, then the photo and the reason."""
    business = BusinessFactory()
    client.force_login(business.owner)
    sent = Path(settings.MEDIA_ROOT) / "uploads"

    def files_as_sent() -> set[Path]:
        return {path for path in sent.rglob("*") if path.is_file()}

    earlier = files_as_sent()
    response = client.post(
        "/akun/produk/baru/",
        product_form_data(
            business,
            CategoryFactory(),
            photos=[
                _upload("bagus.jpg", fixtures.jpeg_with_gps((900, 700))),
                _upload("rusak.jpg", fixtures.jpeg_cut_in_its_pixels()),
            ],
        ),
        follow=True,
    )
    assert "2 foto sedang diproses" in response.content.decode()
    product = Product.objects.get(name="Kripik Pisang")
    good, broken = PhotoUpload.objects.filter(product=product).order_by("pk")

    def done():
        return not PhotoUpload.objects.filter(product=product, status=PhotoUploadStatus.PROCESSING).exists()

    wait(done, timeout=60)
    good.refresh_from_db()
    broken.refresh_from_db()
    assert good.status == PhotoUploadStatus.READY and good.product_image.product == product
    assert broken.status == PhotoUploadStatus.REFUSED
    assert broken.refusal_reason == "Foto rusak atau tidak dapat dibaca."
    wait(lambda: files_as_sent() <= earlier, timeout=10)  # the files as sent are deleted after commit
    wait(lambda: ProductImage.objects.get(pk=good.product_image_id).renditions_ready, timeout=60)
    image = ProductImage.objects.get(pk=good.product_image_id)  # read after its renditions exist
    page = client.get(f"/akun/produk/{product.pk}/").content.decode()
    assert "rusak.jpg: Foto rusak atau tidak dapat dibaca." in page
    assert "Foto sedang diproses" not in page
    assert "/media/images/" in image.thumb_url and image.thumb_url in page


def test_the_owner_sees_a_placeholder_while_a_photo_is_processed(client):
    business = BusinessFactory()
    client.force_login(business.owner)
    client.post(
        "/akun/produk/baru/",
        product_form_data(business, CategoryFactory(), photos=[_upload("a.jpg", fixtures.jpeg_with_gps())]),
    )
    product = Product.objects.get(name="Kripik Pisang")
    assert "Foto sedang diproses" in client.get(f"/akun/produk/{product.pk}/").content.decode()
    assert "Foto sedang diproses" in client.get("/akun/produk/").content.decode()
    fixtures.process_uploads()
    assert "Foto sedang diproses" not in client.get(f"/akun/produk/{product.pk}/").content.decode()
    assert "Foto sedang diproses" not in client.get("/akun/produk/").content.decode()


def test_photos_being_processed_count_towards_the_eight(client):
    product = ProductFactory()
    client.force_login(product.business.owner)
    clean = clean_upload(_upload("a.png", fixtures.png(), "image/png"))
    for _i in range(MAX_IMAGES_PER_PRODUCT - 1):
        product_image_add(product=product, clean=clean)
    initial = ProductForm(instance=product, user=product.business.owner).initial
    data = {key: value for key, value in initial.items() if value not in (None, False)}
    data["photos"] = [_upload("a.jpg", fixtures.jpeg_with_gps())]
    assert client.post(f"/akun/produk/{product.pk}/", data).status_code == 302
    data["photos"] = [_upload("b.jpg", fixtures.jpeg_with_gps())]
    response = client.post(f"/akun/produk/{product.pk}/", data)
    assert response.status_code == 200
    assert "Maksimal 8 foto per produk (sudah ada 8)." in response.context["form"].errors["photos"]


def test_a_phone_jpeg_with_a_multi_picture_index_is_taken_as_a_jpeg():
    clean = clean_upload(_upload("IMG_0003.jpg", fixtures.mpo(), "image/jpeg"))
    assert clean.extension == "jpg" and clean.content.startswith(b"\xff\xd8")
    assert (clean.width, clean.height) == (64, 48)


def test_a_large_phone_jpeg_is_stored_at_2000_pixels():
    clean = clean_upload(_upload("IMG_0004.jpg", fixtures.plain_jpeg(6000, 4000)))
    assert (clean.width, clean.height) == (2000, 1333)


def _upload_through_the_form(client, name="a.jpg") -> PhotoUpload:
    business = BusinessFactory()
    client.force_login(business.owner)
    client.post(
        "/akun/produk/baru/",
        product_form_data(business, CategoryFactory(), photos=[_upload(name, fixtures.jpeg_with_gps())]),
    )
    return PhotoUpload.objects.get(product__name="Kripik Pisang")


def test_a_photo_whose_task_fails_for_good_is_refused_with_a_reason_the_owner_sees(client):
    """Retries spent (the storage was down), a time limit, a bug: never left "being processed"."""
    upload = _upload_through_the_form(client)
    process_photo_upload.on_failure(OSError("storage down"), "task-id", (upload.pk,), {}, None)
    upload.refresh_from_db()
    assert upload.status == PhotoUploadStatus.REFUSED and not upload.file
    page = client.get(f"/akun/produk/{upload.product_id}/").content.decode()
    assert "a.jpg: Foto tidak dapat diproses; unggah lagi." in page
    assert "Foto sedang diproses" not in page


def test_the_sweep_queues_lost_photo_tasks_again_and_refuses_those_an_hour_old(client):
    upload = _upload_through_the_form(client)
    lost = PhotoUpload.objects.create(**_copy_of(upload, created_at=timezone.now() - timedelta(minutes=10)))
    stale = PhotoUpload.objects.create(**_copy_of(upload, created_at=timezone.now() - timedelta(minutes=61)))
    assert sweep_photo_uploads() == {"refused": 1, "requeued": 1}
    stale.refresh_from_db()
    lost.refresh_from_db()
    assert stale.status == PhotoUploadStatus.REFUSED
    assert stale.refusal_reason == "Foto tidak dapat diproses; unggah lagi."
    assert lost.status == PhotoUploadStatus.PROCESSING  # queued again, for the worker


def _copy_of(upload: PhotoUpload, **changes) -> dict:
    fields = ("owner", "product", "original_name", "image_format", "width", "height", "pixels", "alt_text")
    return {**{name: getattr(upload, name) for name in fields}, **changes}
