from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.rupiah import RupiahField
from registry.models import Business, Certification, Region


class Category(models.Model):
    """A node of the product category tree that editors manage."""

    name = models.CharField(_("nama"), max_length=80)
    slug = models.SlugField(max_length=90, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    is_food = models.BooleanField(
        _("kategori pangan"),
        default=False,
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
    price = RupiahField(_("harga (Rp)"))
    unit = models.CharField(_("satuan"), max_length=30, default="pcs")
    weight_grams = models.PositiveIntegerField(_("berat (gram)"), default=0)
    net_content = models.CharField(_("isi bersih/berat bersih pada label"), max_length=40, blank=True)
    stock = models.PositiveIntegerField(_("stok"), default=0)
    min_order = models.PositiveIntegerField(_("minimal pesan"), default=1)
    ean13 = models.CharField(_("barcode EAN-13"), max_length=13, blank=True)
    sku = models.CharField(_("SKU"), max_length=40, blank=True)
    halal_certification = models.ForeignKey(
        Certification,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sertifikat halal"),
    )
    pirt_certification = models.ForeignKey(
        Certification,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("P-IRT"),
    )
    bpom_certification = models.ForeignKey(
        Certification,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("BPOM"),
    )
    shelf_life_days = models.PositiveIntegerField(_("masa simpan (hari)"), null=True, blank=True)
    composition = models.TextField(_("komposisi"), blank=True)
    has_expiry_date_label = models.BooleanField(_("tanggal kedaluwarsa tercetak"), default=False)
    has_production_code_label = models.BooleanField(_("kode produksi tercetak"), default=False)
    has_standard_packaging = models.BooleanField(_("kemasan standar"), default=False)

    status = models.CharField(max_length=12, choices=ProductStatus.choices, default=ProductStatus.DRAFT, db_index=True)
    status_reason = models.TextField(_("alasan moderasi"), blank=True)
    is_featured = models.BooleanField(
        _("tampilkan di beranda"),
        default=False,
        help_text=_("Produk unggulan yang ditampilkan di halaman beranda."),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dimoderasi oleh"),
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "category"]),
            models.Index(fields=["status", "price"]),
            models.Index(fields=["status", "-published_at"]),
            # One index per sort and filter of the public catalogue (catalog.selectors), on
            # published rows only, in the exact ORDER BY so a page is an index walk + LIMIT.
            models.Index(
                fields=["-published_at", "-id"], condition=models.Q(status="published"), name="product_pub_newest"
            ),
            models.Index(fields=["price", "id"], condition=models.Q(status="published"), name="product_pub_price"),
            models.Index(
                fields=["-is_featured", "-published_at", "-id"],
                condition=models.Q(status="published"),
                name="product_pub_featured",
            ),
            models.Index(
                fields=["category", "-published_at", "-id"],
                condition=models.Q(status="published"),
                name="product_pub_category",
            ),
            models.Index(
                fields=["business", "-published_at", "-id"],
                condition=models.Q(status="published"),
                name="product_pub_business",
            ),
        ]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == ProductStatus.PUBLISHED


class ProductStatusChange(models.Model):
    """The moderation history of a product, shown to its owner and to staff."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=ProductStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ProductStatus.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ProductImage(models.Model):
    """A product photo (a Wagtail image, EXIF stripped before it is stored).

    Renditions are made by Celery after upload; until then pages show the (already
    downscaled, EXIF-free) original."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    alt_text = models.CharField(max_length=200, blank=True)
    renditions_ready = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]

    def url_for(self, spec: str) -> str:
        """The rendition URL if Celery has made it (from prefetched renditions), else the
        original: pages never generate renditions on a plain view."""
        if self.renditions_ready:
            for rendition in self.image.renditions.all():
                if rendition.filter_spec == spec:
                    return rendition.url
        return self.image.file.url

    @property
    def card_url(self) -> str:
        return self.url_for(CARD_SPEC)

    @property
    def large_url(self) -> str:
        return self.url_for(LARGE_SPEC)

    @property
    def thumb_url(self) -> str:
        return self.url_for(THUMB_SPEC)


class PhotoUploadStatus(models.TextChoices):
    PROCESSING = "processing", _("Sedang diproses")
    READY = "ready", _("Siap")
    REFUSED = "refused", _("Ditolak")


class PhotoUpload(models.Model):
    """A photo an owner sent, kept as sent (in private media) until the Celery worker decodes
    and re-encodes it into a ProductImage (catalog.tasks.process_photo_upload): the web request
    reads only its header. The row outlives the file and the photo: the pixels it declared
    count against the owner's hourly budget even after the photo or the product is removed."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="photo_uploads")
    file = models.FileField(upload_to="uploads/photos/%Y/%m/", blank=True)  # emptied once processed
    original_name = models.CharField(max_length=255)
    image_format = models.CharField(max_length=8)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    pixels = models.PositiveBigIntegerField()  # width × height as the header declared them
    alt_text = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=PhotoUploadStatus.choices, default=PhotoUploadStatus.PROCESSING)
    refusal_reason = models.CharField(max_length=300, blank=True)
    product_image = models.ForeignKey(ProductImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["owner", "created_at"], name="photoupload_owner_recent"),
            models.Index(fields=["status", "created_at"], name="photoupload_status_age"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def refusal_message(self) -> str:
        """The stored reason (written in Indonesian by the worker) in the reader's language when
        it is one of the fixed sentences."""
        return gettext(self.refusal_reason) if self.refusal_reason else ""


CARD_SPEC = "fill-480x480"
LARGE_SPEC = "max-1200x1200"
THUMB_SPEC = "fill-160x160"
RENDITION_SPECS = (CARD_SPEC, LARGE_SPEC, THUMB_SPEC)


# --- Cart and orders ---------------------------------------------------------------------------


class Cart(models.Model):
    """A buyer's cart: per user, or per session for anonymous buyers (merged at login)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="cart"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["cart", "product"], name="cart_item_unique_product")]

    @property
    def line_total(self) -> int:
        return self.product.price * self.quantity


class Fulfilment(models.TextChoices):
    DELIVERY = "delivery", _("Dikirim ke alamat")
    PICKUP_SELLER = "pickup_seller", _("Ambil di tempat penjual")
    PICKUP_GERAI = "pickup_gerai", _("Ambil di gerai MPP")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu pembayaran")
    PAID = "paid", _("Lunas")
    FAILED = "failed", _("Pembayaran gagal")
    EXPIRED = "expired", _("Kedaluwarsa")
    CANCELLED = "cancelled", _("Dibatalkan pembeli")
    REFUNDED = "refunded", _("Dikembalikan")


class Checkout(models.Model):
    """One payment (one Stripe PaymentIntent) covering the orders of one cart, one per seller.

    Stock is reserved (decremented) when the checkout is created and given back if the
    payment fails or expires or the buyer calls it off; `stock_released` guards against giving
    it back twice. `cart` and `client_address` say whose open checkout it is, for the limits on
    what one client may hold (catalog/holds.py)."""

    reference = models.CharField(max_length=20, unique=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkouts",
    )
    cart = models.ForeignKey(Cart, null=True, blank=True, on_delete=models.SET_NULL, related_name="checkouts")
    # A keyed digest of the anonymous buyer's address (catalog.holds.address_digest), not the address.
    client_address = models.CharField(max_length=32, blank=True)
    contact_name = models.CharField(_("nama pembeli"), max_length=150)
    contact_phone = models.CharField(_("nomor HP/WhatsApp"), max_length=16)
    contact_email = models.EmailField(_("email"))
    fulfilment = models.CharField(
        _("pengiriman"), max_length=16, choices=Fulfilment.choices, default=Fulfilment.DELIVERY
    )
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
    total = models.PositiveBigIntegerField(_("total (Rp)"))
    payment_status = models.CharField(
        max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING, db_index=True
    )
    payment_intent_id = models.CharField(max_length=64, blank=True, db_index=True)
    client_secret = models.CharField(max_length=128, blank=True)
    stock_released = models.BooleanField(default=False)
    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=255, blank=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        indexes = [
            models.Index(
                fields=["client_address"],
                condition=models.Q(payment_status="pending"),
                name="catalog_checkout_open_address",
            )
        ]
        constraints = [
            # A checkout that failed, expired or was called off holds no stock.
            models.CheckConstraint(
                condition=models.Q(stock_released=True) | models.Q(payment_status__in=["pending", "paid", "refunded"]),
                name="catalog_checkout_closed_holds_no_stock",
            ),
            # The address digest is kept for anonymous checkouts only.
            models.CheckConstraint(
                condition=models.Q(buyer__isnull=True) | models.Q(client_address=""),
                name="catalog_checkout_address_only_anonymous",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_paid(self) -> bool:
        return self.payment_status == PaymentStatus.PAID


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Menunggu pembayaran")
    NEW = "new", _("Baru")
    PROCESSING = "processing", _("Diproses")
    SHIPPED = "shipped", _("Dikirim")
    READY = "ready", _("Siap diambil")
    COMPLETED = "completed", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class Order(models.Model):
    """The part of a checkout sold by one business."""

    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="orders")
    business = models.ForeignKey(Business, on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(max_length=24, unique=True)
    status = models.CharField(
        max_length=16,
        choices=OrderStatus.choices,
        default=OrderStatus.AWAITING_PAYMENT,
        db_index=True,
    )
    subtotal = models.PositiveBigIntegerField(_("subtotal (Rp)"))
    status_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["business", "status"])]
        verbose_name = _("pesanan")
        verbose_name_plural = _("pesanan")

    def __str__(self) -> str:
        return self.number


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=150)
    unit = models.CharField(max_length=30)
    unit_price = models.PositiveBigIntegerField()
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="catalog_orderitem_quantity_positive")
        ]

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity


class PaymentEvent(models.Model):
    """Every verified Stripe webhook event, once: a redelivered event id is a no-op."""

    event_id = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=64)
    payment_intent_id = models.CharField(max_length=64, blank=True, db_index=True)
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-received_at"]


class ProductViewDay(models.Model):
    """How often a product page was seen on one day: one row per product and day, incremented
    with an F() update by the page's view beacon (catalog.services.product_view_record). The
    owner's chart on /akun/ reads it; no visitor is recorded."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "day"], name="catalog_product_view_day_unique")]
        verbose_name = _("kunjungan produk per hari")
        verbose_name_plural = _("kunjungan produk per hari")
