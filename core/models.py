from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    """Append-only record of personal-data access and staff actions."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        db_table = "portal_auditlog"
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("log audit")
        verbose_name_plural = _("log audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("AuditLog entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("AuditLog entries are append-only")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class Notification(models.Model):
    """A transactional outbox row: written in the same transaction as the change it reports,
    so a message is never lost when Redis or the mail server is down; delivered by Celery."""

    created_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=16, default="email")
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    whatsapp_url = models.URLField(max_length=1000, blank=True)
    topic = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # When a worker claimed it for sending: a claim older than the lease (core.tasks) is a
    # worker that died mid-send, and the sweeper claims the row again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        db_table = "portal_notification"
        ordering = ["-created_at"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
