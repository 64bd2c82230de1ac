"""Each real service the portal depends on is reached from the test suite."""

import uuid

import pytest
import stripe
from django.conf import settings
from django.db import connection
from elasticsearch_dsl import Document, Text, connections

from registry.models import Business, SizeClass
from registry.tasks import refresh_business_size_class
from tests.portal.factories import BusinessFactory


@pytest.mark.django_db
def test_tests_run_on_postgresql_with_the_region_loaded():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM portal_region WHERE level = 'kecamatan' AND code LIKE %s",
            [settings.PORTAL_REGION_CODE + ".%"],
        )
        assert cursor.fetchone()[0] == 20


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_runs_a_task_through_redis(celery_worker_process, wait):
    # Given a business whose sales now put it in the "menengah" class
    business = BusinessFactory(capital=500_000_000, annual_sales=20_000_000_000)
    assert business.size_class == SizeClass.MIKRO
    # When the task goes through the broker to the worker process
    result = refresh_business_size_class.apply_async(args=[business.pk])
    assert result.id
    # Then the worker (another process, same test database) updates the row
    wait(lambda: Business.objects.get(pk=business.pk).size_class == SizeClass.MENENGAH)


def test_a_document_is_indexed_into_and_found_in_elasticsearch():
    client = connections.create_connection(
        alias="services-test", hosts=[settings.ELASTICSEARCH_URL], request_timeout=10
    )
    index_name = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-smoke-{uuid.uuid4().hex[:8]}"

    class Smoke(Document):
        name = Text()

        class Index:
            name = index_name

    try:
        Smoke.init(using="services-test")
        Smoke(name="Kripik tempe Kendal").save(using="services-test", refresh=True)
        Smoke(name="Batik tulis").save(using="services-test", refresh=True)
        hits = Smoke.search(using="services-test").query("match", name="tempe").execute()
        assert [hit.name for hit in hits] == ["Kripik tempe Kendal"]
    finally:
        client.indices.delete(index=index_name, ignore_unavailable=True)


def test_a_payment_intent_is_created_in_localstripe_through_the_stripe_library():
    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE})
    intent = client.v1.payment_intents.create(
        params={"amount": 15000, "currency": "idr", "payment_method_types": ["card"]}
    )
    assert intent.id.startswith("pi_")
    assert (intent.amount, intent.currency, intent.status) == (15000, "idr", "requires_payment_method")
    assert client.v1.payment_intents.retrieve(intent.id).amount == 15000
