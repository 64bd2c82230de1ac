"""Partner channels (retail chains, delivery apps), the per-product data they need that the
catalogue does not hold, curation batches and recorded exports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from core.rupiah import RupiahField
from registry.models import Business


class ChannelKind(models.TextChoices):
    RETAIL = "retail", _("Ritel modern")
    DELIVERY = "delivery", _("Aplikasi pesan-antar")


class Channel(models.Model):
    """A partner channel. Its column spec and validators live in partners/formats/<code>.py;
    field limits there are defaults that staff may override per channel in `limits`."""

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=80)
    kind = models.CharField(_("jenis"), max_length=10, choices=ChannelKind.choices)
    is_active = models.BooleanField(_("aktif"), default=True)
    limits = models.JSONField(
        _("batas kolom (mengganti bawaan format)"),
        default=dict,
        blank=True,
        help_text=_('Contoh: {"name_max": 150, "description_max": 200}. Kosongkan untuk bawaan.'),
    )
    api_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    api_token_rotated_at = models.DateTimeField(null=True, blank=True, editable=False)
    api_token_rotated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("kanal mitra")
        verbose_name_plural = _("kanal mitra")

    def __str__(self) -> str:
        return self.name

    @property
    def is_delivery(self) -> bool:
        return self.kind == ChannelKind.DELIVERY


class PartnerProfile(models.Model):
    """What delivery apps need about the outlet that the portal's Business does not hold."""

    business = models.OneToOneField(Business, on_delete=models.CASCADE, related_name="partner_profile")
    # {"0": ["08:00", "20:00"], ...}: ISO weekday - 1 (0 = Senin) → opening and closing time.
    operating_hours = models.JSONField(_("jam operasional"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil mitra usaha")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Tersedia")
    UNAVAILABLE = "unavailable", _("Habis")
    HIDDEN = "hidden", _("Disembunyikan")


class ChannelListing(models.Model):
    """A product's participation in one channel: the owner's opt-in and channel-only data
    (final price on the app, availability, variant/modifier groups)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="listings")
    is_opted_in = models.BooleanField(_("ikut kanal ini"), default=False)
    opted_in_at = models.DateTimeField(null=True, blank=True)
    opted_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    final_price = RupiahField(
        _("harga akhir di aplikasi (Rp)"),
        null=True,
        blank=True,
        help_text=_("Termasuk pajak dan biaya layanan. Kosongkan untuk memakai harga produk."),
    )
    availability = models.CharField(
        _("ketersediaan"), max_length=12, choices=Availability.choices, default=Availability.AVAILABLE
    )
    # [{"name": "Level pedas", "min": 1, "max": 1, "options": [{"name": "Sedang", "price": 0}]}]
    variant_groups = models.JSONField(_("grup varian"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="partners_listing_unique")]
        indexes = [models.Index(fields=["channel", "is_opted_in"])]
        verbose_name = _("listing kanal")
        verbose_name_plural = _("listing kanal")

    def __str__(self) -> str:
        return f"{self.product_id} @ {self.channel_id}"

    @property
    def price(self) -> int:
        return self.final_price if self.final_price is not None else self.product.price


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    LOCKED = "locked", _("Dikunci")


class CurationBatch(models.Model):
    """A curator's selection of ready, opted-in products for one channel. Locked batches are
    what the partner receives (export and feed)."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="batches")
    name = models.CharField(_("nama batch"), max_length=120)
    status = models.CharField(max_length=8, choices=BatchStatus.choices, default=BatchStatus.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("batch kurasi")
        verbose_name_plural = _("batch kurasi")

    def __str__(self) -> str:
        return f"{self.channel.name}: {self.name}"

    @property
    def is_locked(self) -> bool:
        return self.status == BatchStatus.LOCKED


class BatchItem(models.Model):
    batch = models.ForeignKey(CurationBatch, on_delete=models.CASCADE, related_name="items")
    listing = models.ForeignKey(ChannelListing, on_delete=models.CASCADE, related_name="batch_items")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["batch", "listing"], name="partners_batch_item_unique")]


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ExportJob(models.Model):
    """One export of a channel's listings: who asked, when, what, and the files it produced
    (kept so that every export can be downloaded again)."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="exports")
    batch = models.ForeignKey(CurationBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="exports")
    file_format = models.CharField(max_length=4, choices=ExportFormat.choices)
    include_images = models.BooleanField(default=True)
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default=ExportStatus.PENDING, db_index=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="partners/exports/%Y/%m/", blank=True)
    checksum = models.CharField(max_length=64, blank=True)  # sha256 of `file`
    image_pack = models.FileField(upload_to="partners/exports/%Y/%m/", blank=True)
    image_pack_checksum = models.CharField(max_length=64, blank=True)
    report = models.FileField(upload_to="partners/exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Touched by the worker while it makes progress; a running job whose heartbeat stops is
    # a dead worker (SIGKILL, OOM, power) and the beat sweeper marks it failed.
    heartbeat_at = models.DateTimeField(null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ekspor listing")
        verbose_name_plural = _("ekspor listing")

    def __str__(self) -> str:
        return f"{self.channel.name} {self.file_format} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return int(self.processed * 100 / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
