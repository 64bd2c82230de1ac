"""Issue 17, finding 10: the product view counter counted one view per (address, User-Agent), so
changing the User-Agent counted again, and behind nginx every visitor had nginx's address. A
view now counts once per client per product per VIEW_DEDUP_SECONDS, the client being the
address core.security.client_ip reads (the proxy's view of it, never what the client wrote)."""

import pytest
from django.utils import timezone

from catalog.models import ProductViewDay
from tests.catalog.factories import ProductFactory

pytestmark = pytest.mark.django_db


def beacon(client, product, **extra):
    return client.post(f"/produk/dilihat/{product.pk}/", **extra)


def views_today(product) -> int:
    row = ProductViewDay.objects.filter(product=product, day=timezone.localdate()).first()
    return row.count if row else 0


def test_changing_the_user_agent_does_not_count_again(client):
    product = ProductFactory()
    for agent in ("Mozilla/5.0 A", "Mozilla/5.0 B", "curl/8.0", ""):
        assert beacon(client, product, HTTP_USER_AGENT=agent, REMOTE_ADDR="203.0.113.7").status_code == 204
    assert views_today(product) == 1


def test_behind_the_proxy_each_client_counts_once_and_a_forged_header_is_no_new_client(client, settings):
    """nginx (127.0.0.1) appends the client's address to X-Forwarded-For; what the client wrote
    before it is not trusted."""
    settings.TRUSTED_PROXY_COUNT = 1
    product = ProductFactory()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    beacon(client, product, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    beacon(client, product, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)  # another phone
    for forged in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        beacon(client, product, HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.1", **proxy)
    assert views_today(product) == 2


def test_each_product_counts_on_its_own(client):
    first, second = ProductFactory(), ProductFactory()
    beacon(client, first)
    beacon(client, second)
    beacon(client, first)
    assert (views_today(first), views_today(second)) == (1, 1)


def test_with_the_cache_down_the_beacon_answers_and_counts_nothing(client, cache_down):
    product = ProductFactory()
    assert beacon(client, product).status_code == 204
    assert views_today(product) == 0
