"""How long a sign-in lasts without use. Owners keep Django's SESSION_COOKIE_AGE (they sign in on
their own phone); staff and bank officers, who see other people's NIKs and work on shared counter
PCs, are signed out after STAFF_SESSION_IDLE_SECONDS without a request (issue 17, finding 10)."""

from django.conf import settings

from portal import roles

PRIVILEGED_ROLES = (*roles.STAFF_ROLES, roles.BANK_OFFICER)


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
            # Setting the expiry marks the session modified, so each request starts the idle
            # period again: a sliding timeout, not a fixed one.
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)
