"""Lenders, loan products with their eligibility rules (data staff edit in the Wagtail admin),
and the leads that carry a consented application to a bank."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import InlinePanel, MultiFieldPanel

from core.identifiers import validate_kbli_prefixes, validate_region_codes
from core.rupiah import RupiahField


class Purpose(models.TextChoices):
    MODAL_KERJA = "modal_kerja", _("Modal kerja")
    INVESTASI = "investasi", _("Investasi")


class LenderKind(models.TextChoices):
    BANK = "bank", _("Bank umum")
    BPR = "bpr", _("BPR")


def _codes(text: str) -> tuple[str, ...]:
    """Comma/space separated codes typed in the admin → a tuple without blanks."""
    return tuple(part.strip() for part in (text or "").replace("\n", ",").split(",") if part.strip())


def _validate_rules(instance, **validators) -> None:
    """Each rule field typed in the admin through its validator (ASCII digits: a code in
    Arabic-Indic digits would match no business), every error at once."""
    errors = {}
    for name, validate in validators.items():
        try:
            validate(getattr(instance, name))
        except ValidationError as exc:
            errors[name] = exc
    if errors:
        raise ValidationError(errors)


class Lender(models.Model):
    """A bank at the MPP. A blank region list means it lends everywhere (BRI); a BPR BKK
    lends only inside its own regency."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=8, choices=LenderKind.choices, default=LenderKind.BANK)
    region_codes = models.CharField(
        _("wilayah layanan"),
        max_length=400,
        blank=True,
        help_text=_("Kode wilayah Kemendagri dipisah koma, mis. 33.24; kosong = seluruh Indonesia."),
    )
    contact_email = models.EmailField(_("email pemberitahuan lead"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    panels = ["code", "name", "kind", "region_codes", "contact_email", "is_active"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("pemberi pinjaman")
        verbose_name_plural = _("pemberi pinjaman")

    def __str__(self) -> str:
        return self.name

    @property
    def region_prefixes(self) -> tuple[str, ...]:
        return _codes(self.region_codes)

    def clean(self):
        _validate_rules(self, region_codes=validate_region_codes)


class LenderBranch(models.Model):
    """A branch or unit that takes the leads of the kecamatan it covers."""

    lender = models.ForeignKey(
        Lender, on_delete=models.CASCADE, related_name="branches", verbose_name=_("pemberi pinjaman")
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=120)
    kecamatan = models.ManyToManyField(
        "registry.Region",
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan yang dilayani"),
        limit_choices_to={"level": "kecamatan"},
    )

    panels = ["lender", "code", "name", "kecamatan"]

    class Meta:
        ordering = ["lender__name", "name"]
        constraints = [models.UniqueConstraint(fields=["lender", "code"], name="branch_lender_code_unique")]
        verbose_name = _("cabang/unit")
        verbose_name_plural = _("cabang/unit")

    def __str__(self) -> str:
        return f"{self.lender.name} – {self.name}"


class LoanProduct(ClusterableModel):
    """One loan product and its rules. A purpose is offered when its maximum tenor is set."""

    lender = models.ForeignKey(
        Lender, on_delete=models.PROTECT, related_name="products", verbose_name=_("pemberi pinjaman")
    )
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama produk"), max_length=120)
    description = models.TextField(_("keterangan"), blank=True)
    is_kur = models.BooleanField(
        _("produk KUR"), default=False, help_text=_("KUR: tidak boleh ada kredit produktif komersial lain.")
    )
    min_amount = RupiahField(_("plafon minimum (Rp)"), default=0)
    max_amount = RupiahField(_("plafon maksimum (Rp)"))
    max_tenor_modal_kerja = models.PositiveSmallIntegerField(
        _("tenor maks. modal kerja (bulan)"),
        null=True,
        blank=True,
        help_text=_("Kosong = produk tidak melayani modal kerja."),
    )
    max_tenor_investasi = models.PositiveSmallIntegerField(
        _("tenor maks. investasi (bulan)"),
        null=True,
        blank=True,
        help_text=_("Kosong = produk tidak melayani investasi."),
    )
    min_business_age_months = models.PositiveSmallIntegerField(_("usia usaha minimal (bulan)"), default=0)
    kbli_include = models.TextField(
        _("KBLI yang dilayani"),
        blank=True,
        help_text=_("Awalan kode KBLI dipisah koma (mis. 01,02,03); kosong = semua sektor."),
    )
    kbli_exclude = models.TextField(
        _("KBLI yang dikecualikan"), blank=True, help_text=_("Awalan kode KBLI dipisah koma.")
    )
    region_codes = models.CharField(
        _("wilayah layanan produk"),
        max_length=400,
        blank=True,
        help_text=_("Kosong = mengikuti wilayah layanan pemberi pinjaman."),
    )
    collateral_free_up_to = RupiahField(_("tanpa agunan tambahan sampai (Rp)"), default=0)
    collateral_rule = models.CharField(_("ketentuan agunan"), max_length=255, blank=True)
    required_documents = models.TextField(
        _("dokumen yang diperlukan"), blank=True, help_text=_("Satu dokumen per baris.")
    )
    npwp_required_above = RupiahField(_("NPWP wajib di atas plafon (Rp)"), null=True, blank=True)
    ultra_micro_allowed_up_to = RupiahField(
        _("pinjaman ultra mikro yang masih diperbolehkan (Rp)"),
        default=20_000_000,
        help_text=_("Hanya untuk KUR: pinjaman UMi/ultra mikro sampai nilai ini tidak menghalangi."),
    )
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    panels = [
        MultiFieldPanel(
            ["lender", "code", "name", "description", "is_kur", "is_active", "sort_order"], heading=_("Produk")
        ),
        MultiFieldPanel(
            ["min_amount", "max_amount", "max_tenor_modal_kerja", "max_tenor_investasi", "min_business_age_months"],
            heading=_("Plafon, tenor, usia usaha"),
        ),
        MultiFieldPanel(["kbli_include", "kbli_exclude", "region_codes"], heading=_("Sektor dan wilayah")),
        MultiFieldPanel(
            [
                "collateral_free_up_to",
                "collateral_rule",
                "required_documents",
                "npwp_required_above",
                "ultra_micro_allowed_up_to",
            ],
            heading=_("Agunan dan dokumen"),
        ),
        InlinePanel("rates", heading=_("Suku bunga"), label=_("suku bunga")),
        InlinePanel("repeat_limits", heading=_("Batas akses berulang"), label=_("batas akses")),
    ]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("produk pinjaman")
        verbose_name_plural = _("produk pinjaman")

    def __str__(self) -> str:
        return f"{self.name} ({self.lender.name})"

    def clean(self):
        _validate_rules(
            self,
            region_codes=validate_region_codes,
            kbli_include=validate_kbli_prefixes,
            kbli_exclude=validate_kbli_prefixes,
        )


class LoanRate(models.Model):
    """An effective annual rate valid between two dates, optionally only for the n-th KUR loan
    (KUR Mikro: 6% first, 7/8/9% after). A flat rate announced for a year is one more row."""

    product = ParentalKey(LoanProduct, on_delete=models.CASCADE, related_name="rates")
    rate = models.DecimalField(_("bunga efektif per tahun (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    loan_number_from = models.PositiveSmallIntegerField(_("untuk pinjaman KUR ke- (dari)"), default=1)
    loan_number_to = models.PositiveSmallIntegerField(_("sampai pinjaman ke-"), null=True, blank=True)

    panels = ["rate", "valid_from", "valid_to", "loan_number_from", "loan_number_to"]

    class Meta:
        ordering = ["valid_from", "loan_number_from"]
        verbose_name = _("suku bunga")
        verbose_name_plural = _("suku bunga")


class RepeatAccessLimit(models.Model):
    """How many KUR loans a borrower may have had before: per sector (KBLI prefixes), with dates
    so that a lifted cap is ended by setting `valid_to` instead of a release."""

    product = ParentalKey(LoanProduct, on_delete=models.CASCADE, related_name="repeat_limits")
    kbli_prefixes = models.CharField(
        _("awalan KBLI"), max_length=200, blank=True, help_text=_("Kosong = sektor lainnya.")
    )
    sector_label = models.CharField(_("nama sektor"), max_length=120)
    max_loans = models.PositiveSmallIntegerField(_("maksimal berapa kali"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)

    panels = ["sector_label", "kbli_prefixes", "max_loans", "valid_from", "valid_to"]

    def clean(self):
        _validate_rules(self, kbli_prefixes=validate_kbli_prefixes)

    class Meta:
        ordering = ["-kbli_prefixes", "valid_from"]
        verbose_name = _("batas akses berulang")
        verbose_name_plural = _("batas akses berulang")


class BankOfficer(models.Model):
    """Links a user in the bank_officer group to the lender (and optionally branch) whose leads
    they work."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bank_officer", verbose_name=_("pengguna")
    )
    lender = models.ForeignKey(
        Lender, on_delete=models.CASCADE, related_name="officers", verbose_name=_("pemberi pinjaman")
    )
    branch = models.ForeignKey(
        LenderBranch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officers",
        verbose_name=_("cabang/unit"),
    )

    panels = ["user", "lender", "branch"]

    class Meta:
        verbose_name = _("petugas bank")
        verbose_name_plural = _("petugas bank")

    def __str__(self) -> str:
        return f"{self.user} – {self.branch or self.lender}"


class Application(models.Model):
    """What the owner asked for, kept as typed (the request behind every lead)."""

    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="financing_applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amount = RupiahField(_("plafon diajukan (Rp)"))
    purpose = models.CharField(_("tujuan"), max_length=16, choices=Purpose.choices)
    tenor_months = models.PositiveSmallIntegerField(_("tenor (bulan)"))
    current_loans = models.JSONField(_("pinjaman berjalan"), default=list, blank=True)
    previous_kur_count = models.PositiveSmallIntegerField(_("jumlah KUR sebelumnya"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pengajuan pembiayaan")
        verbose_name_plural = _("pengajuan pembiayaan")


class LeadStatus(models.TextChoices):
    NEW = "new", _("Baru")
    CONTACTED = "contacted", _("Sudah dihubungi")
    SURVEYED = "surveyed", _("Sudah disurvei")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    DISBURSED = "disbursed", _("Dicairkan")


# Leads still being worked: while one is open at a lender, the business cannot apply there again.
OPEN_LEAD_STATUSES = (LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.SURVEYED, LeadStatus.APPROVED)

# The bank pipeline; rejection is possible until the money is out.
LEAD_TRANSITIONS: dict[str, tuple[str, ...]] = {
    LeadStatus.NEW: (LeadStatus.CONTACTED, LeadStatus.REJECTED),
    LeadStatus.CONTACTED: (LeadStatus.SURVEYED, LeadStatus.REJECTED),
    LeadStatus.SURVEYED: (LeadStatus.APPROVED, LeadStatus.REJECTED),
    LeadStatus.APPROVED: (LeadStatus.DISBURSED, LeadStatus.REJECTED),
    LeadStatus.REJECTED: (),
    LeadStatus.DISBURSED: (),
}


class RejectionReason(models.TextChoices):
    NOT_FEASIBLE = "not_feasible", _("Usaha belum layak dibiayai")
    SLIK = "slik", _("Riwayat kredit (SLIK) bermasalah")
    OTHER_CREDIT = "other_credit", _("Masih memiliki kredit produktif lain")
    DOCUMENTS = "documents", _("Dokumen tidak lengkap")
    COLLATERAL = "collateral", _("Agunan tidak memadai")
    UNREACHABLE = "unreachable", _("Pemohon tidak dapat dihubungi")
    WITHDRAWN = "withdrawn", _("Pemohon membatalkan")
    OUT_OF_AREA = "out_of_area", _("Di luar wilayah layanan")


class Lead(models.Model):
    """One product the owner chose, routed to its lender (and branch by kecamatan)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="leads")
    business = models.ForeignKey("registry.Business", on_delete=models.CASCADE, related_name="financing_leads")
    product = models.ForeignKey(LoanProduct, on_delete=models.PROTECT, related_name="leads")
    lender = models.ForeignKey(Lender, on_delete=models.PROTECT, related_name="leads")
    branch = models.ForeignKey(LenderBranch, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads")
    consent = models.ForeignKey("registry.Consent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kecamatan = models.ForeignKey("registry.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = RupiahField(_("plafon (Rp)"))
    status = models.CharField(max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW, db_index=True)
    score = models.PositiveSmallIntegerField(default=0)
    rate = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    monthly_instalment = models.PositiveBigIntegerField(null=True, blank=True)
    match_reasons = models.JSONField(default=list, blank=True)
    rejection_reason = models.CharField(
        _("alasan penolakan"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    disbursed_amount = RupiahField(_("jumlah dicairkan (Rp)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lender", "status"]), models.Index(fields=["branch", "status"])]
        verbose_name = _("lead pembiayaan")
        verbose_name_plural = _("lead pembiayaan")

    def __str__(self) -> str:
        return f"#{self.pk} {self.product.name}"


class LeadEvent(models.Model):
    """The status history and notes of a lead (the officer's trail, shown to the owner as status)."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=LeadStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=LeadStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
