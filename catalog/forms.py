from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from catalog.exceptions import ImageRejected
from catalog.images import MAX_IMAGES_PER_PRODUCT, photo_budget_check, photo_inspect, photos_held
from catalog.models import Fulfilment, Product
from catalog.selectors import category_choices
from core.identifiers import normalize_phone, validate_ean13
from registry.models import BusinessStatus, Certification, CertificationKind, Region, RegionLevel
from registry.selectors import region_kecamatan

PRODUCT_FIELDS = [
    "category",
    "name",
    "description",
    "price",
    "unit",
    "weight_grams",
    "net_content",
    "stock",
    "min_order",
    "ean13",
    "sku",
    "halal_certification",
    "pirt_certification",
    "bpom_certification",
    "shelf_life_days",
    "composition",
    "has_expiry_date_label",
    "has_production_code_label",
    "has_standard_packaging",
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class ProductForm(forms.ModelForm):
    business = forms.ModelChoiceField(queryset=None, label=_("Usaha"), required=True)
    photos = MultiplePhotoField(
        label=_("Foto produk"),
        required=False,
        help_text=_("JPEG, PNG, atau WebP; maksimal 8 foto, 10 MB per foto. Lokasi (EXIF) dihapus otomatis."),
    )

    class Meta:
        model = Product
        fields = PRODUCT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "composition": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        businesses = user.businesses.filter(status=BusinessStatus.VERIFIED).order_by("name")
        self.fields["business"].queryset = businesses
        if self.instance.pk:
            del self.fields["business"]
            business = self.instance.business
        else:
            business = businesses.first() if businesses.count() == 1 else None
            if business:
                self.fields["business"].initial = business
        self.fields["category"].queryset = category_choices()
        certs = {
            "halal_certification": CertificationKind.HALAL,
            "pirt_certification": CertificationKind.PIRT,
            "bpom_certification": CertificationKind.BPOM,
        }

        owned = Certification.objects.filter(business__owner=user)
        if business:
            owned = owned.filter(business=business)
        for name, kind in certs.items():
            self.fields[name].queryset = owned.filter(kind=kind)
            self.fields[name].help_text = _("Diambil dari sertifikasi usaha Anda.")
        self.existing_photos = photos_held(self.instance) if self.instance.pk else 0
        self.photo_candidates = []

    def clean_ean13(self):
        value = self.cleaned_data.get("ean13", "").strip()
        return validate_ean13(value) if value else ""

    def clean_price(self):
        price = self.cleaned_data["price"]
        if price is not None and price < 1:
            raise forms.ValidationError(_("Harga minimal Rp 1."))
        return price

    def clean_photos(self):
        files = self.cleaned_data.get("photos") or []
        if self.existing_photos + len(files) > MAX_IMAGES_PER_PRODUCT:
            raise forms.ValidationError(
                _("Maksimal %(n)s foto per produk (sudah ada %(have)s).")
                % {"n": MAX_IMAGES_PER_PRODUCT, "have": self.existing_photos}
            )
        # Headers only: the pixels are decoded by the Celery worker after the product is saved.
        candidates, errors = [], []
        for upload in files:
            try:
                candidates.append(photo_inspect(upload))
            except ImageRejected as exc:
                errors.append(f"{upload.name}: {exc.message}")
        if errors:
            raise forms.ValidationError(errors)
        try:
            photo_budget_check(owner=self.user, candidates=candidates)
        except ImageRejected as exc:
            raise forms.ValidationError(exc.message) from exc
        self.photo_candidates = candidates
        return files

    def clean(self):
        data = super().clean()
        business = data.get("business") or getattr(self.instance, "business", None)
        for name in ("halal_certification", "pirt_certification", "bpom_certification"):
            cert = data.get(name)
            if cert and business and cert.business_id != business.pk:
                self.add_error(name, _("Sertifikat ini milik usaha lain."))
        return data

    def product_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PRODUCT_FIELDS}


class StockForm(forms.Form):
    stock = forms.IntegerField(label=_("Stok"), min_value=0, max_value=1_000_000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ImportForm(forms.Form):
    business = forms.ModelChoiceField(queryset=None, label=_("Usaha"))
    file = forms.FileField(
        label=_("File CSV atau XLSX"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = user.businesses.filter(status=BusinessStatus.VERIFIED).order_by("name")
        self.fields["business"].queryset = qs
        if qs.count() == 1:
            self.fields["business"].initial = qs.first()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("File impor maksimal 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Gunakan file .csv atau .xlsx."))
        return upload


class AddToCartForm(forms.Form):
    product = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(min_value=0, max_value=10_000, initial=1)


class CheckoutForm(forms.Form):
    contact_name = forms.CharField(label=_("Nama"), max_length=150)
    contact_phone = forms.CharField(label=_("Nomor HP/WhatsApp"), max_length=20)
    contact_email = forms.EmailField(label=_("Email"))
    fulfilment = forms.ChoiceField(
        label=_("Pengiriman"), choices=Fulfilment.choices, widget=forms.RadioSelect, initial=Fulfilment.DELIVERY
    )
    kecamatan = forms.ModelChoiceField(queryset=None, label=_("Kecamatan"), required=False)
    desa = forms.ModelChoiceField(queryset=Region.objects.none(), label=_("Desa/kelurahan"), required=False)
    address = forms.CharField(label=_("Alamat (jalan, RT/RW, patokan)"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = region_kecamatan()
        # All desa of the region; the select is narrowed by kecamatan in the browser and
        # the pair is checked in clean().
        self.fields["desa"].queryset = Region.objects.filter(
            level=RegionLevel.DESA, code__startswith=settings.PORTAL_REGION_CODE + "."
        ).order_by("name")

    def clean_contact_phone(self):
        return normalize_phone(self.cleaned_data["contact_phone"])

    def clean(self):
        data = super().clean()
        if data.get("fulfilment") == Fulfilment.DELIVERY:
            for name in ("kecamatan", "desa", "address"):
                if not data.get(name):
                    self.add_error(name, _("Wajib diisi untuk pengiriman."))
            if data.get("desa") and data.get("kecamatan") and data["desa"].parent_id != data["kecamatan"].pk:
                self.add_error("desa", _("Desa tidak berada di kecamatan yang dipilih."))
        return data


class OrderLookupForm(forms.Form):
    number = forms.CharField(
        label=_("Nomor pesanan atau pembayaran"),
        max_length=24,
        help_text=_("Mis. PSN-261202-ABC234 atau ETL-261202-XYZ789, dari email atau halaman pembayaran."),
    )
    contact = forms.CharField(label=_("Email atau nomor HP saat memesan"), max_length=254)
