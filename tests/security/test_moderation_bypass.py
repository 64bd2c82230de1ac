"""Issue 17, finding 6: nothing a buyer sees goes live on a published product without review:
new free text in the unit or net content ("GRATIS ONGKIR! WA 0812…"), a new claim, or a new photo."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import services
from catalog.forms import ProductForm
from catalog.models import ProductStatus
from portal import roles
from tests.catalog.factories import ProductFactory
from tests.catalog.images import png, process_uploads
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def edit_form_data(product, **changes):
    """What the owner's edit page posts when only `changes` are typed over its current values."""
    initial = ProductForm(instance=product, user=product.business.owner).initial
    data = {key: ("" if value is None else value) for key, value in initial.items()}
    data = {key: value for key, value in data.items() if value is not False}  # unticked boxes are not posted
    return {**data, "business": product.business.pk, **changes}


@pytest.mark.parametrize(
    "field, typed",
    [("unit", "GRATIS ONGKIR! WA 081234567890"), ("net_content", "Promo! wa.me/6281234567890"), ("min_order", "3")],
)
def test_new_text_on_a_published_product_waits_for_review(client, field, typed):
    product = ProductFactory()
    client.force_login(product.business.owner)
    response = client.post(f"/akun/produk/{product.pk}/", edit_form_data(product, **{field: typed}))
    assert response.status_code == 302
    product.refresh_from_db()
    assert str(getattr(product, field)) == typed
    assert product.status == ProductStatus.IN_REVIEW


def test_an_unchanged_form_saved_again_keeps_the_product_published(client):
    product = ProductFactory()
    client.force_login(product.business.owner)
    assert client.post(f"/akun/produk/{product.pk}/", edit_form_data(product)).status_code == 302
    product.refresh_from_db()
    assert product.status == ProductStatus.PUBLISHED


def test_a_new_photo_on_a_published_product_waits_for_review(client):
    product = ProductFactory()
    client.force_login(product.business.owner)
    photo = SimpleUploadedFile("baru.png", png((600, 600)), content_type="image/png")
    response = client.post(f"/akun/produk/{product.pk}/", {**edit_form_data(product), "photos": [photo]})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.photo_uploads.count() == 1  # the worker makes the photo after commit
    assert product.status == ProductStatus.IN_REVIEW
    assert product.status_changes.get().reason == "Foto baru, perlu moderasi ulang."
    process_uploads()
    assert product.images.count() == 1
    product.refresh_from_db()
    assert product.status == ProductStatus.IN_REVIEW


def test_a_photo_that_finishes_processing_after_staff_approved_sends_the_product_back(client):
    """Staff may approve while the worker is still processing the new photo (the queue was
    long): the photo they did not see sends the product back to review when it is ready."""
    product = ProductFactory()
    owner = product.business.owner
    client.force_login(owner)
    photo = SimpleUploadedFile("baru.png", png((600, 600)), content_type="image/png")
    client.post(f"/akun/produk/{product.pk}/", {**edit_form_data(product), "photos": [photo]})
    product.refresh_from_db()
    services.product_action_take(
        product=product, action="publish", actor=UserFactory(roles=[roles.COUNTER_STAFF]), by="staff"
    )
    product.refresh_from_db()
    assert product.status == ProductStatus.PUBLISHED
    process_uploads()
    product.refresh_from_db()
    assert product.images.count() == 1
    assert product.status == ProductStatus.IN_REVIEW
    assert product.status_changes.order_by("-at", "-pk").first().actor == owner


def test_stock_is_the_one_thing_an_owner_changes_without_review():
    product = ProductFactory()
    services.product_set_stock(product=product, actor=product.business.owner, stock=2)
    product.refresh_from_db()
    assert (product.stock, product.status) == (2, ProductStatus.PUBLISHED)
