from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Business, Certification


class Category(models.Model):
    """A node of the product category tree that editors manage."""

    name = models.CharField(_("nama"), max_length=80)
    slug = models.SlugField(max_length=90, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_food = models.BooleanField(
        _("kategori pangan"), default=False,
        help_text=_("Produk pangan butuh P-IRT/BPOM dan halal untuk ritel modern."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self) -> str:
        return self.name


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    IN_REVIEW = "in_review", _("Menunggu moderasi")
    PUBLISHED = "published", _("Tayang")
    REJECTED = "rejected", _("Ditolak")
    ARCHIVED = "archived", _("Diarsipkan")


class Product(models.Model):
    """A product of a verified business. Prices are whole rupiah."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="products")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("kategori")
    )
    name = models.CharField(_("nama produk"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    price = models.PositiveBigIntegerField(_("harga (Rp)"))
    unit = models.CharField(_("satuan"), max_length=30, default="pcs")
    weight_grams = models.PositiveIntegerField(_("berat (gram)"), default=0)
    net_content = models.CharField(
        _("isi bersih/berat bersih pada label"), max_length=40, blank=True
    )
    stock = models.PositiveIntegerField(_("stok"), default=0)
    min_order = models.PositiveIntegerField(_("minimal pesan"), default=1)
    ean13 = models.CharField(_("barcode EAN-13"), max_length=13, blank=True)
    sku = models.CharField(_("SKU"), max_length=40, blank=True)
    halal_certification = models.ForeignKey(
        Certification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("sertifikat halal"),
    )
    pirt_certification = models.ForeignKey(
        Certification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("P-IRT"),
    )
    bpom_certification = models.ForeignKey(
        Certification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("BPOM"),
    )
    shelf_life_days = models.PositiveIntegerField(_("masa simpan (hari)"), null=True, blank=True)
    composition = models.TextField(_("komposisi"), blank=True)
    has_expiry_date_label = models.BooleanField(_("tanggal kedaluwarsa tercetak"), default=False)
    has_production_code_label = models.BooleanField(_("kode produksi tercetak"), default=False)
    has_standard_packaging = models.BooleanField(_("kemasan standar"), default=False)

    status = models.CharField(
        max_length=12, choices=ProductStatus.choices, default=ProductStatus.DRAFT, db_index=True
    )
    status_reason = models.TextField(_("alasan moderasi"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "category"]),
            models.Index(fields=["status", "price"]),
            models.Index(fields=["status", "-published_at"]),
        ]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == ProductStatus.PUBLISHED


class ProductImage(models.Model):
    """A product photo (a Wagtail image, EXIF stripped before it is stored)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    alt_text = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]
