"""Online signup that says nothing about who is registered (issue 17, finding 5).

The wizard's first step used to create the account at once, or answer "this e-mail is already
used by another account": thirty guesses in five seconds told anyone which addresses (and,
before the NIK claim rules, which NIKs) were registered. Now the first step only stores a
`SignupRequest` and e-mails a link; the account is made when the link is opened. If the
address already has an account, nothing is stored and that account's owner is told by e-mail
that someone tried to register with it. The visitor sees the same "check your e-mail" page
either way, the request does the same work either way (the password is hashed in both), and
one mailbox gets at most REGISTRATION_EMAILS_PER_ADDRESS such e-mails an hour.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.audit import AuditContext
from core.notifications import notify_email
from core.ratelimit import allow
from portal.models import User
from registry import services
from registry.models import Business, SignupRequest

CONFIRM_TOPIC = "owner.signup_confirm"
EXISTING_TOPIC = "owner.signup_existing"
HOUR = 60 * 60


class SignupLinkInvalid(Exception):
    """The link is unknown, used already, or older than REGISTRATION_CONFIRM_HOURS."""


class SignupAlreadyActive(Exception):
    """The address got an account (another link of it was opened first): sign in instead."""


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def signup_requests_purge() -> int:
    """Requests nobody confirmed in time are deleted (they hold a NIK)."""
    cutoff = timezone.now() - timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS)
    deleted, _per_model = SignupRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _existing_account_notice(user: User, email: str) -> None:
    """Someone typed this account's address in the signup form: tell its owner, with the way
    in (a set-password link when the account has no password yet, as counter-made ones)."""
    context = {"PORTAL_NAME": settings.PORTAL_NAME, "login_url": _absolute(reverse("login"))}
    if user.has_usable_password():
        context["reset_url"] = _absolute(reverse("password_reset"))
    else:
        context["set_password_url"] = _absolute(
            reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        )
    notify_email(
        to=email,
        subject=_("Ada yang mencoba mendaftar dengan email Anda di %(portal)s") % {"portal": settings.PORTAL_NAME},
        template="registry/email/signup_existing.txt",
        context=context,
        topic=EXISTING_TOPIC,
    )


def owner_signup_request(
    *, full_name: str, nik: str, phone: str, email: str, allows_whatsapp_contact: bool, password: str
) -> None:
    """A visitor's first step: a confirmation link to a new address, a notice to a known one,
    nothing beyond the mailbox's hourly limit. Returns nothing the caller could show."""
    password_hash = make_password(password)  # also for a known address: the same work either way
    email = email.strip().lower()
    signup_requests_purge()
    mailbox = hashlib.sha256(email.encode()).hexdigest()[:24]
    if not allow(f"signup:mailbox:{mailbox}", limit=settings.REGISTRATION_EMAILS_PER_ADDRESS, window=HOUR):
        return
    with transaction.atomic():
        existing = User.objects.filter(email__iexact=email).order_by("pk").first()
        if existing is not None:
            _existing_account_notice(existing, email)
            return
        token = secrets.token_urlsafe(32)
        SignupRequest.objects.create(
            email=email,
            full_name=full_name.strip(),
            nik=nik,
            phone=phone,
            allows_whatsapp_contact=allows_whatsapp_contact,
            password=password_hash,
            token_digest=_token_digest(token),
        )
        notify_email(
            to=email,
            subject=_("Konfirmasi pendaftaran %(portal)s") % {"portal": settings.PORTAL_NAME},
            template="registry/email/signup_confirm.txt",
            context={
                "name": full_name.strip(),
                "link": _absolute(reverse("registry:registration-confirm", args=[token])),
                "hours": settings.REGISTRATION_CONFIRM_HOURS,
                "PORTAL_NAME": settings.PORTAL_NAME,
            },
            topic=CONFIRM_TOPIC,
        )


def signup_request_for(token: str) -> SignupRequest:
    cutoff = timezone.now() - timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS)
    signup = SignupRequest.objects.filter(token_digest=_token_digest(token), created_at__gte=cutoff).first()
    if signup is None:
        raise SignupLinkInvalid
    return signup


def owner_signup_confirm(*, token: str, audit: AuditContext | None = None) -> Business:
    """The link was opened: the account (with the password and the NIK claim typed in the
    first step) and its draft registration. Every other pending request of the address goes."""
    with transaction.atomic():
        signup = SignupRequest.objects.select_for_update().filter(pk=signup_request_for(token).pk).first()
        if signup is None:  # opened twice at once: the other request made the account
            raise SignupLinkInvalid
        already = User.objects.filter(email__iexact=signup.email).exists()
        if not already:
            owner = services.owner_account_create(
                full_name=signup.full_name,
                nik=signup.nik,
                phone=signup.phone,
                email=signup.email,
                allows_whatsapp_contact=signup.allows_whatsapp_contact,
                audit=audit,
            )
            owner.password = signup.password
            owner.save(update_fields=["password"])
            business = services.business_draft_create(owner=owner)
        SignupRequest.objects.filter(email__iexact=signup.email).delete()
    if already:
        raise SignupAlreadyActive
    return business
