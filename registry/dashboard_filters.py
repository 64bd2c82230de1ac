"""The filter every dashboard shares: period, kecamatan, sector (KBLI section) and size class."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import SizeClass
from registry.selectors import kbli_sections, region_kecamatan

MAX_PERIOD_DAYS = 5 * 366


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve calendar months, this one included."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    year, month = (first.year, first.month - 11) if first.month > 11 else (first.year - 1, first.month + 1)
    return date(year, month, 1), today


@dataclass(frozen=True)
class DashboardFilters:
    date_from: date
    date_to: date
    kecamatan: str = ""
    sector: str = ""
    size_class: str = ""

    @classmethod
    def default(cls) -> DashboardFilters:
        return cls(*default_period())

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def end(self) -> datetime:
        """Exclusive end: midnight after date_to."""
        return timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))

    def business_q(self, prefix: str = "") -> Q:
        """Kecamatan/sector/size of the business reached through `prefix` (e.g. "business__")."""
        q = Q()
        if self.kecamatan:
            q &= Q(**{f"{prefix}kecamatan_id": self.kecamatan})
        if self.sector:
            q &= Q(**{f"{prefix}primary_kbli__section": self.sector})
        if self.size_class:
            q &= Q(**{f"{prefix}size_class": self.size_class})
        return q

    def period_q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})

    def cache_key(self, scope: str) -> str:
        raw = "|".join(f"{k}={v}" for k, v in sorted(asdict(self).items()))
        return f"dashboard:v1:{scope}:{hashlib.sha1(raw.encode()).hexdigest()}"

    def months(self) -> list[date]:
        """First day of every month the period touches, in order."""
        months, current = [], self.date_from.replace(day=1)
        while current <= self.date_to:
            months.append(current)
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
        return months


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    sector = forms.ChoiceField(label=_("Sektor (KBLI)"), required=False)
    size_class = forms.ChoiceField(label=_("Skala usaha"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = default_period()
        self.fields["date_from"].initial = start
        self.fields["date_to"].initial = end
        self.fields["kecamatan"].choices = [("", _("Semua kecamatan"))] + [(k.code, k.name) for k in region_kecamatan()]
        self.fields["sector"].choices = [("", _("Semua sektor"))] + [
            (s.code, f"{s.code} · {s.title.capitalize()}"[:60]) for s in kbli_sections()
        ]
        self.fields["size_class"].choices = [("", _("Semua skala"))] + list(SizeClass.choices)

    def clean(self):
        data = super().clean()
        start, end = default_period()
        date_from = data.get("date_from") or start
        date_to = data.get("date_to") or end
        if date_from > date_to:
            raise forms.ValidationError(
                _("Tanggal awal harus sebelum atau sama dengan tanggal akhir."), code="period_order"
            )
        if (date_to - date_from).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Periode paling panjang 5 tahun."), code="period_length")
        data["date_from"], data["date_to"] = date_from, date_to
        return data

    def filters(self) -> DashboardFilters:
        """The valid filters, or the defaults when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return DashboardFilters.default()
        d = self.cleaned_data
        return DashboardFilters(d["date_from"], d["date_to"], d["kecamatan"], d["sector"], d["size_class"])
