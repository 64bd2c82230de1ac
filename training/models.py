"""Training: programmes run by an organiser (Disperinkop UKM, DPMPTSP), their sessions, sign-ups
with a waitlist, per-day attendance, certificates and feedback."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.identifiers import is_ascii_digits
from core.rupiah import RupiahField
from registry.models import Business, SizeClass

# Unambiguous characters for codes people may type at the door (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int = 10) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_registration_code() -> str:
    return new_code(8)


def new_certificate_code() -> str:
    # 14 characters of a 31-symbol alphabet ≈ 69 bits: not guessable, still short enough to type.
    return new_code(14)


class Organiser(models.TextChoices):
    DISPERINKOP = "disperinkop", _("Disperinkop UKM")
    DPMPTSP = "dpmptsp", _("DPMPTSP")


class Topic(models.TextChoices):
    PACKAGING = "packaging", _("Kemasan dan label")
    DIGITAL_MARKETING = "digital_marketing", _("Pemasaran digital")
    HALAL = "halal", _("Fasilitasi sertifikasi halal")
    PIRT = "pirt", _("P-IRT dan keamanan pangan")
    BOOKKEEPING = "bookkeeping", _("Pembukuan dan keuangan")
    HKI = "hki", _("Hak kekayaan intelektual (HKI)")
    LICENSING = "licensing", _("Perizinan berusaha (NIB/OSS)")
    PRODUCTION = "production", _("Produksi dan pengolahan")
    OTHER = "other", _("Lainnya")


class TrainingOfficer(models.Model):
    """Links a training officer's login to the organiser whose programmes they manage."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_officer")
    organiser = models.CharField(_("penyelenggara"), max_length=16, choices=Organiser.choices)

    class Meta:
        verbose_name = _("petugas pelatihan")
        verbose_name_plural = _("petugas pelatihan")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_organiser_display()}"


def _split_codes(value: str) -> list[str]:
    return [part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip()]


class Programme(models.Model):
    """A training programme. Eligibility rules are data that officers edit in the admin."""

    organiser = models.CharField(_("penyelenggara"), max_length=16, choices=Organiser.choices, db_index=True)
    topic = models.CharField(_("topik"), max_length=24, choices=Topic.choices, db_index=True)
    title = models.CharField(_("judul"), max_length=150)
    description = models.TextField(_("deskripsi"), blank=True)
    cost = RupiahField(_("biaya (Rp, 0 = gratis)"), default=0)
    requires_nib = models.BooleanField(_("wajib punya NIB"), default=False)
    requires_verified_business = models.BooleanField(_("usaha harus terverifikasi"), default=True)
    size_classes = models.CharField(
        _("skala usaha yang boleh ikut"),
        max_length=60,
        blank=True,
        help_text=_("Kosong = semua. Pisahkan dengan koma: mikro, kecil, menengah."),
    )
    kbli_prefixes = models.CharField(
        _("sektor (awalan KBLI)"),
        max_length=120,
        blank=True,
        help_text=_("Kosong = semua sektor. Mis. 10, 11 untuk industri makanan dan minuman."),
    )
    max_annual_sales = RupiahField(
        _("omzet tahunan maksimum (Rp)"),
        null=True,
        blank=True,
        help_text=_("Mis. 500.000.000 untuk SEHATI (halal gratis)."),
    )
    max_capital = RupiahField(_("modal maksimum (Rp)"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.cost == 0

    @property
    def size_class_list(self) -> list[str]:
        return [code.lower() for code in _split_codes(self.size_classes)]

    @property
    def kbli_prefix_list(self) -> list[str]:
        return _split_codes(self.kbli_prefixes)

    def clean(self):
        unknown = set(self.size_class_list) - set(SizeClass.values)
        if unknown:
            raise ValidationError(
                {"size_classes": _("Skala usaha tidak dikenal: %(codes)s") % {"codes": ", ".join(sorted(unknown))}}
            )
        if any(not is_ascii_digits(prefix) or len(prefix) > 5 for prefix in self.kbli_prefix_list):
            raise ValidationError({"kbli_prefixes": _("Awalan KBLI berupa 1–5 digit angka.")})


class Venue(models.TextChoices):
    MPP_HALL = "mpp_hall", _("Aula MPP Kendal")
    PLUT = "plut", _("PLUT Kendal")
    OTHER = "other", _("Lokasi lain")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Terjadwal")
    CANCELLED = "cancelled", _("Dibatalkan")


class Session(models.Model):
    """One run of a programme at a venue over one or more consecutive days."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("program")
    )
    venue = models.CharField(_("tempat"), max_length=16, choices=Venue.choices, default=Venue.MPP_HALL)
    venue_detail = models.CharField(_("detail tempat/alamat"), max_length=200, blank=True)
    first_day = models.DateField(_("hari pertama"), db_index=True)
    last_day = models.DateField(_("hari terakhir"))
    daily_start = models.TimeField(_("jam mulai"), default="08:30")
    daily_end = models.TimeField(_("jam selesai"), default="15:00")
    capacity = models.PositiveIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])
    signup_opens_at = models.DateTimeField(_("pendaftaran dibuka"))
    signup_closes_at = models.DateTimeField(_("pendaftaran ditutup"))
    min_days_for_certificate = models.PositiveSmallIntegerField(
        _("minimal hari hadir untuk sertifikat"),
        null=True,
        blank=True,
        help_text=_("Kosong = harus hadir semua hari."),
    )
    offer_window_hours = models.PositiveSmallIntegerField(
        _("batas konfirmasi kursi dari daftar tunggu (jam)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )
    status = models.CharField(
        max_length=12, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["first_day", "daily_start", "pk"]
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = _("sesi pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="training_session_days_ordered"
            ),
            models.CheckConstraint(
                condition=Q(signup_closes_at__gt=models.F("signup_opens_at")),
                name="training_session_signup_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.title} · {self.first_day:%d-%m-%Y}"

    def clean(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("Hari terakhir tidak boleh sebelum hari pertama.")})
        if self.daily_start and self.daily_end and self.daily_end <= self.daily_start:
            raise ValidationError({"daily_end": _("Jam selesai harus setelah jam mulai.")})
        if self.signup_opens_at and self.signup_closes_at and self.signup_closes_at <= self.signup_opens_at:
            raise ValidationError({"signup_closes_at": _("Penutupan pendaftaran harus setelah pembukaan.")})
        if self.min_days_for_certificate and self.first_day and self.last_day:
            if self.min_days_for_certificate > len(self.days):
                raise ValidationError({"min_days_for_certificate": _("Melebihi jumlah hari sesi.")})

    @property
    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=i) for i in range(count)]

    @property
    def required_days(self) -> int:
        return self.min_days_for_certificate or len(self.days)

    @property
    def is_multi_day(self) -> bool:
        return self.last_day > self.first_day

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first_day, self.daily_start))

    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.last_day, self.daily_end))

    def is_signup_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (not self.is_cancelled) and self.signup_opens_at <= now < self.signup_closes_at

    @property
    def venue_label(self) -> str:
        label = self.get_venue_display()
        return f"{label}, {self.venue_detail}" if self.venue_detail else label


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Terdaftar")
    WAITLISTED = "waitlisted", _("Daftar tunggu")
    OFFERED = "offered", _("Kursi ditawarkan, menunggu konfirmasi")
    CANCELLED = "cancelled", _("Dibatalkan")
    EXPIRED = "expired", _("Tawaran kedaluwarsa")


# A registration in these states holds (or waits for) the business's one place in the session.
ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED)
# These hold a seat: an offered seat is kept for the promoted business until the offer lapses.
SEAT_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)


class Registration(models.Model):
    """A business's sign-up for a session: confirmed, on the waitlist or offered a freed seat."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="training_registrations")
    code = models.CharField(max_length=12, unique=True, default=new_registration_code, editable=False)
    participant_name = models.CharField(_("nama peserta"), max_length=150)
    participant_phone = models.CharField(_("nomor WhatsApp peserta"), max_length=16, blank=True)
    participant_email = models.EmailField(_("email peserta"), blank=True)
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices, db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pendaftaran pelatihan")
        verbose_name_plural = _("pendaftaran pelatihan")
        constraints = [
            # One seat (or waitlist place) per business per session; a cancelled one may sign up again.
            models.UniqueConstraint(
                fields=["session", "business"],
                condition=Q(status__in=["confirmed", "waitlisted", "offered"]),
                name="training_one_active_registration_per_business",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "waitlisted_at"])]

    def __str__(self) -> str:
        return f"{self.business} · {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_STATUSES


class Attendance(models.Model):
    """Presence of a participant on one day of a session, recorded at the door."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    day = models.DateField()
    checked_in_at = models.DateTimeField(default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day", "checked_in_at"]
        constraints = [models.UniqueConstraint(fields=["registration", "day"], name="training_attendance_once_per_day")]


class Certificate(models.Model):
    """Issued to a participant who met the attendance rule; verifiable by its code."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="certificate")
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="training_certificates")
    code = models.CharField(max_length=20, unique=True, default=new_certificate_code, editable=False)
    participant_name = models.CharField(max_length=150)
    programme_title = models.CharField(max_length=150)
    organiser = models.CharField(max_length=16, choices=Organiser.choices)
    first_day = models.DateField()
    last_day = models.DateField()
    days_attended = models.PositiveSmallIntegerField()
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("sertifikat pelatihan")
        verbose_name_plural = _("sertifikat pelatihan")

    def __str__(self) -> str:
        return f"{self.code} · {self.participant_name}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class Feedback(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("penilaian"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("komentar"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
