"""The UMKM registry: owners, their businesses, certifications, consents, and the reference data
(regions, KBLI) they are described with. Tables keep their portal_* names (moved from the portal
app with SeparateDatabaseAndState; see registry/migrations/0001_initial.py)."""

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
from .owners import OwnerProfile
from .reference import KbliCode, Region, RegionLevel
from .signups import SignupRequest

__all__ = [
    "Business",
    "BusinessStatus",
    "BusinessStatusChange",
    "Certification",
    "CertificationKind",
    "Consent",
    "KbliCode",
    "LegalForm",
    "OwnerProfile",
    "RegistrationChannel",
    "Region",
    "RegionLevel",
    "SignupRequest",
    "SizeClass",
]
