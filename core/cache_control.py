"""No browser or shared cache keeps what belongs to one person.

Every response to a signed-in user, and every response to a visitor whose session holds
something (a cart, a registration in progress, the login itself), is sent with
`Cache-Control: private, no-store`: the owner's account and data pages, the bank lead page with
the full NIK and the bank's CSV carried no Cache-Control at all, so a shared counter PC's
browser, or a proxy in between, could keep them. Anonymous visitors without session data are
left alone: their public pages keep the headers they had, so the anonymous page cache
(core/page_cache.py, which serves only them) and nginx's micro-cache (which already bypasses
requests with a session cookie) work as before.

https://www.rfc-editor.org/rfc/rfc9111#name-no-store
"""

from __future__ import annotations

PRIVATE = ("private", "no-store")
# What a view may already have said that still fits a response nobody stores (Django's
# never_cache, Wagtail's admin); anything that lets a cache keep it (public, max-age=N,
# s-maxage, immutable...) is dropped.
COMPATIBLE = ("max-age=0", "no-cache", "must-revalidate", "proxy-revalidate", "no-transform")


def is_personal(request) -> bool:
    """Whether the response may show something of one person: the session holds data, or the
    user is signed in. The user is looked at only if something already loaded it (an empty
    session cannot hold a login), so an anonymous public page does not start to vary on the
    session cookie here."""
    session = getattr(request, "session", None)
    if session is not None and not session.is_empty():
        return True
    user = getattr(request, "_cached_user", None)  # AuthenticationMiddleware's lazy user, if loaded
    return bool(user is not None and user.is_authenticated)


def make_private(response) -> None:
    existing = [part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part.strip()]
    response["Cache-Control"] = ", ".join([*PRIVATE, *(part for part in existing if part in COMPATIBLE)])


class PrivateCacheControlMiddleware:
    """Placed after AuthenticationMiddleware; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request):
            make_private(response)
        return response
