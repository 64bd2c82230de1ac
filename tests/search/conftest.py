"""A small fixture catalogue indexed into both backends (database rows and a real
Elasticsearch index behind its alias)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import ProductStatus
from search.backends import DatabaseBackend, ElasticsearchBackend
from search.client import get_client
from search.documents import alias_name
from search.testing import index_now
from tests.catalog.factories import CategoryFactory, ProductFactory
from tests.portal.factories import BusinessFactory, CertificationFactory

KEC_A = "33.24.12"
KEC_B = "33.24.01"


@dataclass
class Catalogue:
    products: dict


def refresh_es() -> None:
    get_client(for_indexing=True).indices.refresh(index=alias_name("products"))


def build_catalogue() -> Catalogue:
    food = CategoryFactory(name="Makanan & Minuman", slug="makanan-minuman", is_food=True)
    fashion = CategoryFactory(name="Fashion & Batik", slug="fashion-batik", is_food=False)
    batik_tulis = CategoryFactory(name="Batik Tulis", slug="batik-tulis", is_food=False, parent=fashion)
    craft = CategoryFactory(name="Kerajinan", slug="kerajinan", is_food=False)
    shop_a = BusinessFactory(name="UD Sumber Rejeki", kecamatan_id=KEC_A)
    shop_b = BusinessFactory(name="Griya Canting", kecamatan_id=KEC_B)
    halal = CertificationFactory(business=shop_a)
    pirt = CertificationFactory(business=shop_a, kind="pirt", number="206332401234525")
    bpom = CertificationFactory(business=shop_b, kind="bpom", number="MD224513001234")
    now = timezone.now()
    spec = {
        # key: (name, description, category, business, price, stock, certifications)
        "tempe_original": ("Kripik Tempe Original", "Keripik tempe renyah, gurih.", food, shop_a, 15_000, 50, [halal]),
        "tempe_pedas": ("Keripik Tempe Pedas Level 5", "Tempe iris tipis, pedas.", food, shop_b, 17_000, 0, []),
        "bakpia": ("Bakpia Kacang Hijau", "Lembut, enak disantap dengan kripik tempe.", food, shop_a, 30_000, 10, []),
        "sambal": (
            "Sambel Bawang Bu Tini",
            "Sambal bawang pedas dalam toples.",
            food,
            shop_a,
            25_000,
            12,
            [halal, pirt],
        ),
        "batik_tulis": (
            "Batik Tulis Kendalan Motif Parang",
            "Kain batik tulis halus.",
            batik_tulis,
            shop_b,
            450_000,
            3,
            [],
        ),
        "batik_cap": ("Kain Batik Cap", "Batik cap warna alam.", fashion, shop_a, 150_000, 7, []),
        "kemeja": ("Kemeja Batik Pria", "Kemeja lengan panjang.", fashion, shop_b, 200_000, 5, []),
        "tampah": ("Tampah Bambu", "Anyaman bambu untuk menampi beras.", craft, shop_a, 35_000, 20, []),
        "kerupuk": ("Kerupuk Ikan Tenggiri", "Kerupuk ikan asli.", food, shop_b, 20_000, 40, [bpom]),
        "bandeng": (
            "Bandeng Presto Duri Lunak",
            "Bandeng presto khas pesisir.",
            food,
            shop_a,
            40_000,
            8,
            [halal, pirt],
        ),
        "kopi": ("Kopi Robusta", "Bubuk kopi dari lereng Ungaran.", food, shop_b, 30_000, 25, []),
        "melon": ("Melon Hijau", "Melon manis dari kebun sendiri.", food, shop_b, 22_000, 30, []),
    }
    products = {}
    for i, (key, (name, description, category, business, price, stock, certs)) in enumerate(spec.items()):
        kinds = {c.kind: c for c in certs}
        products[key] = ProductFactory(
            name=name,
            description=description,
            category=category,
            business=business,
            price=price,
            stock=stock,
            published_at=now - timedelta(hours=i),
            halal_certification=kinds.get("halal"),
            pirt_certification=kinds.get("pirt"),
            bpom_certification=kinds.get("bpom"),
        )
    products["draft"] = ProductFactory(
        name="Batik Rahasia Draf", status=ProductStatus.DRAFT, published_at=None, category=fashion, business=shop_a
    )
    products["unverified"] = ProductFactory(
        name="Batik Toko Belum Verifikasi",
        category=fashion,
        business=BusinessFactory(name="Toko Baru", status="submitted"),
    )
    return Catalogue(products)


@pytest.fixture(scope="package", autouse=True)
def drop_indexes_after_the_package():
    yield
    from search.testing import drop_used_indexes

    drop_used_indexes()


@pytest.fixture(autouse=True)
def index_per_worker(settings, worker_id):
    """Parallel workers (pytest -n) must not share one index: ES is not rolled back."""
    if worker_id != "master":
        settings.ELASTICSEARCH_INDEX_PREFIX = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{worker_id}"


@pytest.fixture(autouse=True)
def quiet_transport_log():
    logging.getLogger("elastic_transport.transport").setLevel(logging.WARNING)


@pytest.fixture
def catalogue(db) -> Catalogue:
    result = build_catalogue()
    index_now()
    return result


@pytest.fixture
def es_backend():
    return ElasticsearchBackend()


@pytest.fixture
def db_backend():
    return DatabaseBackend()


@pytest.fixture(params=["elasticsearch", "database"])
def backend(request):
    return ElasticsearchBackend() if request.param == "elasticsearch" else DatabaseBackend()
