"""Issue 17, finding 2: photo uploads must not exhaust the server. Eight 40-megapixel PNGs (1.3 MB
on disk, ~160 MB each once decoded) cost 57 s and 579 MB in one request, and four such requests
at once made /healthz time out. Now the request reads headers only, refuses what a phone camera
cannot produce, caps the pixels of a request and of an owner's hour, and leaves decoding to the
Celery worker. The latency figures are bench/hostile_uploads.py's; these tests assert behaviour."""

from __future__ import annotations

import functools
import io
import re
import threading
from datetime import timedelta

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from catalog.exceptions import ImageRejected
from catalog.images import photo_inspect, photo_uploads_accept, product_image_remove
from catalog.models import PhotoUpload, PhotoUploadStatus, Product, ProductImage
from core.images import PILLOW_MAX_PIXELS
from tests.catalog import images as fixtures
from tests.catalog.factories import CategoryFactory, ProductFactory, product_form_data
from tests.portal.factories import BusinessFactory

pytestmark = pytest.mark.django_db


@functools.cache
def png_40mp() -> bytes:
    """8000×5000, one colour: 39 KB on disk, 40 megapixels once decoded."""
    return fixtures.plain_png(8000, 5000)


@functools.cache
def jpeg_40mp() -> bytes:
    """8000×5000 JPEG of one colour (~0.6 MB): under the 50 MP a phone can write, alone."""
    return fixtures.plain_jpeg(8000, 5000)


def _photo(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png" if name.endswith(".png") else "image/jpeg")


def _post(client, business, photos):
    client.force_login(business.owner)
    return client.post("/akun/produk/baru/", product_form_data(business, CategoryFactory(), photos=photos))


def _photo_errors(response) -> list[str]:
    assert response.status_code == 200
    return list(response.context["form"].errors.get("photos", []))


def test_a_40_megapixel_png_is_refused_in_the_request_with_a_clear_message(client):
    """Refused on its header: the message names the pixel limit, which only the header gives,
    and nothing is kept; the form keeps what the owner typed."""
    assert len(png_40mp()) < 100_000
    business = BusinessFactory()
    response = _post(client, business, [_photo("besar.png", png_40mp())])
    assert _photo_errors(response) == [
        "besar.png: Foto PNG ditolak: 8000×5000 piksel (40 megapiksel) melebihi batas 25 megapiksel untuk PNG. "
        "Kamera ponsel menyimpan foto sebagai JPEG; unggah foto aslinya."
    ]
    assert 'value="Kripik Pisang"' in response.content.decode()
    assert not Product.objects.exists() and not PhotoUpload.objects.exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "panorama.jpg",
            functools.partial(fixtures.plain_jpeg, 12_500, 400),
            "12500×400 piksel, sisi terpanjang melebihi batas 12000 piksel",
        ),
        (
            "kamera-55mp.jpg",
            functools.partial(fixtures.plain_jpeg, 9000, 6100),
            "9000×6100 piksel (54.9 megapiksel) melebihi batas 50 megapiksel, lebih besar dari foto kamera ponsel",
        ),
        (
            "bom.png",
            functools.partial(fixtures.png_bomb, 30_000, 30_000),
            "jumlah piksel terlalu besar (kemungkinan bom dekompresi)",
        ),
    ],
    ids=["side-longer-than-a-phone-writes", "more-pixels-than-a-phone-writes", "pillow-guard"],
)
def test_what_a_phone_camera_cannot_produce_is_refused(client, name, content, message):
    errors = _photo_errors(_post(client, BusinessFactory(), [_photo(name, content())]))
    assert len(errors) == 1 and errors[0].startswith(f"{name}: ") and message in errors[0], errors
    assert not PhotoUpload.objects.exists()


def test_pillow_itself_refuses_a_decompression_bomb_anywhere_in_the_process():
    """Outside catalog.images too (Wagtail's renditions, partner exports): Pillow's own guard is
    set for the whole process at start."""
    assert Image.MAX_IMAGE_PIXELS == PILLOW_MAX_PIXELS
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(fixtures.png_bomb(12_000, 12_000)))


def test_eight_40_megapixel_jpegs_exceed_what_one_request_may_send(client):
    business = BusinessFactory()
    photos = [_photo(f"IMG_{i}.jpg", jpeg_40mp()) for i in range(8)]
    assert _photo_errors(_post(client, business, photos)) == [
        "Foto-foto ini berjumlah 320 megapiksel, melebihi batas 100 megapiksel sekali kirim. "
        "Kirim sebagian dulu, sisanya pada penyimpanan berikutnya."
    ]
    assert not Product.objects.exists() and not PhotoUpload.objects.exists()
    # Two of them fit in one request: kept as sent, for the worker.
    response = _post(client, business, [_photo(f"IMG_{i}.jpg", jpeg_40mp()) for i in range(2)])
    assert response.status_code == 302
    assert list(PhotoUpload.objects.values_list("pixels", flat=True)) == [40_000_000, 40_000_000]


def test_an_owner_gets_so_many_pixels_an_hour_and_removing_photos_gives_none_back(client, settings):
    settings.CATALOG_UPLOAD_MAX_PIXELS_PER_HOUR = 2_000_000
    product = ProductFactory()
    owner = product.business.owner
    one_mp = fixtures.plain_png(1000, 1000)
    candidates = [photo_inspect(_photo("a.png", one_mp)), photo_inspect(_photo("b.png", one_mp))]
    photo_uploads_accept(product=product, candidates=candidates, actor=owner)
    fixtures.process_uploads()
    for product_image in ProductImage.objects.filter(product=product):
        product_image_remove(product_image=product_image)
    first = PhotoUpload.objects.order_by("pk").first()

    response = _post(client, product.business, [_photo("c.png", one_mp)])

    frees_at = timezone.localtime(first.created_at + timedelta(hours=1))
    assert _photo_errors(response) == [
        "Batas unggah foto tercapai: 2 dari 2 megapiksel dalam satu jam terakhir, foto ini 1 megapiksel. "
        f"Coba lagi setelah pukul {frees_at:%H.%M}."
    ]
    # Another owner has an hour of their own.
    assert _post(client, BusinessFactory(), [_photo("c.png", one_mp)]).status_code == 302
    # An hour later the owner's uploads no longer count.
    PhotoUpload.objects.filter(owner=owner).update(created_at=timezone.now() - timedelta(minutes=61))
    assert _post(client, product.business, [_photo("c.png", one_mp)]).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_cannot_both_spend_the_last_of_the_hour(settings, celery_worker_process, wait):
    """Each request alone fits the owner's hour, both together do not: the owner's row is locked
    while the hour is counted, so exactly one is kept."""
    settings.CATALOG_UPLOAD_MAX_PIXELS_PER_HOUR = 1_500_000
    first = ProductFactory()
    second = ProductFactory(business=first.business)
    owner = first.business.owner
    one_mp = fixtures.plain_png(1000, 1000)
    start, outcomes = threading.Barrier(2), []

    def upload(product):
        candidates = [photo_inspect(_photo("a.png", one_mp))]
        start.wait(timeout=10)
        try:
            photo_uploads_accept(product=product, candidates=candidates, actor=owner)
            outcomes.append("kept")
        except ImageRejected as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(product,)) for product in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    refused = [outcome for outcome in outcomes if outcome != "kept"]
    assert outcomes.count("kept") == 1 and len(refused) == 1, outcomes
    assert refused[0].startswith("Batas unggah foto tercapai: 1 dari 1.5 megapiksel")
    assert PhotoUpload.objects.filter(owner=owner).count() == 1
    # The kept photo went to the worker after commit: let it finish before the database is
    # flushed, or the worker writes into the next test's empty tables.
    wait(lambda: not PhotoUpload.objects.filter(status=PhotoUploadStatus.PROCESSING).exists(), timeout=60)


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_while_four_clients_send_hostile_photos(live_server, client):
    """The issue's attack, on a live (threaded) server: four clients at once, each sending eight
    40-megapixel PNGs, or eight 40-megapixel JPEGs, per request, over and over. Every upload is
    refused and every health check is answered while they are in flight."""
    business = BusinessFactory()
    category = CategoryFactory()
    client.force_login(business.owner)
    cookies = {"sessionid": client.cookies["sessionid"].value}
    form_page = requests.get(f"{live_server.url}/akun/produk/baru/", cookies=cookies, timeout=30)
    cookies["csrftoken"] = form_page.cookies["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text).group(1)
    fields = {key: str(value) for key, value in product_form_data(business, category).items()}
    fields["csrfmiddlewaretoken"] = token
    hostile = {
        "png": ("Foto PNG ditolak", [("photos", (f"IMG_{i}.png", png_40mp(), "image/png")) for i in range(8)]),
        "jpeg": ("sekali kirim", [("photos", (f"IMG_{i}.jpg", jpeg_40mp(), "image/jpeg")) for i in range(8)]),
    }
    answers, health, done = [], [], threading.Event()

    def attack(kind: str) -> None:
        expected, files = hostile[kind]
        for _round in range(3):
            response = requests.post(
                f"{live_server.url}/akun/produk/baru/",
                data=fields,
                files=files,
                cookies=cookies,
                headers={"Referer": f"{live_server.url}/akun/produk/baru/"},
                timeout=60,
            )
            answers.append((response.status_code, expected in response.text))

    attackers = [threading.Thread(target=attack, args=(kind,)) for kind in ("png", "jpeg", "png", "jpeg")]
    for thread in attackers:
        thread.start()

    def all_done() -> None:
        for thread in attackers:
            thread.join(timeout=120)
        done.set()

    threading.Thread(target=all_done).start()
    while not done.is_set():
        health.append(requests.get(f"{live_server.url}/healthz", timeout=30).status_code)
        done.wait(0.05)

    assert answers == [(200, True)] * 12
    assert len(health) >= 5 and set(health) == {200}, health
    assert not Product.objects.exists() and not PhotoUpload.objects.exists()
