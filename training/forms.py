from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.identifiers import normalize_phone
from registry.models import Business

from .models import Organiser, Topic


class SessionFilterForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topik"), required=False, choices=[("", _("Semua topik"))] + list(Topic.choices))
    organiser = forms.ChoiceField(
        label=_("Penyelenggara"), required=False, choices=[("", _("Semua penyelenggara"))] + list(Organiser.choices)
    )
    date_from = forms.DateField(
        label=_("Mulai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    has_seats = forms.BooleanField(label=_("Hanya yang masih ada kursi"), required=False)


class SignupForm(forms.Form):
    """Sign-up by the owner (choose one of their businesses) or by counter staff (find by NIB or
    registration number)."""

    business = forms.ModelChoiceField(
        label=_("Usaha"), queryset=Business.objects.none(), required=False, empty_label=None
    )
    business_lookup = forms.CharField(label=_("NIB atau nomor registrasi MPP usaha"), required=False, max_length=32)
    participant_name = forms.CharField(
        label=_("Nama peserta"),
        max_length=150,
        required=False,
        help_text=_("Kosongkan bila pemilik sendiri yang hadir."),
    )
    participant_phone = forms.CharField(label=_("Nomor WhatsApp peserta"), max_length=20, required=False)
    participant_email = forms.EmailField(label=_("Email peserta"), required=False)

    def __init__(self, *args, user=None, staff_mode: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_mode = staff_mode
        if staff_mode:
            del self.fields["business"]
        else:
            del self.fields["business_lookup"]
            self.fields["business"].queryset = Business.objects.filter(owner=user).order_by("name")
            self.fields["business"].required = True

    def clean_business_lookup(self):
        value = (self.cleaned_data.get("business_lookup") or "").strip()
        if not self.staff_mode:
            return value
        if not value:
            raise ValidationError(_("Isi NIB atau nomor registrasi MPP."))
        business = Business.objects.filter(Q(nib=value) | Q(registration_number__iexact=value)).first()
        if business is None:
            raise ValidationError(
                _("Usaha dengan NIB/nomor registrasi %(value)s tidak ditemukan."), params={"value": value}
            )
        self.cleaned_data["business"] = business
        return value

    def clean_participant_phone(self):
        value = self.cleaned_data.get("participant_phone", "").strip()
        if not value:
            return ""
        return normalize_phone(value)


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Kode peserta"), max_length=12)
    day = forms.DateField(widget=forms.HiddenInput)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Penilaian"), coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Komentar dan saran"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
