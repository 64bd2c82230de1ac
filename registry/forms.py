"""Forms of the registration wizard and the verification queue. They validate and clean;
the writes happen in registry.services."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.crypto import is_undecryptable
from core.identifiers import (
    normalize_phone,
    validate_bpom,
    validate_halal,
    validate_kbli_format,
    validate_nib,
    validate_nik,
    validate_npwp,
    validate_pirt,
)
from core.rupiah import RupiahFormField
from portal.models import User
from registry.models import Business, CertificationKind, LegalForm, OwnerProfile
from registry.registration import CONSENTS, validate_scan
from registry.selectors import kbli_lookup, kbli_sections, region_desa, region_kecamatan
from registry.services import IDENTITY_FIELDS

# The hint is what the validators in settings check (length, common, numeric, like the name), in
# their own words, so it can never promise a rule the form does not apply.
password_hint = lazy(lambda: " ".join(str(text) for text in password_validators_help_texts()), str)()


class OwnerForm(forms.Form):
    """Step 1. For a visitor it also creates the account (email + password)."""

    full_name = forms.CharField(label=_("Nama lengkap sesuai KTP"), max_length=150)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        help_text=_("16 digit angka pada KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"),
        max_length=20,
        help_text=_("Contoh: 0812 3456 7890"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Alamat email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Alamat email tidak valid.")},
    )
    allows_whatsapp_contact = forms.BooleanField(
        label=_("Tampilkan tombol WhatsApp di profil usaha saya"), required=False
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        help_text=password_hint,
    )

    def __init__(self, *args, mode: str, user: User | None = None, **kwargs):
        """mode: "visitor" (creates an account), "owner" (logged-in owner), "counter" (staff for a walk-in)."""
        super().__init__(*args, **kwargs)
        self.mode = mode
        self.user = user
        if mode != "visitor":
            del self.fields["password"]
        if mode in ("visitor", "owner"):
            self.fields["email"].required = True
        for name in ("full_name", "nik", "phone", "email"):
            self.fields[name].error_messages["required"] = _("%(field)s wajib diisi.") % {
                "field": self.fields[name].label
            }
        if is_undecryptable(self.initial.get("nik")):
            self.initial["nik"] = ""  # a placeholder is no NIK to edit; clean_nik refuses the save

    def clean_nik(self):
        stored = (
            OwnerProfile.objects.filter(user=self.user).values_list("nik", flat=True).first() if self.user else None
        )
        if is_undecryptable(stored):
            raise ValidationError(
                _(
                    "NIK yang tersimpan tidak dapat dibuka (kunci enkripsi server tidak cocok), jadi data "
                    "pemilik tidak diubah. Hubungi petugas MPP."
                ),
                code="nik_unreadable",
            )
        # Only the format: whether a NIK is claimed by another account is never said here
        # (that would tell anyone whose NIK is registered); see registry.identity.
        return validate_nik(self.cleaned_data["nik"])

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_email(self):
        # Whether an account has this address is never said here (registry.signups).
        return self.cleaned_data.get("email", "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        if self.mode == "visitor":
            password = cleaned.get("password")
            if not password:
                self.add_error("password", _("Kata sandi wajib diisi."))
            else:
                try:
                    validate_password(password, User(username=cleaned.get("email", ""), email=cleaned.get("email", "")))
                except ValidationError as exc:
                    self.add_error("password", exc)
        return cleaned


class KbliCodesField(forms.CharField):
    """Comma- or space-separated five-digit KBLI codes; every code must exist in the loaded list."""

    def to_python(self, value):
        return [code for code in re.split(r"[\s,;]+", super().to_python(value) or "") if code]

    def validate(self, value):
        if not value:
            raise ValidationError(_("Isi minimal satu kode KBLI."), code="required")


class BusinessForm(forms.Form):
    name = forms.CharField(label=_("Nama usaha"), max_length=150)
    legal_form = forms.ChoiceField(label=_("Bentuk usaha"), choices=LegalForm.choices)
    nib = forms.CharField(
        label=_("NIB"),
        max_length=20,
        required=False,
        help_text=_("13 digit dari OSS. Kosongkan bila belum punya."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    npwp = forms.CharField(label=_("NPWP"), max_length=24, required=False)
    kbli_version = forms.ChoiceField(label=_("Versi KBLI"), choices=[("2020", "KBLI 2020")], initial="2020")
    kbli_codes = KbliCodesField(
        label=_("Kode KBLI"),
        help_text=_("5 digit, pisahkan dengan koma. Kode pertama = KBLI utama."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    started_year = forms.IntegerField(
        label=_("Tahun mulai usaha"),
        min_value=1945,
        required=False,
        error_messages={"min_value": _("Tahun mulai usaha tidak valid.")},
    )
    capital = RupiahFormField(label=_("Modal usaha (Rp, di luar tanah dan bangunan)"), min_value=0)
    annual_sales = RupiahFormField(
        label=_("Omzet per tahun (Rp)"), min_value=0, required=False, help_text=_("Kosongkan bila belum ada penjualan.")
    )
    employees = forms.IntegerField(label=_("Jumlah tenaga kerja"), min_value=1, initial=1)
    description = forms.CharField(
        label=_("Deskripsi singkat"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, business: Business, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.business = business
        self.owner = owner
        self.fields["name"].error_messages["required"] = _("Nama usaha wajib diisi.")
        self.fields["capital"].error_messages["required"] = _("Modal usaha wajib diisi.")

    def clean_annual_sales(self):
        return self.cleaned_data["annual_sales"] or 0

    @staticmethod
    def _digits(value: str) -> str:
        return re.sub(r"[\s.\-]", "", value or "")

    def clean_started_year(self):
        year = self.cleaned_data.get("started_year")
        if year and year > timezone.localdate().year:
            raise ValidationError(_("Tahun mulai usaha tidak boleh di masa depan."))
        return year

    def clean_nib(self):
        nib = self.cleaned_data.get("nib", "")
        if not nib:
            return ""
        nib = validate_nib(nib)
        if Business.objects.filter(nib=nib).exclude(pk=self.business.pk).exists():
            raise ValidationError(
                _(
                    "NIB %(nib)s sudah terdaftar untuk usaha lain. Bila itu usaha Anda, buka dari "
                    "halaman Akun saya; bila bukan, periksa kembali nomor NIB Anda."
                ),
                code="nib_taken",
                params={"nib": nib},
            )
        return nib

    def clean_npwp(self):
        npwp = self.cleaned_data.get("npwp", "")
        return validate_npwp(npwp) if npwp else ""

    def clean_kbli_codes(self):
        codes = [validate_kbli_format(code) for code in self.cleaned_data["kbli_codes"]]
        version = self.data.get(self.add_prefix("kbli_version"), "2020")
        found = kbli_lookup(codes, version=version)
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError(
                _("Kode KBLI %(codes)s tidak ada di daftar KBLI %(version)s."),
                code="kbli_unknown",
                params={"codes": ", ".join(unknown), "version": version},
            )
        return [found[code] for code in dict.fromkeys(codes)]

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name") or "").strip()
        if name:
            # The same rule as the database's business_owner_name_unique, said before saving.
            duplicate = (
                Business.objects.filter(owner=self.owner, name__iexact=name).exclude(pk=self.business.pk).first()
            )
            if duplicate is not None:
                self.add_error(
                    "name",
                    ValidationError(
                        _(
                            'Usaha "%(name)s" dengan NIK pemilik yang sama sudah terdaftar '
                            "(status: %(status)s). Lanjutkan pendaftaran itu dari halaman Akun saya."
                        ),
                        code="business_duplicate",
                        params={"name": duplicate.name, "status": duplicate.get_status_display()},
                    ),
                )
        return cleaned


class LocationForm(forms.Form):
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=region_kecamatan(),
        empty_label=_("— pilih kecamatan —"),
        error_messages={"required": _("Pilih kecamatan."), "invalid_choice": _("Pilih kecamatan dari daftar.")},
    )
    desa = forms.ModelChoiceField(
        label=_("Desa/kelurahan"),
        queryset=region_desa(),
        empty_label=_("— pilih desa/kelurahan —"),
        error_messages={
            "required": _("Pilih desa/kelurahan."),
            "invalid_choice": _("Pilih desa/kelurahan dari daftar."),
        },
    )
    address = forms.CharField(
        label=_("Alamat (jalan, RT/RW)"),
        max_length=255,
        error_messages={"required": _("Alamat wajib diisi.")},
    )

    def clean(self):
        cleaned = super().clean()
        kecamatan, desa = cleaned.get("kecamatan"), cleaned.get("desa")
        if kecamatan and desa and desa.parent_id != kecamatan.pk:
            self.add_error("desa", _("Desa/kelurahan tidak berada di kecamatan yang dipilih."))
        return cleaned


CERT_VALIDATORS = {
    CertificationKind.HALAL: validate_halal,
    CertificationKind.PIRT: validate_pirt,
    CertificationKind.BPOM: validate_bpom,
    CertificationKind.SNI: lambda value: value.strip().upper(),
}


class CertificationForm(forms.Form):
    """Step 4: one optional fieldset per certification kind."""

    def __init__(self, *args, business: Business, **kwargs):
        super().__init__(*args, **kwargs)
        self.business = business
        existing = {c.kind: c for c in business.certifications.all()}
        self.kinds = []
        for kind, label in CertificationKind.choices:
            current = existing.get(kind)
            self.fields[f"{kind}_number"] = forms.CharField(
                label=_("Nomor %(kind)s") % {"kind": label},
                required=False,
                max_length=40,
                initial=current.number if current else "",
            )
            self.fields[f"{kind}_expires_on"] = forms.DateField(
                label=_("Berlaku sampai"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                initial=current.expires_on if current else None,
                error_messages={"invalid": _("Tanggal tidak valid.")},
            )
            self.fields[f"{kind}_scan"] = forms.FileField(
                label=_("Pindaian (PDF/JPG/PNG, maks. 5 MB)"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
            )
            self.kinds.append((kind, label, current))

    def fieldsets(self):
        return [
            {
                "kind": kind,
                "label": label,
                "current": current,
                "fields": [self[f"{kind}_number"], self[f"{kind}_expires_on"], self[f"{kind}_scan"]],
            }
            for kind, label, current in self.kinds
        ]

    def clean(self):
        cleaned = super().clean()
        items = []
        for kind, _label, _current in self.kinds:
            number = (cleaned.get(f"{kind}_number") or "").strip()
            scan = cleaned.get(f"{kind}_scan")
            expires_on = cleaned.get(f"{kind}_expires_on")
            if not number:
                if scan:
                    self.add_error(f"{kind}_number", _("Isi nomor sertifikat untuk berkas yang diunggah."))
                continue
            try:
                number = CERT_VALIDATORS[kind](number)
            except ValidationError as exc:
                self.add_error(f"{kind}_number", exc)
                continue
            if expires_on and expires_on < timezone.localdate():
                self.add_error(f"{kind}_expires_on", _("Sertifikat ini sudah kedaluwarsa."))
                continue
            if scan:
                try:
                    validate_scan(scan)
                except ValidationError as exc:
                    self.add_error(f"{kind}_scan", exc)
                    continue
            items.append({"kind": kind, "number": number, "expires_on": expires_on, "scan": scan})
        cleaned["items"] = items
        return cleaned


class ConsentForm(forms.Form):
    def __init__(self, *args, assisted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for consent in CONSENTS:
            self.fields[consent.purpose] = forms.BooleanField(
                label=consent.text,
                required=consent.is_required,
                error_messages={"required": _("Persetujuan ini wajib untuk mendaftar.")},
            )
        if assisted:
            self.fields["read_to_owner"] = forms.BooleanField(
                label=_("Saya (petugas) telah membacakan teks persetujuan di atas dan pemilik menyetujuinya."),
                error_messages={"required": _("Konfirmasi bahwa pemilik menyetujui.")},
            )

    def purposes(self) -> list[str]:
        return [c.purpose for c in CONSENTS if self.cleaned_data.get(c.purpose)]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    sector = forms.ChoiceField(label=_("Sektor"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("Semua kecamatan"))] + [(k.code, k.name) for k in region_kecamatan()]
        self.fields["sector"].choices = [("", _("Semua sektor"))] + [
            (s.code, f"{s.code} · {s.title.capitalize()}") for s in kbli_sections()
        ]


class VerificationActionForm(forms.Form):
    ACTIONS = [("verify", _("Verifikasi")), ("needs_changes", _("Perlu perbaikan")), ("reject", _("Tolak"))]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Alasan / catatan untuk pemilik"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Verifying publishes the profile: the first press asks again (registry/admin/review_confirm.html).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def needs_confirmation(self) -> bool:
        return self.cleaned_data["action"] == "verify" and not self.cleaned_data["confirmed"]


class BusinessEditForm(BusinessForm, LocationForm):
    """The owner's edit of a submitted or verified business: the wizard's business and location
    fields with the same validation, plus the WhatsApp contact. Name, legal form and NIB are
    read-only while the registration is being verified; on a verified business changing them
    needs the owner's confirmation that it goes back to verification."""

    phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"),
        max_length=20,
        help_text=_("Berlaku untuk semua usaha Anda."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("Nomor HP/WhatsApp wajib diisi.")},
    )
    allows_whatsapp_contact = forms.BooleanField(
        label=_("Tampilkan tombol WhatsApp di profil usaha saya"), required=False
    )
    confirm_reverification = forms.BooleanField(
        label=_(
            "Saya mengerti: bila nama usaha, bentuk usaha atau NIB diubah, usaha diverifikasi "
            "ulang oleh DPMPTSP dan tidak tampil di direktori sampai terverifikasi lagi."
        ),
        required=False,
    )

    IDENTITY_FIELDS = IDENTITY_FIELDS  # what sends a verified business back to verification
    field_order = [
        "name",
        "legal_form",
        "nib",
        "npwp",
        "kbli_codes",
        "started_year",
        "capital",
        "annual_sales",
        "employees",
        "description",
        "kecamatan",
        "desa",
        "address",
        "phone",
        "allows_whatsapp_contact",
        "confirm_reverification",
    ]

    def __init__(self, *args, business: Business, owner: User, **kwargs):
        super().__init__(*args, business=business, owner=owner, **kwargs)
        del self.fields["kbli_version"]
        self.is_under_review = business.status != "verified"
        if self.is_under_review:
            del self.fields["confirm_reverification"]
            for name in self.IDENTITY_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Tidak dapat diubah selama pendaftaran diverifikasi.")

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def identity_changes(self) -> list[str]:
        cleaned = self.cleaned_data
        return [
            name
            for name in self.IDENTITY_FIELDS
            if name in cleaned and (cleaned[name] or "").strip() != getattr(self.business, name)
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.is_under_review and self.identity_changes() and not cleaned.get("confirm_reverification"):
            self.add_error(
                "confirm_reverification", _("Centang pernyataan ini untuk mengubah nama usaha, bentuk usaha atau NIB.")
            )
        return cleaned


class OwnerCertificationForm(CertificationForm):
    """The owner's certifications page: the wizard's fieldsets (same number, expiry and scan
    checks) plus an explicit *Hapus* per certification already stored."""

    def __init__(self, *args, business: Business, **kwargs):
        super().__init__(*args, business=business, **kwargs)
        for kind, label, current in self.kinds:
            if current is not None:
                self.fields[f"{kind}_remove"] = forms.BooleanField(
                    label=_("Hapus %(kind)s") % {"kind": label}, required=False
                )

    def fieldsets(self):
        sets = super().fieldsets()
        for item in sets:
            if f"{item['kind']}_remove" in self.fields:
                item["fields"].append(self[f"{item['kind']}_remove"])
        return sets

    def clean(self):
        removed = {kind for kind, _label, _current in self.kinds if self.cleaned_data.get(f"{kind}_remove")}
        for kind in removed:
            # A certification being removed is not validated (its old number may be stale).
            for suffix in ("number", "expires_on", "scan"):
                self.cleaned_data.pop(f"{kind}_{suffix}", None)
                self._errors.pop(f"{kind}_{suffix}", None)
        cleaned = super().clean()
        cleaned["items"] = [item for item in cleaned["items"] if item["kind"] not in removed]
        return cleaned
