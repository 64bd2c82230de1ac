from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataRequestKind(models.TextChoices):
    EXPORT = "export", _("Salinan data pribadi")
    DELETION = "deletion", _("Penghapusan data pribadi")


class DataRequestStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    PROCESSING = "processing", _("Diproses")
    DONE = "done", _("Selesai")
    REJECTED = "rejected", _("Ditolak")
    FAILED = "failed", _("Gagal")


class DataRequest(models.Model):
    """An owner's request under UU 27/2022: a copy of their personal data (built by Celery into a
    ZIP the owner downloads) or its deletion (handled by DPMPTSP staff in the Wagtail admin)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_requests")
    kind = models.CharField(_("jenis"), max_length=10, choices=DataRequestKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DataRequestStatus.choices,
        default=DataRequestStatus.PENDING,
        db_index=True,
    )
    requested_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    reason = models.TextField(_("alasan pemohon"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ditangani oleh"),
    )
    handled_at = models.DateTimeField(_("ditangani pada"), null=True, blank=True)
    notes = models.TextField(_("catatan petugas"), blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="privacy/exports/%Y/%m/", blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        db_table = "portal_datarequest"
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("permintaan data pribadi")
        verbose_name_plural = _("permintaan data pribadi")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (DataRequestStatus.PENDING, DataRequestStatus.PROCESSING)
