import pytest

from catalog.models import ProductStatus
from partners.models import Channel
from partners.services import batch_add, batch_create, batch_lock, channel_token_rotate
from registry.models import BusinessStatus
from tests.partners.factories import ChannelListingFactory, channel, delivery_ready_product
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/partners/gofood/listings/"


@pytest.fixture
def curator():
    return UserFactory(roles=["partner_curator"])


@pytest.fixture
def locked_feed(curator):
    """A locked GoFood batch of three products; one is later unpublished, one's business is
    suspended back to needs_changes."""
    products = [delivery_ready_product(name=f"Menu {i}") for i in range(3)]
    listings = [ChannelListingFactory(product=p, channel=channel("gofood")) for p in products]
    batch = batch_create(channel=channel("gofood"), name="Desember", user=curator)
    batch_add(batch=batch, listing_ids=[l.pk for l in listings])
    batch_lock(batch=batch, user=curator)
    token = channel_token_rotate(channel=channel("gofood"), user=curator)
    return products, batch, token


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer salah-token", "Token {token}", "bearer x{token}"],
    ids=["missing", "empty", "wrong", "wrong-scheme", "altered"],
)
def test_feed_refuses_missing_or_wrong_token(client, locked_feed, header):
    _products, _batch, token = locked_feed
    headers = {"HTTP_AUTHORIZATION": header.format(token=token)} if header else {}

    response = client.get(URL, **headers)

    assert response.status_code == 401
    assert response.json() == {"detail": "Token kanal tidak ada atau salah."}
    assert response["WWW-Authenticate"] == 'Bearer realm="partners"'


def test_token_of_another_channel_is_refused(client, locked_feed, curator):
    grab_token = channel_token_rotate(channel=channel("grabfood"), user=curator)
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {grab_token}").status_code == 401


def test_feed_returns_locked_batch_and_never_unpublished_or_unverified(client, locked_feed):
    products, batch, token = locked_feed
    products[1].status = ProductStatus.ARCHIVED
    products[1].save()
    products[2].business.status = BusinessStatus.NEEDS_CHANGES
    products[2].business.save()

    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    body = response.json()
    assert body["channel"] == "gofood"
    assert body["batch"]["id"] == batch.pk and body["batch"]["name"] == "Desember"
    assert body["count"] == 1
    assert [item["product_id"] for item in body["items"]] == [products[0].pk]
    assert body["items"][0]["name"] == "Menu 0" and body["items"][0]["price"] == 15000
    assert body["items"][0]["in_stock"] == "true"


def test_rotation_invalidates_old_token_and_stores_only_a_hash(client, locked_feed, curator):
    _products, _batch, old = locked_feed
    new = channel_token_rotate(channel=channel("gofood"), user=curator)

    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {old}").status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {new}").status_code == 200
    stored = Channel.objects.get(code="gofood").api_token_hash
    assert new not in stored and len(stored) == 64


def test_draft_batches_are_not_served(client, curator):
    product = delivery_ready_product()
    listing = ChannelListingFactory(product=product, channel=channel("gofood"))
    batch = batch_create(channel=channel("gofood"), name="Draf", user=curator)
    batch_add(batch=batch, listing_ids=[listing.pk])
    token = channel_token_rotate(channel=channel("gofood"), user=curator)

    body = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").json()

    assert body == {"channel": "gofood", "batch": None, "count": 0, "items": []}


def test_unknown_or_inactive_channel_is_404(client):
    Channel.objects.filter(code="alfamart").update(is_active=False)
    assert client.get("/api/v1/partners/tokopedia/listings/").status_code == 404
    assert client.get("/api/v1/partners/alfamart/listings/").status_code == 404
