from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedTextField, digest, is_undecryptable
from core.identifiers import mask_email, mask_nik, mask_phone


class OwnerProfile(models.Model):
    """The UMKM owner as a person. NIK is personal data: encrypted, masked when shown."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owner_profile")
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    nik_confirmed_at = models.DateTimeField(_("NIK dikonfirmasi"), null=True, blank=True, editable=False)
    nik_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    nik_confirmed_via = models.CharField(max_length=16, blank=True, editable=False)  # "counter" | "verification"
    phone = models.CharField(_("nomor HP/WhatsApp (E.164)"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    allows_whatsapp_contact = models.BooleanField(_("tampilkan tombol WhatsApp di profil publik"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "portal_ownerprofile"
        constraints = [
            # A NIK binds an identity once staff confirmed it against the e-KTP (at the counter
            # or in verification): one confirmed account per NIK. Unconfirmed claims typed online
            # may coexist, so a NIK typed first by someone else blocks nobody (registry.identity).
            models.UniqueConstraint(
                fields=["nik_digest"],
                condition=~models.Q(nik_digest="") & models.Q(nik_confirmed_at__isnull=False),
                name="ownerprofile_confirmed_nik_unique",
            ),
        ]
        verbose_name = _("profil pemilik")
        verbose_name_plural = _("profil pemilik")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # The digest is a storage detail of the encrypted field, not domain logic. A NIK that
        # could not be decrypted is refused here and by the field (core.crypto), never wiped.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "nik" in update_fields:
            self.nik_digest = digest(self.nik) if self.nik else ""
        super().save(*args, **kwargs)

    @property
    def nik_masked(self) -> str:
        return str(self.nik) if is_undecryptable(self.nik) else mask_nik(self.nik)

    @property
    def email_masked(self) -> str:
        return mask_email(self.email or self.user.email)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)
