"""Retention rules run by Celery beat (privacy.tasks.personal_data_housekeeping)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from registry.models import Business, BusinessStatus, OwnerProfile
from registry.personal_data import owner_profiles_erase


def rejected_registrations_anonymise(*, now=None) -> int:
    """Retention rule: registrations rejected more than REJECTED_REGISTRATION_RETENTION_DAYS
    ago lose their personal data (address, description; the owner's identity too when the owner
    has nothing else at the portal). Registration number, NIB, sector, size and the status
    history stay for statistics and accountability. Each one is audited."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(days=settings.REJECTED_REGISTRATION_RETENTION_DAYS)
    done = 0
    candidates = (
        Business.objects.filter(
            status=BusinessStatus.REJECTED,
            personal_data_erased_at__isnull=True,
            status_changes__to_status=BusinessStatus.REJECTED,
            status_changes__at__lt=cutoff,
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    for business_id in list(candidates[:500]):
        with transaction.atomic():
            business = Business.objects.select_for_update().get(pk=business_id)
            last = business.status_changes.order_by("-at", "-pk").first()
            if (
                business.status != BusinessStatus.REJECTED
                or business.personal_data_erased_at
                or (last and last.at >= cutoff)
            ):
                continue
            business.address, business.description, business.personal_data_erased_at = "", "", now
            business.save(update_fields=["address", "description", "personal_data_erased_at", "updated_at"])
            owner_has_more = (
                Business.objects.filter(owner_id=business.owner_id).exclude(status=BusinessStatus.REJECTED).exists()
            )
            profile_erased = False
            if not owner_has_more:
                profile_erased = (
                    owner_profiles_erase(
                        OwnerProfile.objects.filter(user_id=business.owner_id, erased_at__isnull=True), now
                    )
                    > 0
                )
            audit_record(
                actor=None,
                action="privacy.retention_anonymised",
                obj=business,
                detail={
                    "rejected_at": last.at.isoformat() if last else None,
                    "owner_profile": profile_erased,
                    "retention_days": settings.REJECTED_REGISTRATION_RETENTION_DAYS,
                },
            )
            done += 1
    return done
