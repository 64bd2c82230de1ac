"""A programme with known counts for the dashboard tests (all in the current month):

registered 12 (draft 1 not counted): Weleri (33.24.12) 9 = 6 verified + 2 submitted + 1 rejected,
all KBLI 10794 (section C), mikro; Plantungan (33.24.01) 3 verified, KBLI 47111 (G), kecil.
Funnel: published 6 (the Weleri verified), attended 5, certified 3, in a curation batch 5,
exported 5, leads 7 (5 BRI KUR Mikro of which 5 disbursed, 2 BPR BKK), financed 5.
Training: one packaging session, 10 seats, 6 confirmed, 5 attended, 3 certified.
Orders: 6 paid orders of 100,000 each from the 6 published sellers; 1 unpaid order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from catalog.models import Checkout, Order, OrderStatus, PaymentStatus
from financing.models import Lead, LeadStatus
from partners.models import BatchItem, ChannelListing, CurationBatch, ExportJob, ExportStatus
from registry.models import BusinessStatus
from tests.catalog.factories import ProductFactory
from tests.financing.factories import submit
from tests.partners.factories import channel
from tests.portal.factories import BusinessFactory
from tests.training.factories import RegistrationFactory, SessionFactory
from training.models import Attendance, Certificate, Topic


@dataclass
class Programme:
    weleri_verified: list
    plantungan: list
    others: list


def paid_order(business, subtotal: int = 100_000, *, paid: bool = True):
    n = Order.objects.count() + 1
    checkout = Checkout.objects.create(
        reference=f"CHK-T{n:05d}",
        contact_name="Budi",
        contact_phone="+6281200000001",
        contact_email="budi@example.id",
        total=subtotal,
        payment_status=PaymentStatus.PAID if paid else PaymentStatus.PENDING,
        paid_at=timezone.now() if paid else None,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return Order.objects.create(
        checkout=checkout,
        business=business,
        number=f"ORD-T{n:05d}",
        status=OrderStatus.NEW if paid else OrderStatus.AWAITING_PAYMENT,
        subtotal=subtotal,
    )


def build_programme() -> Programme:
    weleri = [BusinessFactory(kecamatan_id="33.24.12") for _ in range(6)]
    others = [
        BusinessFactory(
            kecamatan_id="33.24.12", status=BusinessStatus.SUBMITTED, verified_at=None, submitted_at=timezone.now()
        ),
        BusinessFactory(
            kecamatan_id="33.24.12", status=BusinessStatus.SUBMITTED, verified_at=None, submitted_at=timezone.now()
        ),
        BusinessFactory(
            kecamatan_id="33.24.12", status=BusinessStatus.REJECTED, verified_at=None, submitted_at=timezone.now()
        ),
        BusinessFactory(
            kecamatan_id="33.24.12", status=BusinessStatus.DRAFT, verified_at=None, registration_number=None
        ),
    ]
    plantungan = [
        BusinessFactory(kecamatan_id="33.24.01", desa_id="33.24.01.2001", size_class="kecil", kbli="47111")
        for _ in range(3)
    ]

    products = [ProductFactory(business=b) for b in weleri]
    for product in products:
        paid_order(product.business)
    paid_order(weleri[0], paid=False)

    session = SessionFactory(
        first_day=timezone.localdate(), last_day=timezone.localdate(), capacity=10, programme__topic=Topic.PACKAGING
    )
    registrations = [RegistrationFactory(session=session, business=b) for b in weleri]
    for registration in registrations[:5]:
        Attendance.objects.create(registration=registration, day=session.first_day)
    for registration in registrations[:3]:
        Certificate.objects.create(
            registration=registration,
            business=registration.business,
            participant_name="Sri",
            programme_title=session.programme.title,
            organiser=session.programme.organiser,
            first_day=session.first_day,
            last_day=session.last_day,
            days_attended=1,
        )

    gofood = channel("gofood")
    batch = CurationBatch.objects.create(channel=gofood, name="Menu")
    for product in products[:5]:
        listing = ChannelListing.objects.create(
            product=product, channel=gofood, is_opted_in=True, opted_in_at=timezone.now()
        )
        BatchItem.objects.create(batch=batch, listing=listing)
    ExportJob.objects.create(
        channel=gofood,
        batch=batch,
        file_format="csv",
        status=ExportStatus.DONE,
        row_count=5,
        finished_at=timezone.now(),
    )

    for business in weleri[:5]:
        submit(business, ["kur-mikro"], amount=20_000_000)
    for business in plantungan[:2]:
        submit(business, ["bkk-modal-kerja"], amount=30_000_000)
    Lead.objects.filter(lender__code="bri").update(status=LeadStatus.DISBURSED, disbursed_amount=15_000_000)
    return Programme(weleri, plantungan, others)
