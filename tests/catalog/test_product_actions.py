"""A product's moves come from one place (catalog.services.product_actions): the owner's list and
the moderation page show them, and the server accepts nothing else (issue 16, step 4)."""

import pytest
from django.urls import reverse

from catalog.models import ProductStatus
from portal import roles
from tests.catalog.factories import ProductFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db
S = ProductStatus


def owner_buttons(client, product) -> set[str]:
    html = client.get("/akun/produk/").content.decode()
    return {
        name for name in ("submit", "withdraw", "archive", "restore") if f"/akun/produk/{product.pk}/{name}/" in html
    }


@pytest.mark.parametrize(
    "status, offered",
    [
        (S.DRAFT, {"submit", "archive"}),
        (S.REJECTED, {"submit", "archive"}),
        (S.IN_REVIEW, {"withdraw", "archive"}),
        (S.PUBLISHED, {"archive"}),
        (S.ARCHIVED, {"restore"}),
    ],
)
def test_the_owner_is_offered_exactly_the_moves_the_service_accepts(client, status, offered):
    product = ProductFactory(status=status)
    client.force_login(product.business.owner)
    assert owner_buttons(client, product) == offered
    for refused in {"submit", "withdraw", "archive", "restore"} - offered:
        client.post(f"/akun/produk/{product.pk}/{refused}/")
        product.refresh_from_db()
        assert product.status == status, f"{refused} was accepted on a {status} product"
    move = sorted(offered)[0]
    client.post(f"/akun/produk/{product.pk}/{move}/")
    product.refresh_from_db()
    assert product.status != status


def test_a_hand_made_restore_does_not_pull_a_published_product_back_to_draft(client):
    # "restore" and "withdraw" both lead to a draft: naming the move, not the target, matters.
    product = ProductFactory(status=S.PUBLISHED)
    client.force_login(product.business.owner)
    client.post(f"/akun/produk/{product.pk}/restore/")
    client.post(f"/akun/produk/{product.pk}/withdraw/")
    product.refresh_from_db()
    assert product.status == S.PUBLISHED


@pytest.mark.parametrize(
    "status, offered",
    [
        (S.IN_REVIEW, {"publish", "reject"}),
        (S.PUBLISHED, {"reject"}),
        (S.DRAFT, set()),
    ],
)
def test_staff_see_and_may_use_only_the_moderation_moves_offered(client, status, offered):
    product = ProductFactory(status=status)
    client.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))
    url = reverse("catalog_admin:moderate", args=[product.pk])
    html = client.get(url).content.decode()
    assert {name for name in ("publish", "reject") if f'name="action" value="{name}"' in html} == offered
    if "publish" not in offered:
        client.post(url, {"action": "publish", "reason": ""})
        product.refresh_from_db()
        assert product.status == status
