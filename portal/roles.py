"""Roles are Django groups; per-object scoping (an officer's lender, an owner's businesses)
lives in the app that owns the object."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponseForbidden
from django.utils.translation import gettext_lazy as _

OWNER = "owner"
COUNTER_STAFF = "counter_staff"
TRAINING_OFFICER = "training_officer"
BANK_OFFICER = "bank_officer"
PARTNER_CURATOR = "partner_curator"
ADMINISTRATOR = "administrator"

ROLE_LABELS = {
    OWNER: _("Pemilik UMKM"),
    COUNTER_STAFF: _("Petugas Loket MPP (DPMPTSP)"),
    TRAINING_OFFICER: _("Petugas Pelatihan"),
    BANK_OFFICER: _("Petugas Bank"),
    PARTNER_CURATOR: _("Kurator Mitra"),
    ADMINISTRATOR: _("Administrator"),
}
# Groups whose members may open the Wagtail admin at /admin/.
STAFF_ROLES = (COUNTER_STAFF, TRAINING_OFFICER, PARTNER_CURATOR, ADMINISTRATOR)


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return role in user.role_codes


def has_any_role(user, *roles: str) -> bool:
    return any(has_role(user, role) for role in roles)


def allowed_only(allowed: Callable[[object], bool], refusal: str):
    """View decorator for the portal's staff pages in the Wagtail admin: anyone `allowed(user)`
    refuses gets a plain 403 with `refusal` (a lazy message). Wagtail would turn PermissionDenied
    into a redirect to its dashboard; an explicit refusal is clearer (and testable)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not allowed(request.user):
                return HttpResponseForbidden(str(refusal))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
