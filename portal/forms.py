"""The site shell's forms: the admin sign-in in the portal's words, and the password reset with
its throttle (both the site's /akun/password_reset/ and Wagtail's /admin/password_reset/)."""

import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from core.notifications import notify_email
from core.ratelimit import allow
from core.security import client_ip

logger = logging.getLogger(__name__)

HOUR = 60 * 60


class AdminLoginForm(WagtailLoginForm):
    """Wagtail's sign-in with the portal's words: its password label is the untranslated field
    name, and staff sign in with a username or an email (portal.auth_backends)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna atau email")
        self.fields["username"].widget.attrs.pop("placeholder", None)
        self.fields["password"].label = _("Kata sandi")


class ThrottledPasswordResetMixin:
    """Django's password reset, throttled (issue 17, finding 10): a client address is taken
    PASSWORD_RESET_REQUESTS_PER_ADDRESS requests an hour, whatever the e-mail typed, and an
    account gets PASSWORD_RESET_EMAILS_PER_ACCOUNT e-mails an hour, whoever asks. Beyond either
    nothing is sent and the answer is the same "done" page as always, so the page never tells
    a registered address from an unknown or a throttled one. The e-mail goes through the outbox
    (core.notifications), not SMTP inside the request. A cache that is down throttles nothing."""

    def save(self, *args, request=None, **kwargs):
        address = client_ip(request) if request is not None else None
        if address and not allow(
            f"password-reset:address:{address}", limit=settings.PASSWORD_RESET_REQUESTS_PER_ADDRESS, window=HOUR
        ):
            logger.warning("password reset: address over its hourly limit, nothing sent")
            return
        super().save(*args, request=request, **kwargs)

    def get_users(self, email):
        for user in super().get_users(email):
            if allow(
                f"password-reset:account:{user.pk}", limit=settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT, window=HOUR
            ):
                yield user
            else:
                logger.warning("password reset: account %s over its hourly limit, nothing sent", user.pk)

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        notify_email(
            to=to_email,
            subject=render_to_string(subject_template_name, context),
            template=email_template_name,
            context=context,
            topic="account.password_reset",
        )


class PasswordResetForm(ThrottledPasswordResetMixin, DjangoPasswordResetForm):
    pass


class AdminPasswordResetForm(ThrottledPasswordResetMixin, WagtailPasswordResetForm):
    pass
