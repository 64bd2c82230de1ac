"""Who a NIK belongs to (issue 17, finding 1).

A NIK typed online is a *claim*: it is stored (encrypted, with its digest) but binds nothing, so
someone who types another person's NIK first blocks nobody and learns nothing. It becomes the
account's identity when staff confirm it against the e-KTP: at the counter, or when verifying a
registration. The database holds one *confirmed* account per NIK
(`ownerprofile_confirmed_nik_unique`). Other accounts claiming a confirmed NIK are disputed:
staff see them in the admin (Sengketa NIK) and release the claim.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditContext, audit_record
from core.crypto import digest
from core.notifications import notify_email
from registry.models import OwnerProfile

VIA_COUNTER = "counter"
VIA_VERIFICATION = "verification"


class NikDisputed(Exception):
    """The NIK is confirmed for another account: this one cannot take it."""

    def __init__(self, holder: OwnerProfile | None):
        super().__init__("nik confirmed for another account")
        self.holder = holder

    @property
    def message(self) -> str:
        return _(
            "NIK ini sudah dikonfirmasi dengan e-KTP untuk akun lain. Periksa e-KTP pemilik; "
            "bila akun itu bukan miliknya, selesaikan di menu Sengketa NIK."
        )


def nik_holders(nik: str) -> list[OwnerProfile]:
    """Every account claiming `nik`, the confirmed one first: what counter staff choose from."""
    return list(
        OwnerProfile.objects.select_related("user")
        .filter(nik_digest=digest(nik))
        .order_by(F("nik_confirmed_at").asc(nulls_last=True), "created_at")
    )


def confirmed_holder(nik_digest: str) -> OwnerProfile | None:
    return OwnerProfile.objects.filter(nik_digest=nik_digest, nik_confirmed_at__isnull=False).first()


def confirmed_holders(digests) -> QuerySet[OwnerProfile]:
    return OwnerProfile.objects.select_related("user").filter(nik_digest__in=digests, nik_confirmed_at__isnull=False)


def nik_confirm(*, profile: OwnerProfile, actor, via: str, audit: AuditContext | None = None) -> OwnerProfile:
    """Staff saw the e-KTP: `profile`'s NIK is now its identity. Idempotent. Raises NikDisputed
    when another account holds the confirmed NIK (the constraint decides a race)."""
    if profile.nik_confirmed_at is not None or not profile.nik_digest:
        return profile
    try:
        with transaction.atomic():
            updated = OwnerProfile.objects.filter(pk=profile.pk, nik_confirmed_at__isnull=True).update(
                nik_confirmed_at=timezone.now(), nik_confirmed_by=actor, nik_confirmed_via=via
            )
    except IntegrityError:
        raise NikDisputed(confirmed_holder(profile.nik_digest)) from None
    if updated:
        audit_record(actor=actor, action="owner.nik_confirmed", obj=profile, detail={"via": via}, context=audit)
    profile.refresh_from_db(fields=["nik_confirmed_at", "nik_confirmed_by", "nik_confirmed_via"])
    return profile


def disputed_claims() -> QuerySet[OwnerProfile]:
    """Unconfirmed accounts claiming a NIK another account has confirmed, oldest first."""
    confirmed = OwnerProfile.objects.filter(nik_digest=OuterRef("nik_digest"), nik_confirmed_at__isnull=False).exclude(
        pk=OuterRef("pk")
    )
    return (
        OwnerProfile.objects.select_related("user")
        .exclude(nik_digest="")
        .filter(nik_confirmed_at__isnull=True)
        .filter(Exists(confirmed))
        .order_by("created_at")
    )


def nik_claim_release(*, profile: OwnerProfile, actor, note: str = "", audit: AuditContext | None = None) -> None:
    """Staff resolve a dispute: the unconfirmed account loses the NIK it claimed (its owner is
    told, and must give their own NIK before registering a business again)."""
    released = OwnerProfile.objects.filter(Q(pk=profile.pk) & Q(nik_confirmed_at__isnull=True)).update(
        nik="", nik_digest=""
    )
    if not released:
        return
    audit_record(actor=actor, action="owner.nik_released", obj=profile, detail={"note": note}, context=audit)
    email = profile.email or profile.user.email
    if email:
        notify_email(
            to=email,
            subject=_("NIK pada akun Etalase MPP Anda dilepas"),
            template="core/email/message.txt",
            context={
                "name": profile.full_name,
                "message": _(
                    "NIK yang tercatat di akun Anda sudah dikonfirmasi dengan e-KTP untuk orang lain, "
                    "sehingga dilepas dari akun Anda. Bila ini keliru, datanglah ke loket MPP dengan e-KTP Anda."
                ),
            },
            topic="owner.nik_released",
        )
