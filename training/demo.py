"""Demo data: the programmes Disperinkop UKM and DPMPTSP typically run at the MPP hall and PLUT
Kendal, sessions (one full with a waitlist, one multi-day, one past with certificates), sign-ups
and the officer link for the demo training officer."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from registry.models import BusinessStatus

from .eligibility import ineligibility_reasons
from .models import (
    Attendance,
    Certificate,
    Feedback,
    Organiser,
    Programme,
    Registration,
    RegistrationStatus,
    Session,
    Topic,
    TrainingOfficer,
    Venue,
)

PROGRAMMES = [
    dict(
        key="packaging",
        organiser=Organiser.DISPERINKOP,
        topic=Topic.PACKAGING,
        title="Desain Kemasan dan Label Produk Pangan",
        description="Memilih bahan kemasan, menyusun label (komposisi, berat bersih, kode produksi, tanggal "
        "kedaluwarsa) dan foto produk yang siap untuk ritel modern.",
        requires_nib=False,
    ),
    dict(
        key="digital",
        organiser=Organiser.DPMPTSP,
        topic=Topic.DIGITAL_MARKETING,
        title="Pemasaran Digital: Marketplace dan Layanan Pesan Antar",
        description="Membuka toko di marketplace, GoFood dan GrabFood, foto menu, harga dan promosi.",
        requires_nib=False,
    ),
    dict(
        key="halal",
        organiser=Organiser.DISPERINKOP,
        topic=Topic.HALAL,
        title="Fasilitasi Sertifikasi Halal Gratis (SEHATI, self-declare)",
        description="Pendampingan pengajuan sertifikat halal self-declare BPJPH bersama pendamping PPH. "
        "Syarat SEHATI: punya NIB, omzet maksimal Rp500 juta, modal maksimal Rp2 miliar.",
        requires_nib=True,
        kbli_prefixes="10, 11",
        max_annual_sales=500_000_000,
        max_capital=2_000_000_000,
    ),
    dict(
        key="pirt",
        organiser=Organiser.DISPERINKOP,
        topic=Topic.PIRT,
        title="Penyuluhan Keamanan Pangan (PKP) untuk SPP-IRT",
        description="Penyuluhan keamanan pangan sebagai syarat Sertifikat Produksi Pangan Industri Rumah Tangga.",
        requires_nib=True,
        kbli_prefixes="10, 11",
    ),
    dict(
        key="bookkeeping",
        organiser=Organiser.DISPERINKOP,
        topic=Topic.BOOKKEEPING,
        title="Pembukuan Sederhana dan Laporan Keuangan UMKM",
        description="Mencatat kas, memisahkan uang usaha dan pribadi, laporan laba rugi untuk pengajuan KUR.",
        requires_nib=False,
        size_classes="mikro, kecil",
    ),
    dict(
        key="hki",
        organiser=Organiser.DPMPTSP,
        topic=Topic.HKI,
        title="Pendaftaran Merek dan Hak Kekayaan Intelektual (HKI)",
        description="Mengapa merek perlu didaftarkan, penelusuran merek, dan pengajuan ke DJKI.",
        requires_nib=True,
        cost=0,
    ),
    dict(
        key="licensing",
        organiser=Organiser.DPMPTSP,
        topic=Topic.LICENSING,
        title="Klinik Perizinan: NIB lewat OSS-RBA",
        description="Membuat akun OSS, memilih KBLI yang tepat dan menerbitkan NIB di loket MPP.",
        requires_nib=False,
        requires_verified_business=False,
    ),
]

# (programme key, venue, days from today, number of days, capacity, demo sign-ups)
SESSIONS = [
    ("halal", Venue.MPP_HALL, 9, 2, 40, 25),
    ("packaging", Venue.PLUT, 6, 1, 8, 11),  # full: three on the waitlist
    ("digital", Venue.MPP_HALL, 14, 1, 60, 18),
    ("pirt", Venue.PLUT, 21, 1, 30, 12),
    ("bookkeeping", Venue.MPP_HALL, 28, 3, 25, 8),
    ("hki", Venue.MPP_HALL, 35, 1, 50, 5),
    ("licensing", Venue.MPP_HALL, 3, 1, 25, 6),
    ("packaging", Venue.MPP_HALL, -20, 2, 25, 14),  # past: attendance, certificates, feedback
]
COMMENTS = [
    "Materinya langsung bisa dipraktikkan.",
    "Narasumber jelas, waktu praktik kurang.",
    "Sangat membantu untuk persiapan masuk minimarket.",
    "Mohon diadakan lagi di PLUT.",
    "",
]


def _aware(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# Days no training is held on (fixed national holidays; moving ones like Idul Fitri are left out).
HOLIDAYS = {(1, 1), (5, 1), (6, 1), (8, 17), (12, 25)}


def working_start(day, days: int):
    """The first day from `day` on when a `days`-day session falls on working days only (no
    weekend, no New Year's Day), as the PLUT and the MPP hall schedule them."""

    def free(first) -> bool:
        return all(
            (first + timedelta(days=d)).weekday() < 5
            and ((first + timedelta(days=d)).month, (first + timedelta(days=d)).day) not in HOLIDAYS
            for d in range(days)
        )

    while not free(day):
        day += timedelta(days=1)
    return day


@transaction.atomic
def seed(ctx) -> None:
    rng = ctx.rng
    officer_user = ctx.staff.get("training")
    if officer_user is not None:
        TrainingOfficer.objects.get_or_create(user=officer_user, defaults={"organiser": Organiser.DISPERINKOP})
    programmes = {}
    for spec in PROGRAMMES:
        spec = dict(spec)
        key = spec.pop("key")
        programmes[key], _ = Programme.objects.get_or_create(title=spec.pop("title"), defaults=spec)
    verified = [b for b in ctx.businesses if b.status == BusinessStatus.VERIFIED]
    today = timezone.localdate()
    now = timezone.now()
    for key, venue, offset, days, capacity, signups in SESSIONS:
        first = working_start(today + timedelta(days=offset), days)
        session, created = Session.objects.get_or_create(
            programme=programmes[key],
            first_day=first,
            defaults=dict(
                venue=venue,
                venue_detail="Jl. Soekarno-Hatta, Kendal" if venue == Venue.MPP_HALL else "PLUT-KUMKM Kabupaten Kendal",
                last_day=first + timedelta(days=days - 1),
                daily_start=time(8, 30),
                daily_end=time(15, 0),
                capacity=capacity,
                signup_opens_at=_aware(first - timedelta(days=30), 8),
                signup_closes_at=_aware(first - timedelta(days=1), 15),
                min_days_for_certificate=days - 1 if days > 2 else None,
            ),
        )
        if not created:
            continue
        eligible = [b for b in verified if not ineligibility_reasons(session.programme, b)]
        chosen = rng.sample(eligible, min(signups, len(eligible)))
        past = offset < 0
        for i, business in enumerate(chosen):
            profile = getattr(business.owner, "owner_profile", None)
            seated = i < capacity
            at = min(now, session.signup_opens_at + timedelta(hours=2 + i))
            registration = Registration.objects.create(
                session=session,
                business=business,
                registered_by=business.owner,
                participant_name=profile.full_name if profile else business.owner.get_full_name(),
                participant_phone=profile.phone if profile else "",
                participant_email=business.owner.email,
                status=RegistrationStatus.CONFIRMED if seated else RegistrationStatus.WAITLISTED,
                confirmed_at=at if seated else None,
                waitlisted_at=None if seated else at,
            )
            if not (past and seated):
                continue
            attended = [d for d in session.days if rng.random() < 0.85]
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        registration=registration,
                        day=d,
                        checked_in_by=officer_user,
                        checked_in_at=_aware(d, 8, rng.randrange(0, 45)),
                    )
                    for d in attended
                ]
            )
            if len(attended) >= session.required_days:
                Certificate.objects.create(
                    registration=registration,
                    business=business,
                    participant_name=registration.participant_name,
                    programme_title=session.programme.title,
                    organiser=session.programme.organiser,
                    first_day=session.first_day,
                    last_day=session.last_day,
                    days_attended=len(attended),
                    issued_by=officer_user,
                    issued_at=_aware(session.last_day, 16),
                )
                if rng.random() < 0.7:
                    Feedback.objects.create(
                        registration=registration, rating=rng.choice([3, 4, 4, 5, 5]), comment=rng.choice(COMMENTS)
                    )
