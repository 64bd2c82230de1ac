"""What the registry holds about a person, for the personal-data rights (core.personal_data):
the account and owner profile, their businesses with certificates and status history, and their
consents; and how the owner's identity is erased while the registration records stay."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.models import Notification
from core.personal_data import ERASED, as_dict, register
from portal.models import User
from registry.models import Business, BusinessStatus, BusinessStatusChange, Certification, Consent, OwnerProfile


def _owned_businesses(user):
    return Business.objects.filter(owner=user).order_by("pk")


def collect_profile(user: User) -> dict:
    profile = OwnerProfile.objects.filter(user=user).first()
    return {
        "account": as_dict(user, exclude=["password"]),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "owner_profile": as_dict(profile, exclude=["nik_digest"]) if profile else None,
    }


def collect_businesses(user: User) -> list[dict]:
    result = []
    for business in _owned_businesses(user).prefetch_related("kbli_codes", "certifications", "status_changes"):
        item = as_dict(business)
        item["kbli_codes"] = sorted(k.code for k in business.kbli_codes.all())
        item["certifications"] = [as_dict(c) for c in business.certifications.all()]
        item["status_history"] = [as_dict(c, exclude=["actor"]) for c in business.status_changes.all()]
        result.append(item)
    return result


def certification_files(user: User):
    for business in _owned_businesses(user).prefetch_related("certifications"):
        for cert in business.certifications.all():
            if cert.scan:
                yield f"files/certifications/{business.pk}-{Path(cert.scan.name).name}", cert.scan


def collect_consents(user: User) -> list[dict]:
    return [as_dict(c) for c in Consent.objects.filter(user=user).order_by("granted_at", "pk")]


def owner_profiles_erase(profiles, now) -> int:
    """The owner's identity fields, blanked (NIK, phone, email, name); the row stays, marked."""
    return profiles.update(
        full_name=ERASED, nik="", nik_digest="", phone="", email="", allows_whatsapp_contact=False, erased_at=now
    )


def erase_owner(user: User) -> dict:
    """The owner's identity goes; the businesses (registration numbers, NIB, sector, size and
    status history, which DPMPTSP must keep as public-service records) stay, without personal
    fields, and leave the public directory."""
    now = timezone.now()
    emails = {e for e in (user.email, getattr(getattr(user, "owner_profile", None), "email", "")) if e}
    owner_profiles_erase(OwnerProfile.objects.filter(user=user), now)
    withdrawn = Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    businesses = 0
    for business in _owned_businesses(user):
        fields = {"address": "", "description": "", "personal_data_erased_at": now}
        if business.status == BusinessStatus.VERIFIED:
            BusinessStatusChange.objects.create(
                business=business,
                from_status=business.status,
                to_status=BusinessStatus.REJECTED,
                reason="Data pribadi pemilik dihapus atas permintaan pemilik (UU 27/2022).",
            )
            fields.update(
                status=BusinessStatus.REJECTED,
                status_reason="Ditutup: data pribadi pemilik dihapus atas permintaan pemilik.",
            )
        for name, value in fields.items():
            setattr(business, name, value)
        business.save(update_fields=[*fields, "updated_at"])  # signals: search drops it
        businesses += 1
    notifications = Notification.objects.filter(recipient__in=emails).update(recipient=ERASED, body="", whatsapp_url="")
    user.username = f"dihapus-{user.pk}"
    user.email = user.first_name = user.last_name = user.phone = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.remove(*Group.objects.all())
    for session in Session.objects.filter(expire_date__gt=now).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
    return {"businesses": businesses, "consents_withdrawn": withdrawn, "notifications": notifications}


def audited_profile(user: User) -> list:
    return [User.objects.filter(pk=user.pk), OwnerProfile.objects.filter(user=user)]


def audited_businesses(user: User) -> list:
    return [_owned_businesses(user), Certification.objects.filter(business__owner=user)]


def audited_consents(user: User) -> list:
    return [Consent.objects.filter(user=user)]


register("profile", collect=collect_profile, erase=erase_owner, audited=audited_profile, order=1)
register("businesses", collect=collect_businesses, files=certification_files, audited=audited_businesses, order=2)
register("consents", collect=collect_consents, audited=audited_consents, order=3)
