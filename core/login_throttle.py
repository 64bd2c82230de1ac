"""Slowing down password guessing without locking anyone out for others' failures (issue 17,
finding 10). A django-axes handler (AXES_HANDLER) with three rules:

* **Account**: after AXES_FAILURE_LIMIT failed sign-ins the account waits
  LOGIN_ACCOUNT_DELAY_SECONDS before the next try, twice as long after each further failure,
  up to LOGIN_ACCOUNT_DELAY_MAX_SECONDS; a try refused while waiting is not counted and does not
  lengthen the wait. Failures are remembered for AXES_COOLOFF_TIME; a successful sign-in clears
  them. An account is never locked for good, and guessing it costs hours, not minutes.
* **Trusted device**: a browser that signed in to an account before carries a signed cookie
  naming it (LOGIN_DEVICE_COOKIE); on that browser the account is tried as if nobody were
  guessing it, so a stranger guessing an owner's password does not keep the owner out. The
  device has its own AXES_FAILURE_LIMIT failures, after which it is one more browser.
* **Address**: nothing is locked by address (a counter PC or a carrier's NAT is shared by many).
  Against password spraying (one password tried on many accounts from one address), after
  LOGIN_ADDRESS_FREE_FAILURES failures in LOGIN_ADDRESS_WINDOW_SECONDS the address waits a few
  seconds after each failure (doubling, at most LOGIN_ADDRESS_DELAY_MAX_SECONDS): a pause, not
  a lock, and a trusted device does not wait at all. The counts live in the cache; with the
  cache down the address rule lets everything through and the account rule still holds.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from core.page_cache import CACHE_ERRORS
from core.security import client_ip

ACCOUNT, ADDRESS = "account", "address"
_DEVICE_SALT = "core.login_throttle.device"
_DEVICE_ACCOUNTS = 10  # a shared counter PC remembers this many accounts


def account_delay(failures: int) -> int:
    """Seconds an account waits after its `failures`-th failure (0 below the limit)."""
    over = failures - settings.AXES_FAILURE_LIMIT
    if over < 0:
        return 0
    return min(settings.LOGIN_ACCOUNT_DELAY_SECONDS * 2 ** min(over, 30), settings.LOGIN_ACCOUNT_DELAY_MAX_SECONDS)


def address_delay(failures: int) -> int:
    over = failures - settings.LOGIN_ADDRESS_FREE_FAILURES
    if over <= 0:
        return 0
    return min(settings.LOGIN_ADDRESS_DELAY_SECONDS * 2 ** min(over - 1, 30), settings.LOGIN_ADDRESS_DELAY_MAX_SECONDS)


# --- the trusted-device cookie -------------------------------------------------------------------


def _account_key(username: str) -> str:
    return salted_hmac(_DEVICE_SALT, username or "").hexdigest()[:24]


def _device(request) -> dict | None:
    """The cookie's {"n": nonce, "a": [account keys]}, if it is ours and not too old."""
    value = request.COOKIES.get(settings.LOGIN_DEVICE_COOKIE)
    if not value:
        return None
    try:
        device = signing.loads(value, salt=_DEVICE_SALT, max_age=timedelta(days=settings.LOGIN_DEVICE_COOKIE_DAYS))
    except signing.BadSignature:
        return None
    if not isinstance(device, dict) or not isinstance(device.get("a"), list):
        return None
    return device


def _device_failures_key(device: dict, account: str) -> str:
    return f"login:device:{hashlib.sha256(str(device.get('n')).encode()).hexdigest()[:16]}:{account}"


def is_trusted_device(request, username: str) -> bool:
    """This browser signed in to `username` before and has not used up its own failures."""
    device = _device(request)
    account = _account_key(username)
    if device is None or account not in device["a"]:
        return False
    try:
        failures = cache.get(_device_failures_key(device, account), 0)
    except CACHE_ERRORS:
        failures = 0
    return failures < settings.AXES_FAILURE_LIMIT


def _count_device_failure(request, username: str) -> None:
    device = _device(request)
    if device is None:
        return
    key = _device_failures_key(device, _account_key(username))
    try:
        if not cache.add(key, 1, timeout=int(settings.AXES_COOLOFF_TIME.total_seconds())):
            cache.incr(key)
    except (ValueError, *CACHE_ERRORS):
        pass


def _remember_device(request, username: str) -> None:
    """Marks the response to carry the cookie naming this account (set by TrustedDeviceCookieMiddleware)."""
    device = _device(request) or {"n": secrets.token_hex(8), "a": []}
    account = _account_key(username)
    try:
        cache.delete(_device_failures_key(device, account))
    except CACHE_ERRORS:
        pass
    accounts = [key for key in device["a"] if key != account] + [account]
    request.login_device_cookie = signing.dumps(
        {"n": device["n"], "a": accounts[-_DEVICE_ACCOUNTS:]}, salt=_DEVICE_SALT, compress=True
    )


# --- the address -------------------------------------------------------------------------------


def _address_keys(request) -> tuple[str, str] | None:
    address = client_ip(request)
    if not address:
        return None
    hashed = hashlib.sha256(address.encode()).hexdigest()[:16]
    return f"login:address:{hashed}:failures", f"login:address:{hashed}:last"


def address_wait(request) -> int:
    """Seconds this address still waits before its next sign-in try (0: none)."""
    keys = _address_keys(request)
    if keys is None:
        return 0
    try:
        values = cache.get_many(keys)
    except CACHE_ERRORS:
        return 0
    delay = address_delay(values.get(keys[0], 0))
    if not delay:
        return 0
    return max(0, math.ceil(values.get(keys[1], 0) + delay - time.time()))


def _count_address_failure(request) -> None:
    keys = _address_keys(request)
    if keys is None:
        return
    window = settings.LOGIN_ADDRESS_WINDOW_SECONDS
    try:
        if not cache.add(keys[0], 1, timeout=window):
            cache.incr(keys[0])
        cache.set(keys[1], time.time(), timeout=window)
    except (ValueError, *CACHE_ERRORS):
        pass


# --- the handler ---------------------------------------------------------------------------------


class LoginDelayHandler(AxesDatabaseHandler):
    """django-axes' database handler (its AccessAttempt rows, per account: AXES_LOCKOUT_PARAMETERS
    = ["username"]) with a growing delay instead of a fixed lockout, trusted devices and the
    address pause described in the module docstring."""

    def account_wait(self, request, credentials=None) -> int:
        """Seconds the account still waits (0: none), from its remembered failures."""
        failures, last = 0, None
        for attempts in self.get_user_attempts(request, credentials):
            row = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            if (row["failures"] or 0) > failures:
                failures, last = row["failures"], row["last"]
        delay = account_delay(failures)
        if not delay or last is None:
            return 0
        remaining = last + timedelta(seconds=delay) - timezone.now()
        return max(0, math.ceil(remaining.total_seconds()))

    def is_locked(self, request, credentials=None) -> bool:
        request.login_wait = None
        if is_trusted_device(request, get_client_username(request, credentials)):
            return False
        for reason, wait in ((ADDRESS, address_wait(request)), (ACCOUNT, self.account_wait(request, credentials))):
            if wait:
                request.login_wait = (reason, wait)
                return True
        return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None and not getattr(request, "axes_locked_out", False):
            username = get_client_username(request, credentials)
            if is_trusted_device(request, username):
                _count_device_failure(request, username)  # the device's own failures only
                return
            _count_address_failure(request)
        super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        if request is not None:
            _remember_device(request, user.get_username())


def wait_text(seconds: int) -> str:
    if seconds < 120:
        return ngettext("%(n)s detik", "%(n)s detik", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)s menit", "%(n)s menit", minutes) % {"n": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page saying who waits (this account or this network) and for
    how long, HTTP 429 with Retry-After."""
    reason, wait = getattr(request, "login_wait", None) or (ACCOUNT, 0)
    if reason == ACCOUNT and not wait:  # the failure that reached the limit: read the new wait
        wait = LoginDelayHandler().account_wait(request, credentials)
    wait = max(wait, 1)
    response = render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {
            "reason": reason,
            "wait_seconds": wait,
            "wait": wait_text(wait),
            "failure_limit": get_failure_limit(request, credentials),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(wait)
    return response


class TrustedDeviceCookieMiddleware:
    """Sets the trusted-device cookie on the response of a successful sign-in (the handler
    marks the request). Anywhere after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cookie = getattr(request, "login_device_cookie", None)
        if cookie:
            response.set_cookie(
                settings.LOGIN_DEVICE_COOKIE,
                cookie,
                max_age=settings.LOGIN_DEVICE_COOKIE_DAYS * 24 * 3600,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
