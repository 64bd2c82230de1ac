"""What privacy itself holds about a person: their data requests, and who looked at or changed
their data (from the audit log)."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils.translation import gettext as _

from core.audit import audit_about
from core.models import AuditLog
from core.personal_data import as_dict, audited_rows, register
from financing.models import BankOfficer
from portal import roles
from portal.models import User
from privacy.models import DataRequest
from training.models import TrainingOfficer


def collect_requests(user: User) -> list[dict]:
    return [as_dict(r, exclude=["file", "handled_by"]) for r in DataRequest.objects.filter(user=user)]


def audited_requests(user: User) -> list:
    return [DataRequest.objects.filter(user=user)]


def access_log_entries(user: User):
    """Every audit entry about this person's data (each app's `audited` rows: profile,
    businesses, certifications, consents, leads, products, orders, sign-ups, requests…) or
    written by them; `is_about` tells the first kind apart."""
    about = audit_about(audited_rows(user))
    return AuditLog.objects.filter(about | Q(actor=user)).annotate(
        is_about=Case(When(about, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def _actors(ids: set[int]) -> dict[int, dict]:
    """Who each actor is, in four queries for any number of them: name, roles and, for bank and
    training officers, the organisation they act for."""
    officers = {o.user_id: o for o in BankOfficer.objects.filter(user_id__in=ids).select_related("lender", "branch")}
    trainers = {t.user_id: t for t in TrainingOfficer.objects.filter(user_id__in=ids)}
    described = {}
    for actor in User.objects.filter(pk__in=ids).prefetch_related("groups"):
        codes = [g.name for g in actor.groups.all()]
        labels = [str(roles.ROLE_LABELS[c]) for c in roles.ROLE_LABELS if c in codes]
        if actor.is_superuser and not labels:
            labels = [str(roles.ROLE_LABELS[roles.ADMINISTRATOR])]
        organisation = ""
        if actor.pk in officers:
            officer = officers[actor.pk]
            organisation = officer.lender.name + (f" — {officer.branch.name}" if officer.branch else "")
        elif actor.pk in trainers:
            organisation = trainers[actor.pk].get_organiser_display()
        described[actor.pk] = {"name": actor.display_name, "roles": labels, "organisation": str(organisation)}
    return described


def _object_label(object_type: str, cache: dict) -> str:
    if object_type not in cache:
        try:
            cache[object_type] = str(apps.get_model(object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            cache[object_type] = object_type
    return cache[object_type]


def collect_access_log(user: User) -> list[dict]:
    """Who looked at or changed this person's data, what and when (UU 27/2022: the right to
    know): the newest PERSONAL_DATA_ACCESS_LOG_LIMIT entries, oldest first, in a fixed number
    of queries. Staff and bank officers are named with their role and organisation; the
    details of an entry are shown only when it is about this person's data."""
    limit = settings.PERSONAL_DATA_ACCESS_LOG_LIMIT
    entries = list(access_log_entries(user).order_by("-at", "-pk")[:limit])
    entries.reverse()
    actors = _actors({e.actor_id for e in entries if e.actor_id})
    system = {"name": _("Sistem (proses otomatis)"), "roles": [], "organisation": settings.PORTAL_NAME}
    labels: dict[str, str] = {}
    return [
        {
            "at": e.at,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "object": _object_label(e.object_type, labels) if e.object_type else "",
            "detail": e.detail if e.is_about else {},
            "by_self": e.actor_id == user.pk,
            "by": actors.get(e.actor_id, system) if e.actor_id else system,
        }
        for e in entries
    ]


def collect_access_log_summary(user: User) -> dict:
    total = access_log_entries(user).count()
    limit = settings.PERSONAL_DATA_ACCESS_LOG_LIMIT
    return {"entries": total, "included": min(total, limit), "limit": limit}


register("data_requests", collect=collect_requests, audited=audited_requests, order=90)
register("access_log", collect=collect_access_log, order=91)
register("access_log_summary", collect=collect_access_log_summary, order=92)
