"""Writing the audit log: every view of unmasked personal data and every staff action.

Services never see the HTTP request: a view hands them an `AuditContext` (what the log records
about where an action came from), so the same service runs from a view, a task or a command."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from core.models import AuditLog
from core.security import client_ip as security_client_ip


@dataclass(frozen=True)
class AuditContext:
    ip_address: str | None = None

    @classmethod
    def from_request(cls, request) -> AuditContext:
        return cls(ip_address=client_ip(request))


def client_ip(request) -> str | None:
    """The client's address as the trusted proxy saw it (core.security.client_ip)."""
    if request is None:
        return None
    return security_client_ip(request)


def audit_record(
    *, actor, action: str, obj=None, detail: dict | None = None, context: AuditContext | None = None, request=None
) -> AuditLog:
    """`context` from a service; a view may pass its `request` instead (read the same way)."""
    if context is None:
        context = AuditContext.from_request(request)
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_label(obj) if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
        ip_address=context.ip_address,
    )


def object_label(model) -> str:
    """How the log names a model (its label, e.g. "registry.business")."""
    return model._meta.label_lower


def audit_about(querysets) -> Q:
    """The condition "this entry is about a row of one of these querysets": each queryset is a
    sub-select of its primary keys against the (object_type, object_id) index, so a person's
    entries come in one query however many rows they own."""
    condition = Q(pk__in=[])
    for queryset in querysets:
        ids = queryset.order_by().annotate(_audit_id=Cast("pk", output_field=CharField())).values("_audit_id")
        condition |= Q(object_type=object_label(queryset.model), object_id__in=ids)
    return condition


def audit_entries_for(obj):
    """Every entry about this object, newest first."""
    return AuditLog.objects.filter(object_type=object_label(obj), object_id=str(obj.pk))
