"""Writing the audit log: every view of unmasked personal data and every staff action."""
from core.models import AuditLog


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


def audit_record(*, actor, action: str, obj=None, detail: dict | None = None, request=None) -> AuditLog:
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_label(obj) if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
        ip_address=client_ip(request),
    )


def object_label(model) -> str:
    """How the log names a model (its label, e.g. "registry.business")."""
    return model._meta.label_lower


def audit_entries_for(obj):
    """Every entry about this object, newest first."""
    return AuditLog.objects.filter(object_type=object_label(obj), object_id=str(obj.pk))
