from .accounts import OwnerProfile, User
from .audit import AuditLog
from .business import (
    Business,
    BusinessStatus,
    BusinessStatusChange,
    Certification,
    CertificationKind,
    Consent,
    LegalForm,
    SizeClass,
)
from .outbox import Notification, NotificationStatus
from .pages import HomePage
from .reference import KbliCode, Region, RegionLevel

__all__ = [
    "AuditLog",
    "Business",
    "BusinessStatus",
    "BusinessStatusChange",
    "Certification",
    "CertificationKind",
    "Consent",
    "HomePage",
    "Notification",
    "NotificationStatus",
    "KbliCode",
    "LegalForm",
    "OwnerProfile",
    "Region",
    "RegionLevel",
    "SizeClass",
    "User",
]
