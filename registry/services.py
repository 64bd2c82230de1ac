"""Writes of portal data: owner accounts, the registration wizard, submission and verification.

Views call one of these; each keeps its own transaction, writes the status history and the
audit log, and queues notifications through the outbox."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import AuditContext, audit_record
from core.identifiers import whatsapp_url
from core.notifications import enqueue_on_commit, notify_email
from portal import roles
from portal.models import User
from registry import identity
from registry.consents import consent_grant
from registry.models import (
    Business,
    BusinessStatus,
    BusinessStatusChange,
    Certification,
    Consent,
    KbliCode,
    OwnerProfile,
    Region,
    RegistrationChannel,
)
from registry.registration import CONSENT_BY_PURPOSE, LAST_STEP, registration_number_for, status_url
from registry.sizing import size_class_for
from registry.tasks import refresh_business_size_class

EDITABLE_STATUSES = (BusinessStatus.DRAFT, BusinessStatus.NEEDS_CHANGES)


class TransitionError(Exception):
    """A status change that the registration's current status does not allow."""


# --- owners ------------------------------------------------------------------------------------


def _unique_username(email: str, full_name: str) -> str:
    base = slugify(email.split("@")[0] if email else full_name)[:20] or "pemilik"
    candidate = base
    while User.objects.filter(username=candidate).exists():
        candidate = f"{base}-{secrets.token_hex(2)}"
    return candidate


def nik_disputed_error(error: identity.NikDisputed) -> ValidationError:
    return ValidationError({"nik": ValidationError(error.message, code="nik_disputed")})


@transaction.atomic
def owner_account_create(
    *,
    full_name: str,
    nik: str,
    phone: str,
    email: str,
    allows_whatsapp_contact: bool,
    password: str | None = None,
    created_by: User | None = None,
    audit: AuditContext | None = None,
) -> User:
    """A new owner account. Without a password (walk-in at the counter) the account cannot log
    in until the owner follows the invitation link sent to their email. The NIK is a claim
    (registry.identity); created at the counter, staff saw the e-KTP and it is confirmed at
    once, which a NIK confirmed for another account refuses (`nik_disputed`)."""
    first, _sep, last = full_name.strip().partition(" ")
    user = User(
        username=_unique_username(email, full_name),
        email=email,
        first_name=first[:150],
        last_name=last[:150],
        phone=phone,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    for attempt in range(3):
        try:
            with transaction.atomic():
                user.save()
            break
        except IntegrityError:
            # Another account took the name between the check and the save.
            if attempt == 2:
                raise
            user.pk = None
            user.username = f"{user.username[:20]}-{secrets.token_hex(3)}"
    user.groups.add(Group.objects.get(name=roles.OWNER))
    profile = OwnerProfile.objects.create(
        user=user,
        full_name=full_name.strip(),
        nik=nik,
        phone=phone,
        email=email,
        allows_whatsapp_contact=allows_whatsapp_contact,
    )
    if created_by is not None:
        try:
            identity.nik_confirm(profile=profile, actor=created_by, via=identity.VIA_COUNTER, audit=audit)
        except identity.NikDisputed as error:
            raise nik_disputed_error(error) from None
    audit_record(
        actor=created_by or user,
        action="owner.create",
        obj=user,
        detail={"assisted": created_by is not None},
        context=audit,
    )
    if created_by is not None:
        owner_invite(user=user, invited_by=created_by)
    return user


NEW_ACCOUNT = "new"


def owner_for_counter(
    *,
    full_name: str,
    nik: str,
    phone: str,
    email: str,
    allows_whatsapp_contact: bool,
    choice: str,
    created_by: User,
    audit: AuditContext | None = None,
) -> User:
    """The counter's walk-in, with the e-KTP in front of staff. `choice` is what staff picked
    among the accounts claiming this NIK (`identity.nik_holders`): one of them (its NIK is then
    confirmed) or NEW_ACCOUNT (a new account whose NIK is confirmed at once). Raises
    ValidationError when the choice no longer matches (a holder appeared or was confirmed
    meanwhile): the view shows the choice again."""
    holders = {str(p.user_id): p for p in identity.nik_holders(nik)}
    if choice == NEW_ACCOUNT:
        owner = owner_account_create(
            full_name=full_name,
            nik=nik,
            phone=phone,
            email=email,
            allows_whatsapp_contact=allows_whatsapp_contact,
            created_by=created_by,
            audit=audit,
        )
    elif choice in holders:
        try:
            identity.nik_confirm(profile=holders[choice], actor=created_by, via=identity.VIA_COUNTER, audit=audit)
        except identity.NikDisputed as error:
            raise nik_disputed_error(error) from None
        owner = holders[choice].user
    else:
        raise ValidationError(
            {"owner_choice": _("Pilih akun pemilik dari daftar, atau buat akun baru.")}, code="owner_choice"
        )
    audit_record(
        actor=created_by,
        action="owner.counter_chosen",
        obj=owner,
        detail={"choice": "new" if choice == NEW_ACCOUNT else "existing", "candidates": sorted(holders)},
        context=audit,
    )
    return owner


def owner_invite(*, user: User, invited_by: User) -> None:
    """Email a set-your-password link (Django's password-reset token) to a counter-registered owner."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    notify_email(
        to=user.email,
        subject=_("Undangan akun Etalase MPP"),
        template="registry/email/owner_invitation.txt",
        context={"user": user, "link": link, "staff": invited_by, "PORTAL_NAME": settings.PORTAL_NAME},
        topic="owner.invitation",
    )


@transaction.atomic
def owner_profile_update(
    *,
    user: User,
    full_name: str,
    nik: str,
    phone: str,
    email: str,
    allows_whatsapp_contact: bool,
    actor: User | None = None,
    audit: AuditContext | None = None,
) -> OwnerProfile:
    profile, _created = OwnerProfile.objects.get_or_create(user=user, defaults={"full_name": full_name})
    if profile.nik != nik:
        # A new NIK is a new claim: the e-KTP staff saw was for the old one.
        profile.nik_confirmed_at, profile.nik_confirmed_by, profile.nik_confirmed_via = None, None, ""
    profile.full_name = full_name.strip()
    profile.nik = nik
    profile.phone = phone
    profile.email = email
    profile.allows_whatsapp_contact = allows_whatsapp_contact
    profile.save()
    if email and not user.email:
        user.email = email
        user.save(update_fields=["email"])
    if not user.groups.filter(name=roles.OWNER).exists():
        user.groups.add(Group.objects.get(name=roles.OWNER))
    audit_record(actor=actor or user, action="owner.profile_update", obj=profile, context=audit)
    return profile


# --- the wizard ----------------------------------------------------------------------------------


def _draft_slug() -> str:
    return f"draf-{secrets.token_hex(6)}"


def business_draft_create(*, owner: User, registered_by: User | None = None) -> Business:
    """The wizard's first step creates the draft so every later step saves into it and the
    owner (or counter staff) can resume from the dashboard."""
    return Business.objects.create(
        owner=owner,
        name="",
        slug=_draft_slug(),
        status=BusinessStatus.DRAFT,
        channel=RegistrationChannel.COUNTER if registered_by else RegistrationChannel.ONLINE,
        registered_by=registered_by,
        registration_step=2,
    )


def _advance(business: Business, step: int) -> None:
    business.registration_step = min(max(business.registration_step, step + 1), LAST_STEP)


def _ensure_editable(business: Business) -> None:
    if business.status not in EDITABLE_STATUSES:
        raise TransitionError(_("Pendaftaran ini sudah dikirim dan tidak dapat diubah."))


def _business_slug(name: str, pk: int) -> str:
    return f"{slugify(name)[:150] or 'usaha'}-{pk}"


def _business_save(business: Business) -> None:
    """Save, with the database's unique constraints (NIB; one name per owner) deciding races the
    forms' checks cannot, each turned into the field's error."""
    try:
        with transaction.atomic():
            business.save()
    except IntegrityError as exc:
        if "business_owner_name_unique" in str(exc):
            raise ValidationError(
                {
                    "name": _(
                        "Usaha dengan nama ini sudah terdaftar atas nama Anda. "
                        "Lanjutkan pendaftaran itu dari halaman Akun saya."
                    )
                }
            ) from exc
        raise ValidationError({"nib": _("NIB ini sudah terdaftar untuk usaha lain.")}) from exc


@transaction.atomic
def business_details_save(
    *,
    business: Business,
    name: str,
    legal_form: str,
    nib: str,
    npwp: str,
    kbli_codes: list[KbliCode],
    started_year: int | None,
    capital: int,
    annual_sales: int,
    employees: int,
    description: str,
) -> Business:
    """Step 2. The size class follows capital at registration (PP 7/2021 art. 35)."""
    _ensure_editable(business)
    business.name = name.strip()
    business.slug = _business_slug(business.name, business.pk)
    business.legal_form = legal_form
    business.nib = nib
    business.npwp = npwp
    business.primary_kbli = kbli_codes[0] if kbli_codes else None
    business.started_on = date(started_year, 1, 1) if started_year else None
    business.capital = capital
    business.annual_sales = annual_sales
    business.size_class = size_class_for(capital=capital, annual_sales=annual_sales, at_registration=True)
    business.employees = employees
    business.description = description
    _advance(business, 2)
    _business_save(business)
    business.kbli_codes.set(kbli_codes)
    return business


@transaction.atomic
def business_location_save(*, business: Business, kecamatan: Region, desa: Region, address: str) -> Business:
    _ensure_editable(business)
    if desa.parent_id != kecamatan.pk:
        raise ValidationError({"desa": _("Desa/kelurahan tidak berada di kecamatan yang dipilih.")})
    business.kecamatan = kecamatan
    business.desa = desa
    business.address = address.strip()
    _advance(business, 3)
    business.save()
    return business


def _certifications_apply(business: Business, items: list[dict]) -> dict[str, list[str]]:
    """One certification per kind: `items` holds the kinds filled in (kind, number, expires_on,
    scan or None); kinds not in `items` are removed. A certification whose number, expiry or scan
    changes must be checked by staff again (`is_verified` cleared); an unchanged one keeps its
    check. Returns the kinds added, replaced and removed."""
    existing = {c.kind: c for c in business.certifications.all()}
    result: dict[str, list[str]] = {"added": [], "replaced": [], "removed": []}
    kept = []
    for item in items:
        certification = existing.get(item["kind"])
        expires_on = item.get("expires_on")
        if certification is None:
            certification = Certification(business=business, kind=item["kind"])
            result["added"].append(item["kind"])
        elif (certification.number, certification.expires_on) != (item["number"], expires_on) or item.get("scan"):
            result["replaced"].append(item["kind"])
        else:
            kept.append(certification.pk)
            continue
        certification.number = item["number"]
        certification.expires_on = expires_on
        if item.get("scan"):
            certification.scan = item["scan"]
        certification.is_verified = False
        certification.save()
        kept.append(certification.pk)
    removed = business.certifications.exclude(pk__in=kept)
    result["removed"] = sorted(set(removed.values_list("kind", flat=True)))
    removed.delete()
    return result


@transaction.atomic
def business_certifications_save(*, business: Business, items: list[dict]) -> Business:
    """Step 4. `items` holds one dict per certification kind the owner filled in
    (kind, number, expires_on, scan or None); kinds left empty are removed."""
    _ensure_editable(business)
    _certifications_apply(business, items)
    _advance(business, 4)
    business.save(update_fields=["registration_step", "updated_at"])
    return business


def consents_record(
    *, user: User, business: Business, purposes: list[str], collected_by: User | None = None
) -> list[Consent]:
    """One consent per purpose with the text version agreed to (registry.consents)."""
    return [
        consent_grant(
            user=user,
            business=business,
            purpose=purpose,
            text_version=CONSENT_BY_PURPOSE[purpose].version,
            text=CONSENT_BY_PURPOSE[purpose].text,
            collected_by=collected_by,
        )
        for purpose in purposes
    ]


def business_missing_for_submit(business: Business) -> list[str]:
    """What still blocks submission, as messages the wizard shows."""
    missing = []
    if not business.name:
        missing.append(_("Data usaha (langkah 2) belum diisi."))
    if not business.primary_kbli_id:
        missing.append(_("Kode KBLI belum diisi."))
    if not business.kecamatan_id or not business.desa_id:
        missing.append(_("Lokasi usaha (langkah 3) belum diisi."))
    if not OwnerProfile.objects.filter(user_id=business.owner_id).exclude(nik="").exists():
        missing.append(_("Data pemilik (langkah 1) belum lengkap."))
    return missing


def _owner_contact(business: Business) -> tuple[str, str]:
    profile = OwnerProfile.objects.filter(user_id=business.owner_id).first()
    email = (profile.email if profile else "") or business.owner.email
    phone = profile.phone if profile else business.owner.phone
    return email, phone


def _transition(
    *,
    business: Business,
    to_status: str,
    allowed_from: tuple[str, ...],
    actor: User | None,
    reason: str = "",
    audit: AuditContext | None = None,
) -> Business:
    locked = Business.objects.select_for_update().get(pk=business.pk)
    if locked.status not in allowed_from:
        raise TransitionError(
            _("Status %(status)s tidak dapat diubah menjadi %(to)s.")
            % {"status": locked.get_status_display(), "to": BusinessStatus(to_status).label}
        )
    from_status = locked.status
    now = timezone.now()
    locked.status = to_status
    locked.status_reason = reason
    fields = ["status", "status_reason", "updated_at"]
    if to_status == BusinessStatus.SUBMITTED:
        locked.submitted_at = now
        fields.append("submitted_at")
        if not locked.registration_number:
            locked.registration_number = registration_number_for(locked)
            fields.append("registration_number")
    if to_status == BusinessStatus.VERIFIED:
        locked.verified_at = now
        fields.append("verified_at")
    locked.save(update_fields=fields)
    BusinessStatusChange.objects.create(
        business=locked, from_status=from_status, to_status=to_status, reason=reason, actor=actor
    )
    audit_record(
        actor=actor,
        action=f"business.{to_status}",
        obj=locked,
        detail={"from": from_status, "reason": reason},
        context=audit,
    )
    business.__dict__.update({f: getattr(locked, f) for f in fields})
    return locked


STATUS_MESSAGES = {
    BusinessStatus.SUBMITTED: gettext_noop("Pendaftaran usaha Anda sudah kami terima dan menunggu verifikasi."),
    BusinessStatus.VERIFIED: gettext_noop("Selamat, usaha Anda sudah terverifikasi dan tampil di direktori publik."),
    BusinessStatus.NEEDS_CHANGES: gettext_noop("Pendaftaran usaha Anda perlu diperbaiki."),
    BusinessStatus.REJECTED: gettext_noop("Pendaftaran usaha Anda ditolak."),
}


def _notify_owner(business: Business) -> str:
    """Email through the outbox; returns the wa.me link staff can open to tell the owner too."""
    email, phone = _owner_contact(business)
    message = _(STATUS_MESSAGES[business.status])
    link = status_url(business)
    text = f"{message} {business.name} ({business.registration_number})."
    if business.status_reason:
        text += " " + _("Alasan: %(reason)s") % {"reason": business.status_reason}
    text += " " + link
    wa_link = whatsapp_url(phone, text) if phone else ""
    notify_email(
        to=email,
        subject=_("%(status)s: %(name)s") % {"status": business.get_status_display(), "name": business.name},
        template="registry/email/business_status.txt",
        context={"business": business, "message": message, "status_link": link, "PORTAL_NAME": settings.PORTAL_NAME},
        topic=f"business.{business.status}",
        whatsapp_url=wa_link,
    )
    return wa_link


@transaction.atomic
def business_submit(
    *, business: Business, actor: User, purposes: list[str], audit: AuditContext | None = None
) -> Business:
    """Step 5: consents recorded (as the owner's; collected by counter staff when assisted),
    the registration numbered and queued for DPMPTSP verification."""
    missing = business_missing_for_submit(business)
    if missing:
        raise ValidationError(missing)
    required = [c.purpose for c in CONSENT_BY_PURPOSE.values() if c.is_required]
    if not set(required) <= set(purposes):
        raise ValidationError(_("Persetujuan yang wajib belum dicentang."))
    collected_by = actor if actor.pk != business.owner_id else None
    consents_record(user=business.owner, business=business, purposes=purposes, collected_by=collected_by)
    business = _transition(
        business=business,
        to_status=BusinessStatus.SUBMITTED,
        allowed_from=EDITABLE_STATUSES,
        actor=actor,
        audit=audit,
    )
    business.registration_step = LAST_STEP
    business.save(update_fields=["registration_step"])
    _notify_owner(business)
    return business


@transaction.atomic
def business_verify(*, business: Business, actor: User, note: str = "", audit: AuditContext | None = None) -> str:
    """Returns the wa.me link for staff to message the owner. Verifying confirms the owner's NIK
    (staff checked it against the documents); a NIK confirmed for another account refuses."""
    profile = OwnerProfile.objects.filter(user_id=business.owner_id).first()
    if profile is not None:
        try:
            identity.nik_confirm(profile=profile, actor=actor, via=identity.VIA_VERIFICATION, audit=audit)
        except identity.NikDisputed as error:
            raise ValidationError(error.message, code="nik_disputed") from None
    business = _transition(
        business=business,
        to_status=BusinessStatus.VERIFIED,
        allowed_from=(BusinessStatus.SUBMITTED,),
        actor=actor,
        reason=note,
        audit=audit,
    )
    business.certifications.filter(scan__gt="").update(is_verified=True)
    return _notify_owner(business)


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasannya agar pemilik tahu apa yang harus dilakukan.")})
    return reason


@transaction.atomic
def business_request_changes(*, business: Business, actor: User, reason: str, audit: AuditContext | None = None) -> str:
    reason = _require_reason(reason)
    business = _transition(
        business=business,
        to_status=BusinessStatus.NEEDS_CHANGES,
        allowed_from=(BusinessStatus.SUBMITTED,),
        actor=actor,
        reason=reason,
        audit=audit,
    )
    return _notify_owner(business)


@transaction.atomic
def business_reject(*, business: Business, actor: User, reason: str, audit: AuditContext | None = None) -> str:
    reason = _require_reason(reason)
    business = _transition(
        business=business,
        to_status=BusinessStatus.REJECTED,
        allowed_from=(BusinessStatus.SUBMITTED,),
        actor=actor,
        reason=reason,
        audit=audit,
    )
    return _notify_owner(business)


# --- owners editing a registered business -------------------------------------------------------

# After submission the owner edits through /akun/usaha/<id>/ubah/ (the wizard is for drafts and
# registrations sent back for changes). Name, legal form and NIB identify the business to
# DPMPTSP: changing one on a verified business sends it back to verification; while a
# registration is being verified they cannot change. NIK is never changed here (counter).
OWNER_EDIT_STATUSES = (BusinessStatus.SUBMITTED, BusinessStatus.VERIFIED)
IDENTITY_FIELDS = ("name", "legal_form", "nib")


def _ensure_owner_editable(business: Business) -> None:
    if business.status not in OWNER_EDIT_STATUSES:
        raise TransitionError(
            _("Data usaha dengan status %(status)s tidak dapat diubah di sini.")
            % {"status": business.get_status_display()}
        )


def _enqueue_size_class_refresh(business: Business) -> None:
    enqueue_on_commit(refresh_business_size_class, business.pk)


@transaction.atomic
def business_owner_update(
    *,
    business: Business,
    actor: User,
    name: str,
    legal_form: str,
    nib: str,
    npwp: str,
    kbli_codes: list[KbliCode],
    started_year: int | None,
    capital: int,
    annual_sales: int,
    employees: int,
    description: str,
    kecamatan: Region,
    desa: Region,
    address: str,
    phone: str,
    allows_whatsapp_contact: bool,
    audit: AuditContext | None = None,
) -> list[str]:
    """The owner's own edit of a submitted or verified business. Returns the changed field names.

    Every edit is audited (field names; old and new values for identity fields only, never
    personal data). An identity change on a verified business moves it back to `submitted`
    with a status-history entry, so staff verify the new data before it is public again. When
    capital or sales change on a business verified before, the size class is recomputed from
    sales by the `refresh_business_size_class` task after commit (PP 7/2021 art. 35); before its
    first verification the size class follows capital at once, as in the wizard."""
    locked = Business.objects.select_for_update().get(pk=business.pk)
    _ensure_owner_editable(locked)
    if desa.parent_id != kecamatan.pk:
        raise ValidationError({"desa": _("Desa/kelurahan tidak berada di kecamatan yang dipilih.")})
    started_on = date(started_year, 1, 1) if started_year else None
    if started_on and locked.started_on and locked.started_on.year == started_year:
        started_on = locked.started_on  # the form edits the year only
    values = {
        "name": name.strip(),
        "legal_form": legal_form,
        "nib": nib,
        "npwp": npwp,
        "started_on": started_on,
        "capital": capital,
        "annual_sales": annual_sales,
        "employees": employees,
        "description": description,
        "kecamatan_id": kecamatan.pk,
        "desa_id": desa.pk,
        "address": address.strip(),
        "primary_kbli_id": kbli_codes[0].pk if kbli_codes else None,
    }
    changed = [field for field, value in values.items() if getattr(locked, field) != value]
    old_codes = set(locked.kbli_codes.values_list("pk", flat=True))
    if old_codes != {k.pk for k in kbli_codes}:
        changed.append("kbli_codes")
    identity = {f: [getattr(locked, f), values[f]] for f in IDENTITY_FIELDS if f in changed}
    if identity and locked.status != BusinessStatus.VERIFIED:
        raise ValidationError(_("Nama, bentuk usaha dan NIB tidak dapat diubah selama pendaftaran diverifikasi."))
    for field, value in values.items():
        setattr(locked, field, value)
    if ("capital" in changed or "annual_sales" in changed) and locked.verified_at is None:
        locked.size_class = size_class_for(capital=capital, annual_sales=annual_sales, at_registration=True)
    _business_save(locked)
    if "kbli_codes" in changed:
        locked.kbli_codes.set(kbli_codes)

    profile = OwnerProfile.objects.filter(user_id=locked.owner_id).first()
    if profile is not None:
        contact = {"phone": phone, "allows_whatsapp_contact": allows_whatsapp_contact}
        contact_changed = [f for f, v in contact.items() if getattr(profile, f) != v]
        if contact_changed:
            for field in contact_changed:
                setattr(profile, field, contact[field])
            profile.save(update_fields=[*contact_changed, "updated_at"])  # the NIK is not rewritten
            changed += contact_changed
    if not changed:
        return []
    audit_record(
        actor=actor,
        action="business.owner_update",
        obj=locked,
        context=audit,
        detail={"fields": changed, "identity": identity},
    )
    if ("capital" in changed or "annual_sales" in changed) and locked.verified_at is not None:
        _enqueue_size_class_refresh(locked)
    if identity:
        labels = {"name": "nama usaha", "legal_form": "bentuk usaha", "nib": "NIB"}
        # The status history is shown to staff and owner in Indonesian, the source language.
        reason = "Data identitas diubah pemilik: " + ", ".join(labels[f] for f in identity)
        locked = _transition(
            business=locked,
            to_status=BusinessStatus.SUBMITTED,
            allowed_from=(BusinessStatus.VERIFIED,),
            actor=actor,
            reason=reason,
            audit=audit,
        )
        _notify_owner(locked)
    business.refresh_from_db()
    return changed


@transaction.atomic
def business_owner_certifications_update(
    *, business: Business, actor: User, items: list[dict], audit: AuditContext | None = None
) -> dict[str, list[str]]:
    """The owner adds, replaces or removes certifications of a submitted or verified business.
    New and replaced certifications wait for a staff check (readiness for partner channels
    counts only checked ones); the change is audited."""
    locked = Business.objects.select_for_update().get(pk=business.pk)
    _ensure_owner_editable(locked)
    result = _certifications_apply(locked, items)
    if any(result.values()):
        audit_record(actor=actor, action="certification.owner_update", obj=locked, detail=result, context=audit)
        Business.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return result


def certification_mark_checked(
    *, certification: Certification, actor: User, audit: AuditContext | None = None
) -> Certification:
    """Staff have looked at a scan added or replaced after verification."""
    if not certification.scan:
        raise ValidationError(_("Sertifikat tanpa pindaian tidak dapat ditandai sudah diperiksa."))
    if not certification.is_verified:
        certification.is_verified = True
        certification.save(update_fields=["is_verified"])
        audit_record(
            actor=actor,
            action="certification.checked",
            obj=certification.business,
            detail={"certification": certification.pk, "kind": certification.kind},
            context=audit,
        )
    return certification
