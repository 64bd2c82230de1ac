"""How long a sign-in lasts without use. Owners keep Django's SESSION_COOKIE_AGE (they sign in on
their own phone); staff and bank officers, who see other people's NIKs and work on shared counter
PCs, are signed out after STAFF_SESSION_IDLE_SECONDS without a request (issue 17, finding 10)."""

import time

from django.conf import settings

from portal import roles

PRIVILEGED_ROLES = (*roles.STAFF_ROLES, roles.BANK_OFFICER)

# The idle period restarts at most this often: restarting it writes the session row, and doing
# that on every request would cost an UPDATE per page. A minute is nothing against 30 idle ones.
REFRESH_EVERY_SECONDS = 60
REFRESHED_AT_KEY = "_staff_idle_refreshed_at"


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.is_staff or roles.has_any_role(user, *PRIVILEGED_ROLES))
        ):
            now = time.time()
            refreshed_at = request.session.get(REFRESHED_AT_KEY, 0)
            if now - refreshed_at >= REFRESH_EVERY_SECONDS:
                # Setting the expiry marks the session modified, so the idle period starts again:
                # a sliding timeout, not a fixed one.
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
                request.session[REFRESHED_AT_KEY] = now
        return self.get_response(request)
