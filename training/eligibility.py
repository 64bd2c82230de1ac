"""Programme eligibility: a pure check of a business against the programme's rules (data edited
by officers). Returns every reason that failed so the owner knows exactly what to fix."""

from __future__ import annotations

from django.utils.translation import gettext as _

from portal.templatetags.portal_tags import rupiah
from registry.models import Business, BusinessStatus, SizeClass

from .models import Programme


def business_kbli_codes(business: Business) -> list[str]:
    codes = [k.code for k in business.kbli_codes.all()]
    if business.primary_kbli_id and business.primary_kbli.code not in codes:
        codes.append(business.primary_kbli.code)
    return codes


def ineligibility_reasons(programme: Programme, business: Business) -> list[str]:
    reasons: list[str] = []
    if programme.requires_verified_business and business.status != BusinessStatus.VERIFIED:
        reasons.append(_("Usaha belum terverifikasi oleh petugas MPP."))
    if programme.requires_nib and not business.nib:
        reasons.append(_("Program ini mewajibkan NIB; usaha belum mencantumkan NIB."))
    sizes = programme.size_class_list
    if sizes and business.size_class not in sizes:
        allowed = ", ".join(str(SizeClass(code).label) for code in sizes if code in SizeClass.values)
        reasons.append(
            _("Program ini untuk usaha skala %(allowed)s; skala usaha Anda %(size)s.")
            % {"allowed": allowed, "size": business.get_size_class_display()}
        )
    prefixes = programme.kbli_prefix_list
    if prefixes:
        codes = business_kbli_codes(business)
        if not any(code.startswith(prefix) for code in codes for prefix in prefixes):
            reasons.append(
                _("Program ini khusus sektor KBLI %(prefixes)s; KBLI usaha Anda: %(codes)s.")
                % {"prefixes": ", ".join(prefixes), "codes": ", ".join(codes) or "-"}
            )
    if programme.max_annual_sales is not None and business.annual_sales > programme.max_annual_sales:
        reasons.append(
            _("Omzet tahunan melebihi batas program (%(limit)s).") % {"limit": rupiah(programme.max_annual_sales)}
        )
    if programme.max_capital is not None and business.capital > programme.max_capital:
        reasons.append(_("Modal usaha melebihi batas program (%(limit)s).") % {"limit": rupiah(programme.max_capital)})
    return reasons
