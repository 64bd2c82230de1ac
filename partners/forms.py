from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.identifiers import is_ascii_digits
from core.rupiah import RupiahFormField, parse_rupiah
from partners.models import Availability
from partners.readiness import TIME, WEEKDAYS


def parse_variant_groups(text: str) -> list[dict]:
    """One group per line: `Nama grup | min | maks | Pilihan A=0; Pilihan B=2000`."""
    groups, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4:
            errors.append(_('Baris %(n)s: tulis "Nama grup | min | maks | Pilihan=harga; …".') % {"n": number})
            continue
        name, low, high, options_text = parts
        if not (is_ascii_digits(low) and is_ascii_digits(high)):
            errors.append(_("Baris %(n)s: min dan maks harus angka.") % {"n": number})
            continue
        options = []
        for raw in filter(None, (o.strip() for o in options_text.split(";"))):
            option_name, _sep, price_text = raw.partition("=")
            try:
                price = parse_rupiah(price_text.strip() or "0")
            except ValidationError as exc:
                errors.append(
                    _('Baris %(n)s: harga pilihan "%(o)s": %(e)s')
                    % {"n": number, "o": option_name.strip(), "e": " ".join(exc.messages)}
                )
                break
            options.append({"name": option_name.strip(), "price": price})
        groups.append({"name": name, "min": int(low), "max": int(high), "options": options})
    if errors:
        raise ValidationError(errors)
    return groups


def variant_groups_text(groups: list[dict]) -> str:
    return "\n".join(
        f"{g['name']} | {g['min']} | {g['max']} | "
        + "; ".join(f"{o['name']}={o.get('price', 0)}" for o in g.get("options", []))
        for g in groups or []
    )


class ListingForm(forms.Form):
    final_price = RupiahFormField(
        label=gettext_lazy("Harga akhir di aplikasi (Rp)"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Termasuk pajak dan biaya layanan. Kosongkan untuk memakai harga produk."),
    )
    availability = forms.ChoiceField(label=gettext_lazy("Ketersediaan"), choices=Availability.choices)
    variant_groups = forms.CharField(
        label=gettext_lazy("Grup varian (opsional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Level pedas | 1 | 1 | Sedang=0; Pedas=2000"}),
        help_text=gettext_lazy("Satu grup per baris: Nama grup | min | maks | Pilihan=tambahan harga; …"),
    )

    def clean_variant_groups(self):
        return parse_variant_groups(self.cleaned_data["variant_groups"])


class HoursForm(forms.Form):
    """Opening and closing time per weekday; a day left empty is closed."""

    def __init__(self, *args, hours: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        hours = hours or {}
        for day, label in enumerate(WEEKDAYS):
            opening, closing = hours.get(str(day), ["", ""])
            self.fields[f"open_{day}"] = forms.CharField(
                label=_("%(day)s buka") % {"day": label},
                required=False,
                initial=opening,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )
            self.fields[f"close_{day}"] = forms.CharField(
                label=_("%(day)s tutup") % {"day": label},
                required=False,
                initial=closing,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )

    def day_rows(self):
        return [(WEEKDAYS[d], self[f"open_{d}"], self[f"close_{d}"]) for d in range(7)]

    def clean(self):
        cleaned = super().clean()
        hours = {}
        for day, label in enumerate(WEEKDAYS):
            opening = (cleaned.get(f"open_{day}") or "").strip()[:5]
            closing = (cleaned.get(f"close_{day}") or "").strip()[:5]
            if not opening and not closing:
                continue
            if not (TIME.match(opening) and TIME.match(closing)) or opening >= closing:
                self.add_error(
                    f"open_{day}", _("%(day)s: isi jam buka dan tutup (buka sebelum tutup).") % {"day": label}
                )
                continue
            hours[str(day)] = [opening, closing]
        if not hours and not self.errors:
            raise ValidationError(_("Isi jam operasional minimal satu hari."))
        cleaned["hours"] = hours
        return cleaned
