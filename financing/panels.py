"""The owner's financing leads on /akun/."""

from financing.selectors import owner_leads
from portal import roles


def account_leads(request, *, user, **context):
    if not roles.has_role(user, roles.OWNER) or user.is_superuser:
        return None
    return {
        "template": "financing/panel_account.html",
        "leads": list(owner_leads(user).order_by("-created_at", "-pk")[:10]),
    }
