"""The product page and the product API: certifications and the owner's WhatsApp contact, read
apart from the product's own select (catalog.selectors.with_certifications, owner_contact)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import CertificationKind
from tests.catalog.factories import ProductFactory
from tests.portal.factories import CertificationFactory

pytestmark = pytest.mark.django_db


def _page(client, product):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/produk/{product.slug}/")
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in ctx.captured_queries]


def test_certifications_and_whatsapp_show_on_the_page_and_in_the_api(client):
    product = ProductFactory(name="Bandeng Presto Kaliwungu")
    halal = CertificationFactory(business=product.business, kind=CertificationKind.HALAL, number="ID33110000123")
    bpom = CertificationFactory(business=product.business, kind=CertificationKind.BPOM, number="MD 123456789012")
    product.halal_certification, product.bpom_certification = halal, bpom
    product.save()

    body, sql = _page(client, product)
    assert "ID33110000123" in body and "MD 123456789012" in body
    assert "Tanya via WhatsApp" in body and "wa.me/6281234567890" in body
    assert len(sql) <= 10

    api = client.get(f"/api/v1/products/{product.pk}/").json()
    assert {(c["kind"], c["number"]) for c in api["certifications"]} == {
        ("halal", "ID33110000123"),
        ("bpom", "MD 123456789012"),
    }


def test_a_product_without_certifications_or_whatsapp_consent_shows_neither(client):
    product = ProductFactory(name="Wingko Babat Kendal")
    profile = product.business.owner.owner_profile
    profile.allows_whatsapp_contact = False
    profile.save()

    body, sql = _page(client, product)
    assert "Tanya via WhatsApp" not in body and "wa.me" not in body
    assert not any('FROM "portal_certification"' in query for query in sql)  # nothing to read
    assert client.get(f"/api/v1/products/{product.pk}/").json()["certifications"] == []
