"""Product views are counted by the page's beacon (F() increment per product and day) and the
owner sees their own views and paid orders as a chart on /akun/."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import ProductStatus, ProductViewDay
from catalog.services import product_view_record
from tests.catalog.factories import ProductFactory
from tests.dashboards.fixtures import paid_order
from tests.portal.factories import BusinessFactory

pytestmark = pytest.mark.django_db


def beacon(client, product, **extra):
    return client.post(f"/produk/dilihat/{product.pk}/", **extra)


def test_product_page_carries_the_beacon_and_writes_nothing(client, django_assert_max_num_queries):
    product = ProductFactory()
    response = client.get(f"/produk/{product.slug}/")
    html = response.content.decode()
    assert f'data-beacon-url="/produk/dilihat/{product.pk}/"' in html and "catalog/product-view.js" in html
    assert not ProductViewDay.objects.exists()


def test_beacon_counts_once_per_visitor_and_window(client):
    product = ProductFactory()
    assert beacon(client, product, REMOTE_ADDR="203.0.113.1").status_code == 204
    assert beacon(client, product, REMOTE_ADDR="203.0.113.1").status_code == 204  # same visitor: not again
    assert beacon(client, product, REMOTE_ADDR="203.0.113.2").status_code == 204
    assert ProductViewDay.objects.get(product=product, day=timezone.localdate()).count == 2


def test_beacon_refuses_get_and_unpublished_products(client):
    draft = ProductFactory(status=ProductStatus.DRAFT)
    assert client.get(f"/produk/dilihat/{draft.pk}/").status_code == 405
    assert beacon(client, draft).status_code == 404
    assert beacon(client, type("P", (), {"pk": 999999})()).status_code == 404
    assert not ProductViewDay.objects.exists()


def test_counter_increments_the_day_row():
    product = ProductFactory()
    today = timezone.localdate()
    for _ in range(3):
        product_view_record(product_id=product.pk)
    product_view_record(product_id=product.pk, day=today - timedelta(days=1))
    assert dict(ProductViewDay.objects.values_list("day", "count")) == {today: 3, today - timedelta(days=1): 1}


def test_owner_sees_own_views_and_orders_chart(client):
    business = BusinessFactory()
    product = ProductFactory(business=business)
    other = ProductFactory()  # someone else's product: not in the owner's chart
    today = timezone.localdate()
    ProductViewDay.objects.create(product=product, day=today, count=7)
    ProductViewDay.objects.create(product=product, day=today - timedelta(days=2), count=3)
    ProductViewDay.objects.create(product=product, day=today - timedelta(days=40), count=100)  # too old
    ProductViewDay.objects.create(product=other, day=today, count=50)
    paid_order(business)
    paid_order(business, paid=False)
    paid_order(other.business)
    client.force_login(business.owner)
    html = client.get("/akun/").content.decode()
    assert "30 hari terakhir: 10 kunjungan halaman produk, 1 pesanan dibayar." in html
    data = json.loads(
        re.search(r'<script id="chart-owner-activity-data" type="application/json">(.*?)</script>', html).group(1)
    )
    views, orders = data["datasets"]
    assert len(data["labels"]) == 30
    assert views["data"][-1] == 7 and views["data"][-3] == 3 and sum(views["data"]) == 10
    assert orders["type"] == "line" and orders["data"][-1] == 1 and sum(orders["data"]) == 1
    assert 'role="img"' in html and 'data-testid="table-owner-activity"' in html


def test_owner_without_products_gets_no_chart(client):
    business = BusinessFactory()
    client.force_login(business.owner)
    assert "chart-owner-activity" not in client.get("/akun/").content.decode()


def test_owner_downloads_own_activity_csv(client):
    business = BusinessFactory()
    product = ProductFactory(business=business)
    other = ProductFactory()
    today = timezone.localdate()
    ProductViewDay.objects.create(product=product, day=today, count=4)
    ProductViewDay.objects.create(product=other, day=today, count=50)
    paid_order(business)
    client.force_login(business.owner)
    response = client.get("/akun/aktivitas.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "Tanggal,Kunjungan halaman produk,Pesanan dibayar"
    assert lines[-1] == f"{today.isoformat()},4,1" and len(lines) == 31
    assert 'href="/akun/aktivitas.csv"' in client.get("/akun/").content.decode()


def test_activity_csv_needs_an_owner_with_products(client):
    assert client.get("/akun/aktivitas.csv").status_code == 302
    client.force_login(BusinessFactory().owner)
    assert client.get("/akun/aktivitas.csv").status_code == 404
