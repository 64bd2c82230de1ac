from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Every person with a login: owners, staff, bank officers. Roles are groups."""

    email = models.EmailField(_("email"), blank=True, db_index=True)
    phone = models.CharField(_("nomor HP (E.164)"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
