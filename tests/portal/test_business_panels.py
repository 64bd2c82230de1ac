"""A business profile's panels (its products, its training certificates) are kept with the
catalogue like the home page's; a new product or certificate shows at once."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.catalog.factories import ProductFactory
from tests.training.factories import RegistrationFactory
from training.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.CATALOG_SUMMARY_SECONDS = 300
    cache.clear()


def _profile(client, business):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/usaha/{business.slug}/")
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in ctx.captured_queries]


def test_a_second_view_takes_the_panels_from_the_cache(client, kept):
    product = ProductFactory(name="Kopi Robusta Sukorejo")
    first, first_sql = _profile(client, product.business)
    second, second_sql = _profile(client, product.business)
    assert "Kopi Robusta Sukorejo" in first and second == first
    assert any('FROM "training_certificate"' in sql for sql in first_sql)
    assert not any('FROM "training_certificate"' in sql or 'FROM "catalog_product"' in sql for sql in second_sql)


def test_a_new_product_or_certificate_shows_at_once(client, kept):
    product = ProductFactory(name="Gula Aren Plantungan")
    business = product.business
    registration = RegistrationFactory(business=business)
    assert "Sertifikat pelatihan" not in _profile(client, business)[0]

    ProductFactory(business=business, name="Gula Semut Plantungan")
    assert "Gula Semut Plantungan" in _profile(client, business)[0]

    today = timezone.localdate()
    certificate = Certificate.objects.create(
        registration=registration,
        business=business,
        participant_name="Sri Rahayu",
        programme_title="Higiene Sanitasi Pangan",
        organiser=registration.session.programme.organiser,
        first_day=today - timedelta(days=2),
        last_day=today,
        days_attended=2,
    )
    assert "Higiene Sanitasi Pangan" in _profile(client, business)[0]

    certificate.revoked_at = timezone.now()
    certificate.save()
    assert "Higiene Sanitasi Pangan" not in _profile(client, business)[0]
