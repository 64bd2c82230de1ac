from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.rupiah import RupiahField

from .reference import KbliCode, Region


class BusinessStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    NEEDS_CHANGES = "needs_changes", _("Perlu perbaikan")
    REJECTED = "rejected", _("Ditolak")


class LegalForm(models.TextChoices):
    PERORANGAN = "perorangan", _("Usaha perorangan")
    UD = "ud", _("UD (Usaha Dagang)")
    CV = "cv", _("CV")
    PT = "pt", _("PT")
    PT_PERORANGAN = "pt_perorangan", _("PT Perorangan")
    KOPERASI = "koperasi", _("Koperasi")
    FIRMA = "firma", _("Firma")


class SizeClass(models.TextChoices):
    MIKRO = "mikro", _("Mikro")
    KECIL = "kecil", _("Kecil")
    MENENGAH = "menengah", _("Menengah")
    BESAR = "besar", _("Besar (bukan UMKM)")


class RegistrationChannel(models.TextChoices):
    ONLINE = "online", _("Daring (mandiri)")
    COUNTER = "counter", _("Loket MPP (dibantu petugas)")


class Business(models.Model):
    """A UMKM registered at the MPP. Publicly visible only once verified."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="businesses")
    name = models.CharField(_("nama usaha"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    legal_form = models.CharField(
        _("bentuk usaha"), max_length=20, choices=LegalForm.choices, default=LegalForm.PERORANGAN
    )
    nib = models.CharField(_("NIB"), max_length=13, blank=True)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True)
    kbli_codes = models.ManyToManyField(KbliCode, blank=True, related_name="businesses")
    primary_kbli = models.ForeignKey(
        KbliCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("KBLI utama"),
    )
    started_on = models.DateField(_("mulai usaha"), null=True, blank=True)
    capital = RupiahField(_("modal usaha (Rp, di luar tanah dan bangunan)"), default=0)
    annual_sales = RupiahField(_("omzet tahunan (Rp)"), default=0)
    size_class = models.CharField(
        _("skala usaha"),
        max_length=10,
        choices=SizeClass.choices,
        default=SizeClass.MIKRO,
        db_index=True,
    )
    employees = models.PositiveIntegerField(_("jumlah tenaga kerja"), default=1)
    kecamatan = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    desa = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    description = models.TextField(_("deskripsi usaha"), blank=True)

    status = models.CharField(
        max_length=16, choices=BusinessStatus.choices, default=BusinessStatus.DRAFT, db_index=True
    )
    status_reason = models.TextField(_("alasan status"), blank=True)
    registration_number = models.CharField(max_length=32, unique=True, null=True, blank=True)
    channel = models.CharField(max_length=10, choices=RegistrationChannel.choices, default=RegistrationChannel.ONLINE)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assisted_registrations",
    )
    registration_step = models.PositiveSmallIntegerField(
        default=1, help_text=_("langkah formulir pendaftaran terakhir yang diisi (untuk melanjutkan draf)")
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    # Set when the personal data in this registration was anonymised (owner's deletion request
    # or the retention rule for rejected registrations); the business record itself is kept.
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "portal_business"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["nib"], condition=~models.Q(nib=""), name="business_nib_unique"),
            # One owner (one NIK) cannot register the same business name twice; drafts have no name yet.
            models.UniqueConstraint(
                Lower("name"), "owner", condition=~models.Q(name=""), name="business_owner_name_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kecamatan"]),
            # The home page's "recently verified" list: an index scan instead of a sort.
            models.Index(
                fields=["-verified_at", "id"], condition=models.Q(status="verified"), name="business_verified_recent"
            ),
        ]
        verbose_name = _("usaha")
        verbose_name_plural = _("usaha")

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == BusinessStatus.VERIFIED

    @property
    def has_nib(self) -> bool:
        return bool(self.nib)


class BusinessStatusChange(models.Model):
    """The status history of a registration, shown to owner and staff."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=BusinessStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=BusinessStatus.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "portal_businessstatuschange"
        ordering = ["at", "pk"]


class CertificationKind(models.TextChoices):
    HALAL = "halal", _("Sertifikat Halal")
    PIRT = "pirt", _("P-IRT")
    BPOM = "bpom", _("BPOM")
    SNI = "sni", _("SNI")


class Certification(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("jenis"), max_length=8, choices=CertificationKind.choices)
    number = models.CharField(_("nomor"), max_length=40)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    scan = models.FileField(_("pindaian dokumen"), upload_to="certifications/%Y/%m/", blank=True)
    is_verified = models.BooleanField(_("sudah diperiksa petugas"), default=False)

    class Meta:
        db_table = "portal_certification"
        ordering = ["kind", "number"]
        verbose_name = _("sertifikasi")
        verbose_name_plural = _("sertifikasi")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Consent(models.Model):
    """An explicit consent per purpose (UU 27/2022), with the exact text version agreed to."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    business = models.ForeignKey(Business, null=True, blank=True, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=64, db_index=True)
    recipient = models.CharField(max_length=64, blank=True, help_text=_("mis. kode bank untuk berbagi data ke bank"))
    text_version = models.CharField(max_length=32)
    text = models.TextField()
    granted_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("petugas loket yang mencatat persetujuan pemilik"),
    )

    class Meta:
        db_table = "portal_consent"
        ordering = ["-granted_at"]
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
