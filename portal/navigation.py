"""Where each role's work is: the page after login, the header's own entries per role, and the
pointer shown on a page that is not for the role (a bank officer on the owner's page).

Owners and buyers work under /akun/, bank officers under /bank/, DPMPTSP staff (counter,
training, partner curation, administrators) in the Wagtail admin at /admin/.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import roles


@dataclass(frozen=True)
class Entry:
    key: str
    label: str | Promise
    url: str


def _is_bank_officer(user) -> bool:
    return user.is_authenticated and not user.is_superuser and roles.BANK_OFFICER in user.role_codes


def works_in_admin(user) -> bool:
    """DPMPTSP staff (and superusers): their work is in the Wagtail admin."""
    return user.is_authenticated and (user.is_superuser or bool(set(roles.STAFF_ROLES) & user.role_codes))


def role_label(user) -> str | Promise:
    if user.is_superuser:
        return roles.ROLE_LABELS[roles.ADMINISTRATOR]
    for code in (roles.BANK_OFFICER, *roles.STAFF_ROLES, roles.OWNER):
        if code in user.role_codes:
            return roles.ROLE_LABELS[code]
    return _("Pembeli")


def work_entry(user) -> Entry | None:
    """The main place of a role whose work is not the owner's account pages, or None."""
    if _is_bank_officer(user):
        return Entry("bank", _("Lead pembiayaan"), reverse("financing_bank:lead-list"))
    if works_in_admin(user):
        return Entry("admin", _("Area petugas"), reverse("wagtailadmin_home"))
    return None


def landing_url(user) -> str:
    """Where a person lands after signing in when no page asked for them."""
    entry = work_entry(user)
    return entry.url if entry else reverse("registry:account")


def header_entries(user) -> list[Entry]:
    """The signed-in person's own entries in the header, their work first."""
    if not user.is_authenticated:
        return []
    work = work_entry(user)
    entries = [work] if work else []
    if _is_bank_officer(user):
        entries.append(Entry("bank-dashboard", _("Dasbor bank"), reverse("financing_bank:dashboard")))
        if works_in_admin(user):  # a bank officer who is also DPMPTSP staff keeps the admin entry
            entries.append(Entry("admin", _("Area petugas"), reverse("wagtailadmin_home")))
    if roles.OWNER in user.role_codes:
        entries += [
            Entry("products", _("Produk saya"), reverse("catalog_account:product-list")),
            Entry("orders", _("Pesanan masuk"), reverse("catalog_account:order-list")),
        ]
    entries.append(Entry("account", _("Akun saya"), reverse("registry:account")))
    return entries
