from django.db import models
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedTextField


class SignupRequest(models.Model):
    """A visitor's first wizard step, waiting for the click on the link e-mailed to them
    (issue 17, finding 5). No account exists until then, so the answer to a signup is the same
    whether the e-mail is registered or not. Kept REGISTRATION_CONFIRM_HOURS; the NIK encrypted
    like the profile's, the password only as its hash."""

    email = models.EmailField(_("email"), db_index=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    nik = EncryptedTextField(_("NIK"))
    phone = models.CharField(_("nomor HP/WhatsApp (E.164)"), max_length=16)
    allows_whatsapp_contact = models.BooleanField(default=False)
    password = models.CharField(max_length=128)  # a hash (make_password)
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pendaftaran menunggu konfirmasi email")
        verbose_name_plural = _("pendaftaran menunggu konfirmasi email")

    def __str__(self) -> str:
        return self.email
