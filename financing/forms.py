from django import forms
from django.utils.translation import gettext_lazy as _

from core.rupiah import RupiahFormField
from financing import eligibility as el
from financing.models import LeadStatus, Purpose, RejectionReason

LOAN_TYPE_CHOICES = [
    ("", _("— tidak ada —")),
    (el.LOAN_KUR, _("KUR")),
    (el.LOAN_PRODUCTIVE, _("Kredit produktif/modal usaha (bukan KUR)")),
    (el.LOAN_CONSUMER, _("Kredit konsumtif rumah tangga")),
    (el.LOAN_MORTGAGE, _("KPR (kredit rumah)")),
    (el.LOAN_ULTRA_MICRO, _("Pinjaman ultra mikro (UMi, Mekaar)")),
    (el.LOAN_MOTORBIKE, _("Kredit motor untuk usaha")),
]
LOAN_ROWS = 3


class MatchForm(forms.Form):
    """The owner's request; the business supplies age, sector and region."""

    business = forms.ModelChoiceField(queryset=None, label=_("Usaha"), empty_label=None)
    amount = RupiahFormField(label=_("Plafon yang dibutuhkan (Rp)"), min_value=500_000, max_value=10_000_000_000)
    purpose = forms.ChoiceField(label=_("Tujuan"), choices=Purpose.choices)
    tenor_months = forms.IntegerField(label=_("Jangka waktu (bulan)"), min_value=1, max_value=120)
    previous_kur_count = forms.IntegerField(
        label=_("Berapa kali pernah menerima KUR?"), min_value=0, max_value=20, initial=0
    )

    def __init__(self, *args, businesses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business"].queryset = businesses
        for i in range(1, LOAN_ROWS + 1):
            self.fields[f"loan_type_{i}"] = forms.ChoiceField(
                label=_("Pinjaman berjalan %(n)s") % {"n": i}, choices=LOAN_TYPE_CHOICES, required=False
            )
            self.fields[f"loan_lender_{i}"] = forms.CharField(
                label=_("Pemberi pinjaman"), max_length=40, required=False
            )
            self.fields[f"loan_amount_{i}"] = RupiahFormField(
                label=_("Sisa pinjaman (Rp)"), min_value=0, max_value=10_000_000_000, required=False
            )

    def clean(self):
        cleaned = super().clean()
        for i in range(1, LOAN_ROWS + 1):
            if cleaned.get(f"loan_amount_{i}") and not cleaned.get(f"loan_type_{i}"):
                self.add_error(f"loan_type_{i}", _("Pilih jenis pinjaman."))
        return cleaned

    @property
    def loan_rows(self):
        return [
            (self[f"loan_type_{i}"], self[f"loan_lender_{i}"], self[f"loan_amount_{i}"])
            for i in range(1, LOAN_ROWS + 1)
        ]

    def current_loans(self) -> list[dict]:
        loans = []
        for i in range(1, LOAN_ROWS + 1):
            loan_type = self.cleaned_data.get(f"loan_type_{i}")
            if loan_type:
                loans.append(
                    {
                        "type": loan_type,
                        "lender": (self.cleaned_data.get(f"loan_lender_{i}") or "").strip().lower(),
                        "amount": self.cleaned_data.get(f"loan_amount_{i}") or 0,
                    }
                )
        return loans

    def loan_request(self) -> el.LoanRequest:
        return el.LoanRequest(
            amount=self.cleaned_data["amount"],
            purpose=self.cleaned_data["purpose"],
            tenor_months=self.cleaned_data["tenor_months"],
        )


class LeadStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Status baru"), choices=())
    note = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    rejection_reason = forms.ChoiceField(
        label=_("Alasan penolakan"), choices=[("", "—")] + list(RejectionReason.choices), required=False
    )
    disbursed_amount = RupiahFormField(label=_("Jumlah dicairkan (Rp)"), min_value=1, required=False)

    def __init__(self, *args, allowed: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, LeadStatus(s).label) for s in allowed]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_status") == LeadStatus.REJECTED and not cleaned.get("rejection_reason"):
            self.add_error("rejection_reason", _("Pilih alasan penolakan."))
        if cleaned.get("to_status") == LeadStatus.DISBURSED and not cleaned.get("disbursed_amount"):
            self.add_error("disbursed_amount", _("Isi jumlah yang dicairkan."))
        return cleaned


class LeadFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Semua"))] + list(LeadStatus.choices), required=False)
    product = forms.ChoiceField(label=_("Produk"), choices=(), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), choices=(), required=False)
    overdue = forms.BooleanField(label=_("Hanya yang melewati batas respons"), required=False)

    def __init__(self, *args, products, kecamatan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", _("Semua"))] + [(p.code, p.name) for p in products]
        self.fields["kecamatan"].choices = [("", _("Semua"))] + [(k.code, k.name) for k in kecamatan]
