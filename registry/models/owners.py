from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedTextField, digest, is_undecryptable
from core.identifiers import mask_nik, mask_phone


class OwnerProfile(models.Model):
    """The UMKM owner as a person. NIK is personal data: encrypted, masked when shown."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owner_profile")
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = models.CharField(_("nomor HP/WhatsApp (E.164)"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    allows_whatsapp_contact = models.BooleanField(_("tampilkan tombol WhatsApp di profil publik"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "portal_ownerprofile"
        constraints = [
            # One account per NIK; an erased profile has no digest and holds no NIK.
            models.UniqueConstraint(
                fields=["nik_digest"], condition=~models.Q(nik_digest=""), name="ownerprofile_nik_unique"
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
    def phone_masked(self) -> str:
        return mask_phone(self.phone)
