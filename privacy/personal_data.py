"""What privacy itself holds about a person: their data requests, and who looked at or changed
their data (from the audit log)."""

from __future__ import annotations

from django.db.models import Q

from core.audit import object_label
from core.models import AuditLog
from core.personal_data import as_dict, register
from portal.models import User
from privacy.models import DataRequest
from registry.models import Business, OwnerProfile


def collect_requests(user: User) -> list[dict]:
    return [as_dict(r, exclude=["file", "handled_by"]) for r in DataRequest.objects.filter(user=user)]


def collect_access_log(user: User) -> list[dict]:
    """Who looked at or changed this person's data (UU 27/2022: the right to know)."""
    business_ids = [str(pk) for pk in Business.objects.filter(owner=user).values_list("pk", flat=True)]
    profile_ids = [str(pk) for pk in OwnerProfile.objects.filter(user=user).values_list("pk", flat=True)]
    entries = AuditLog.objects.filter(
        Q(actor=user)
        | Q(object_type=object_label(User), object_id=str(user.pk))
        | Q(object_type=object_label(Business), object_id__in=business_ids)
        | Q(object_type=object_label(OwnerProfile), object_id__in=profile_ids)
        | Q(detail__business_id__in=[int(i) for i in business_ids])
    ).order_by("at", "pk")
    return [
        {
            "at": e.at,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "by_self": e.actor_id == user.pk,
        }
        for e in entries
    ]


register("data_requests", collect=collect_requests, order=90)
register("access_log", collect=collect_access_log, order=91)
