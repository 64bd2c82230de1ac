"""Redis (the Celery broker) down: a registration, a checkout with its payment, and a training
sign-up still save; their notifications (outbox rows) and search indexing (pending rows) are
kept in PostgreSQL and delivered by the sweepers once Redis is back. The outage is a private
redis-server that this test starts, SIGKILLs and restarts; the shared Redis is never touched."""

import json
import time

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from catalog.models import Checkout, PaymentStatus
from catalog.payments import consts
from core.models import Notification, NotificationStatus
from core.tasks import deliver_pending_notifications
from registry.models import Business, BusinessStatus
from search.client import get_client
from search.documents import alias_name
from search.models import PendingIndex
from search.tasks import index_pending
from tests.catalog.factories import ProductFactory, signed_event
from tests.portal.factories import BusinessFactory
from tests.portal.signup import confirmation_path
from tests.portal.test_registration import BUSINESS_STEP, CONSENT_STEP, LOCATION_STEP, OWNER_STEP, step_url
from tests.reliability.conftest import broker
from tests.training.factories import SessionFactory
from training.models import Registration

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
FAST = 5.0  # seconds a request may take while the broker is down


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    elapsed = time.monotonic() - started
    assert elapsed < FAST, f"{args[0]} took {elapsed:.1f}s with the broker down"
    return response


def test_submissions_survive_a_redis_outage_and_are_delivered_when_it_returns(
    private_redis, start_worker, wait, client, django_user_model
):
    from django.test import Client

    product = ProductFactory(stock=10, price=15_000)
    session = SessionFactory(capacity=5)
    trainee = BusinessFactory()
    with broker(private_redis.url):
        private_redis.kill()
        assert not private_redis.is_up

        # 1. A visitor signs up (the confirmation e-mail waits in the outbox; its link opened)
        # and registers a business (five steps, the last one submits it).
        assert timed(client.post, reverse("registry:registration-start"), {**OWNER_STEP, "next": ""}).status_code == 302
        assert timed(client.post, confirmation_path(OWNER_STEP["email"])).status_code == 302
        business = Business.objects.get(name="")
        for slug, data in (
            ("usaha", BUSINESS_STEP),
            ("lokasi", LOCATION_STEP),
            ("sertifikasi", {}),
            ("persetujuan", CONSENT_STEP),
        ):
            assert timed(client.post, step_url(business, slug), data).status_code == 302, slug
        business.refresh_from_db()
        assert business.status == BusinessStatus.SUBMITTED

        # 2. A buyer checks out (intent at localstripe) and Stripe confirms the payment.
        buyer = Client()
        timed(buyer.post, "/keranjang/tambah/", {"product": product.pk, "quantity": 3})
        response = timed(
            buyer.post,
            "/keranjang/checkout/",
            {
                "contact_name": "Budi",
                "contact_phone": "08123456789",
                "contact_email": "budi@example.id",
                "fulfilment": "pickup_gerai",
            },
        )
        checkout = Checkout.objects.get()
        assert response.status_code == 302 and checkout.payment_intent_id.startswith("pi_")
        payload = json.dumps(
            {
                "id": "evt_outage",
                "object": "event",
                "type": consts.PAYMENT_INTENT_SUCCEEDED,
                "data": {
                    "object": {
                        "id": checkout.payment_intent_id,
                        "object": "payment_intent",
                        "amount": consts.rupiah_to_stripe_amount(checkout.total),
                        "currency": "idr",
                        "metadata": {"checkout": checkout.reference},
                    }
                },
            }
        ).encode()
        paid = timed(
            buyer.post,
            "/webhooks/stripe/",
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signed_event(payload, django_settings.STRIPE_WEBHOOK_SECRET),
        )
        assert paid.content == b"paid"

        # 3. An owner signs up for a training session.
        owner = Client()
        owner.force_login(trainee.owner)
        assert timed(owner.post, f"/pelatihan/sesi/{session.pk}/daftar/", {"business": trainee.pk}).status_code == 302
        assert Registration.objects.filter(session=session, business=trainee).exists()

        # Everything is saved, and what could not be queued waits in the database.
        pending = Notification.objects.filter(status=NotificationStatus.PENDING)
        topics = sorted(pending.values_list("topic", flat=True))
        # The order e-mail at checkout, the paid e-mail to the buyer and the one to the seller.
        assert topics == [
            "business.submitted",
            "order",
            "order",
            "order",
            "owner.signup_confirm",
            "training.confirmed",
        ], topics
        assert Checkout.objects.get().payment_status == PaymentStatus.PAID
        assert PendingIndex.objects.filter(product_id=product.pk).exists()

        # Redis comes back. The web process reuses its broker connection pool (no restart):
        # the beat sweepers it queues reach a worker, which delivers the backlog.
        private_redis.start()
        worker = start_worker(private_redis.url)
        deliver_pending_notifications.delay()
        index_pending.delay()
        wait(lambda: not Notification.objects.filter(status=NotificationStatus.PENDING).exists(), timeout=60)
        wait(lambda: not PendingIndex.objects.exists(), timeout=60)
        assert worker.process.poll() is None

    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert Notification.objects.count() == 6  # nothing lost, nothing sent twice
    es = get_client(for_indexing=True)
    doc = es.get(index=alias_name("products"), id=product.pk)["_source"]
    assert (doc["stock"], doc["in_stock"]) == (7, True)
