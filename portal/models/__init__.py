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
    RegistrationChannel,
    SizeClass,
)
from .outbox import Notification, NotificationStatus
from .privacy import DataRequest, DataRequestKind, DataRequestStatus
from .pages import (
    ContactPage,
    FaqPage,
    HomeFeaturedBusiness,
    HomePage,
    NewsIndexPage,
    NewsPage,
    Opd,
    OpdService,
    ServiceDirectoryPage,
)
from .reference import KbliCode, Region, RegionLevel

__all__ = [
    "AuditLog",
    "Business",
    "BusinessStatus",
    "BusinessStatusChange",
    "Certification",
    "CertificationKind",
    "Consent",
    "ContactPage",
    "DataRequest",
    "DataRequestKind",
    "DataRequestStatus",
    "FaqPage",
    "HomeFeaturedBusiness",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "Opd",
    "OpdService",
    "ServiceDirectoryPage",
    "RegistrationChannel",
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
