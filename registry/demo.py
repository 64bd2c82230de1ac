"""Demo businesses for the embedded default and for benchmarks: realistic, reproducible (seeded RNG)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.text import slugify

from core.crypto import digest
from core.demo import DEMO_PASSWORD, DemoContext
from portal import roles
from portal.models import User
from registry.models import (
    Business,
    BusinessStatus,
    BusinessStatusChange,
    Certification,
    CertificationKind,
    KbliCode,
    LegalForm,
    OwnerProfile,
)
from registry.reference_data import regions_load
from registry.selectors import desa_of, region_kecamatan
from registry.sizing import size_class_for

FIRST_NAMES = [
    "Siti",
    "Sri",
    "Dwi",
    "Tri",
    "Budi",
    "Agus",
    "Wahyu",
    "Eko",
    "Nur",
    "Rina",
    "Endang",
    "Slamet",
    "Yuni",
    "Joko",
    "Ani",
    "Heru",
    "Lestari",
    "Bambang",
    "Umi",
    "Fajar",
]
LAST_NAMES = [
    "Rahayu",
    "Wulandari",
    "Santoso",
    "Setiawan",
    "Hidayat",
    "Prasetyo",
    "Lestari",
    "Susanti",
    "Kurniawan",
    "Saputra",
    "Handayani",
    "Nugroho",
    "Maryani",
    "Pratama",
]
BUSY_KECAMATAN = {"Kendal", "Weleri", "Kaliwungu", "Boja"}
# (KBLI 2020 code, business-name stems)
SECTORS = [
    ("10794", ["Kripik Tempe", "Kerupuk Ikan", "Peyek Kacang", "Keripik Singkong"]),
    ("10710", ["Roti", "Bakpia", "Kue Kering"]),
    ("10750", ["Bandeng Presto", "Rendang", "Sambal"]),
    ("11040", ["Wedang Jahe", "Kopi", "Sirup Kawista"]),
    ("13134", ["Batik Tulis", "Batik Cap"]),
    ("16291", ["Anyaman Bambu", "Kerajinan Kayu"]),
    ("14111", ["Konveksi", "Busana Muslim"]),
    ("56101", ["Warung Makan", "Soto"]),
    ("01134", ["Kebun Sayur", "Cabai Segar"]),
    ("03221", ["Tambak Bandeng", "Lele Segar"]),
]


def fake_nik(rng: random.Random, kecamatan_code: str, serial: int) -> str:
    birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 35))
    day = birth.day + (40 if rng.random() < 0.5 else 0)
    return f"{kecamatan_code.replace('.', '')}{day:02d}{birth:%m%y}{serial % 9999 + 1:04d}"


@transaction.atomic
def seed_businesses(ctx: DemoContext, count: int) -> list[Business]:
    kecamatan = list(region_kecamatan())
    if not kecamatan:
        raise RuntimeError("Load the regions first: manage.py load_regions")
    desa_by_kec = {kec.code: list(desa_of(kec.code)) for kec in kecamatan}
    busy = [kec for kec in kecamatan if kec.name.title() in BUSY_KECAMATAN]
    kbli = {k.code: k for k in KbliCode.objects.filter(version="2020", code__in=[s[0] for s in SECTORS])}
    owner_group = Group.objects.get(name=roles.OWNER)
    rng = ctx.rng
    start = Business.objects.count()
    last_pk = Business.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    users, profiles, businesses = [], [], []
    statuses = [BusinessStatus.VERIFIED] * 8 + [
        BusinessStatus.SUBMITTED,
        BusinessStatus.NEEDS_CHANGES,
        BusinessStatus.DRAFT,
        BusinessStatus.REJECTED,
    ]
    password = User(username="x")
    password.set_password(DEMO_PASSWORD)
    now = timezone.now()
    for i in range(count):
        n = start + i + 1
        # Half the businesses in the four busiest kecamatan (towns along the Pantura road), half
        # spread over all, so the kecamatan chart shows a shape rather than only "<5".
        kec = busy[(i // 2) % len(busy)] if i % 2 and busy else kecamatan[i % len(kecamatan)]
        desa = rng.choice(desa_by_kec[kec.code]) if desa_by_kec[kec.code] else None
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        code, stems = SECTORS[i % len(SECTORS)]
        name = f"{rng.choice(stems)} {first} {desa.name if desa else kec.name}"
        users.append(
            User(
                username=f"pemilik{n}",
                first_name=first,
                last_name=last,
                email=f"pemilik{n}@demo.etalase-mpp.id",
                password=password.password,
            )
        )
        capital = rng.choice([15, 40, 75, 150, 300, 800, 1500]) * 1_000_000
        status = statuses[i % len(statuses)] if n > 1 else BusinessStatus.VERIFIED
        businesses.append(
            Business(
                name=name,
                slug=f"{slugify(name)[:150]}-{n}",
                legal_form=LegalForm.PERORANGAN,
                nib=f"{912000000000 + n:013d}" if rng.random() < 0.8 else "",
                primary_kbli=kbli.get(code),
                started_on=date(2026, 11, 1) - timedelta(days=rng.randrange(120, 4000)),
                capital=capital,
                annual_sales=capital * rng.choice([1, 2, 3]),
                size_class=size_class_for(capital=capital, annual_sales=0),
                employees=rng.randrange(1, 12),
                kecamatan=kec,
                desa=desa,
                address=f"RT {rng.randrange(1, 9):02d}/RW {rng.randrange(1, 6):02d}, {desa.name if desa else kec.name}",
                description=f"{rng.choice(stems)} rumahan dari {kec.name}, Kendal.",
                status=status,
                registration_number=f"MPP-{kec.code[:5].replace('.', '')}-{n:06d}",
                # Waiting registrations have waited a few hours to a few days, as at a real counter.
                submitted_at=now - timedelta(hours=rng.randrange(2, 120)) if status != BusinessStatus.DRAFT else None,
                verified_at=now - timedelta(days=rng.randrange(0, 300)) if status == BusinessStatus.VERIFIED else None,
            )
        )
    User.objects.bulk_create(users, batch_size=2000)
    users = list(User.objects.filter(username__in=[u.username for u in users]).order_by("pk"))
    owner_group.user_set.add(*users)
    for user, business, i in zip(users, businesses, range(count)):
        business.owner = user
        nik = fake_nik(rng, business.kecamatan_id, start + i)
        profiles.append(
            OwnerProfile(
                user=user,
                full_name=user.get_full_name(),
                nik=nik,
                nik_digest=digest(nik),
                phone=f"+62812{rng.randrange(10_000_000, 99_999_999)}",
                email=user.email,
                allows_whatsapp_contact=rng.random() < 0.7,
            )
        )
    # bulk_create skips save(): the digest is set above; the field encrypts in get_prep_value.
    OwnerProfile.objects.bulk_create(profiles, batch_size=2000)
    Business.objects.bulk_create(businesses, batch_size=2000)
    created = list(Business.objects.filter(pk__gt=last_pk).select_related("primary_kbli").order_by("pk"))
    through = Business.kbli_codes.through
    through.objects.bulk_create(
        [through(business_id=b.pk, kblicode_id=b.primary_kbli_id) for b in created if b.primary_kbli_id],
        batch_size=5000,
    )
    # Later seeders check programme eligibility against every business's KBLI codes.
    prefetch_related_objects(created, "kbli_codes")
    changes, certs = [], []
    for b in created:
        if b.status != BusinessStatus.DRAFT:
            changes.append(
                BusinessStatusChange(business=b, from_status=BusinessStatus.DRAFT, to_status=BusinessStatus.SUBMITTED)
            )
        if b.status in (BusinessStatus.VERIFIED, BusinessStatus.REJECTED, BusinessStatus.NEEDS_CHANGES):
            changes.append(
                BusinessStatusChange(
                    business=b,
                    from_status=BusinessStatus.SUBMITTED,
                    to_status=b.status,
                    actor=ctx.staff.get("counter"),
                    reason="" if b.status == BusinessStatus.VERIFIED else "Dokumen NIB belum terbaca.",
                )
            )
        if b.primary_kbli and b.primary_kbli.code.startswith(("10", "11")):
            expiry = date(2026, 11, 1) + timedelta(days=rng.randrange(-60, 1500))
            if rng.random() < 0.6:
                certs.append(
                    Certification(
                        business=b,
                        kind=CertificationKind.HALAL,
                        number=f"ID3324{rng.randrange(10**9, 10**10)}",
                        expires_on=expiry,
                        is_verified=True,
                    )
                )
            if rng.random() < 0.7:
                certs.append(
                    Certification(
                        business=b,
                        kind=CertificationKind.PIRT,
                        number=f"2{rng.randrange(10**13, 10**14)}",
                        expires_on=expiry,
                        is_verified=True,
                    )
                )
    BusinessStatusChange.objects.bulk_create(changes, batch_size=5000)
    Certification.objects.bulk_create(certs, batch_size=5000)
    ctx.businesses.extend(created)
    return created


def seed(ctx: DemoContext) -> None:
    if not region_kecamatan().exists():
        regions_load()
    seed_businesses(ctx, ctx.options.get("businesses", 60))
