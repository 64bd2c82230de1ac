"""Writes for training: sign-up with waitlist, cancellation and promotion, offers that lapse,
reminders, session changes, attendance, certificates and feedback.

Capacity is guarded by locking the session row (SELECT … FOR UPDATE) for every change that
takes or frees a seat, so concurrent sign-ups queue on the lock and the count they see is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.identifiers import whatsapp_url
from core.notifications import notify_email
from portal import roles
from portal.models import User
from registry.models import Business

from .eligibility import ineligibility_reasons
from .models import (
    SEAT_STATUSES,
    Attendance,
    Certificate,
    Feedback,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)


class SignupRefused(Exception):
    """The sign-up was not accepted; `reasons` are shown to the person signing up."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class TrainingActionError(Exception):
    """An action on a registration that its current state does not allow."""


# --- notifications ---------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _notify(registration: Registration, *, kind: str, subject: str, message: str) -> None:
    """Email the participant (or the owner) and prepare a WhatsApp link with the same text."""
    business = registration.business
    to = registration.participant_email or business.owner.email
    link = _absolute(reverse("training:registration", args=[registration.code]))
    text = f"{message}\n{link}"
    phone = registration.participant_phone
    notify_email(
        to=to,
        subject=subject,
        template="training/email/message.txt",
        context={
            "name": registration.participant_name,
            "message": message,
            "link": link,
            "session": registration.session,
        },
        topic=f"training.{kind}",
        whatsapp_url=whatsapp_url(phone, text) if phone else "",
    )


def _session_label(session: Session) -> str:
    return _("%(title)s, %(start)s di %(venue)s") % {
        "title": session.programme.title,
        "start": f"{session.first_day:%d-%m-%Y} {session.daily_start:%H.%M}",
        "venue": session.venue_label,
    }


# --- sign-up -----------------------------------------------------------------------------------


def can_act_for_business(user: User, business: Business) -> bool:
    """Owners act for their own business; counter staff and administrators for any."""
    if not user.is_authenticated:
        return False
    return business.owner_id == user.pk or roles.has_any_role(user, roles.COUNTER_STAFF, roles.ADMINISTRATOR)


def _lock_session(session_id: int) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("programme").get(pk=session_id)


def _seats_taken(session: Session) -> int:
    return session.registrations.filter(status__in=SEAT_STATUSES).count()


def registration_create(
    *,
    session: Session,
    business: Business,
    actor: User,
    participant_name: str = "",
    participant_phone: str = "",
    participant_email: str = "",
    now: datetime | None = None,
) -> Registration:
    """Sign a business up: a seat if one is free, otherwise the waitlist. Raises SignupRefused."""
    now = now or timezone.now()
    if not can_act_for_business(actor, business):
        raise SignupRefused([_("Anda tidak berhak mendaftarkan usaha ini.")])
    reasons = ineligibility_reasons(session.programme, business)
    if reasons:
        raise SignupRefused(reasons)
    profile = getattr(business.owner, "owner_profile", None)
    with transaction.atomic():
        locked = _lock_session(session.pk)
        if locked.is_cancelled:
            raise SignupRefused([_("Sesi ini dibatalkan.")])
        if now < locked.signup_opens_at:
            raise SignupRefused(
                [
                    _("Pendaftaran belum dibuka (dibuka %(at)s).")
                    % {"at": timezone.localtime(locked.signup_opens_at).strftime("%d-%m-%Y %H.%M")}
                ]
            )
        if now >= locked.signup_closes_at:
            raise SignupRefused([_("Pendaftaran sudah ditutup.")])
        if locked.registrations.filter(
            business=business,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED],
        ).exists():
            raise SignupRefused([_("Usaha ini sudah terdaftar di sesi ini.")])
        has_seat = _seats_taken(locked) < locked.capacity
        registration = Registration(
            session=locked,
            business=business,
            registered_by=actor,
            participant_name=participant_name or (profile.full_name if profile else business.owner.display_name),
            participant_phone=participant_phone or (profile.phone if profile else business.owner.phone),
            participant_email=participant_email or (profile.email if profile else "") or business.owner.email,
            status=RegistrationStatus.CONFIRMED if has_seat else RegistrationStatus.WAITLISTED,
            confirmed_at=now if has_seat else None,
            waitlisted_at=None if has_seat else now,
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            # The unique constraint is the last line of defence against a double submit.
            raise SignupRefused([_("Usaha ini sudah terdaftar di sesi ini.")]) from exc
        if has_seat:
            _notify(
                registration,
                kind="confirmed",
                subject=_("Pendaftaran pelatihan diterima"),
                message=_("Anda terdaftar di %(session)s. Tunjukkan kode QR Anda di pintu masuk.")
                % {"session": _session_label(locked)},
            )
        else:
            position = waitlist_position(registration)
            _notify(
                registration,
                kind="waitlisted",
                subject=_("Anda masuk daftar tunggu pelatihan"),
                message=_(
                    "Kelas %(session)s penuh. Anda di daftar tunggu nomor %(position)s; "
                    "kami kabari bila ada kursi kosong."
                )
                % {"session": _session_label(locked), "position": position},
            )
    return registration


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(
            session_id=registration.session_id,
            status=RegistrationStatus.WAITLISTED,
            waitlisted_at__lte=registration.waitlisted_at,
        )
        .exclude(pk=registration.pk)
        .exclude(waitlisted_at=registration.waitlisted_at, pk__gt=registration.pk)
        .count()
    )
    return ahead + 1


def _promote_waitlisted(session: Session, *, now: datetime) -> list[Registration]:
    """Offer freed seats to the first on the waitlist. The caller holds the session lock."""
    promoted = []
    free = session.capacity - _seats_taken(session)
    if free <= 0 or session.is_cancelled:
        return promoted
    queue = list(
        session.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .select_related("business__owner")
        .order_by("waitlisted_at", "pk")[:free]
    )
    expires = now + timedelta(hours=session.offer_window_hours)
    for registration in queue:
        registration.status = RegistrationStatus.OFFERED
        registration.offered_at = now
        registration.offer_expires_at = expires
        registration.save(update_fields=["status", "offered_at", "offer_expires_at"])
        _notify(
            registration,
            kind="offered",
            subject=_("Ada kursi untuk Anda di pelatihan"),
            message=_(
                "Kursi di %(session)s tersedia untuk Anda. Konfirmasi sebelum %(until)s, "
                "setelah itu kursi diberikan ke antrean berikutnya."
            )
            % {"session": _session_label(session), "until": timezone.localtime(expires).strftime("%d-%m-%Y %H.%M")},
        )
        promoted.append(registration)
    return promoted


def registration_cancel(
    *, registration: Registration, actor: User | None, now: datetime | None = None
) -> list[Registration]:
    """Cancel a sign-up; a freed seat goes to the first on the waitlist. Returns who was promoted."""
    now = now or timezone.now()
    if actor is not None and not (
        can_act_for_business(actor, registration.business) or can_manage_session(actor, registration.session)
    ):
        raise TrainingActionError(_("Anda tidak berhak membatalkan pendaftaran ini."))
    with transaction.atomic():
        session = _lock_session(registration.session_id)
        current = Registration.objects.select_related("business__owner").get(pk=registration.pk)
        if not current.is_active:
            raise TrainingActionError(_("Pendaftaran ini sudah tidak aktif."))
        if session.last_day < timezone.localdate(now):
            raise TrainingActionError(_("Sesi sudah selesai; pendaftaran tidak dapat dibatalkan."))
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        registration.status, registration.cancelled_at = current.status, current.cancelled_at
        return _promote_waitlisted(session, now=now)


def registration_confirm_offer(*, registration: Registration, actor: User, now: datetime | None = None) -> Registration:
    """The promoted business takes the offered seat within the window."""
    now = now or timezone.now()
    if not can_act_for_business(actor, registration.business):
        raise TrainingActionError(_("Anda tidak berhak mengonfirmasi pendaftaran ini."))
    with transaction.atomic():
        session = _lock_session(registration.session_id)
        current = Registration.objects.select_related("business__owner").get(pk=registration.pk)
        if current.status != RegistrationStatus.OFFERED:
            raise TrainingActionError(_("Tidak ada tawaran kursi yang menunggu konfirmasi."))
        if current.offer_expires_at <= now:
            raise TrainingActionError(_("Batas waktu konfirmasi sudah lewat."))
        current.status = RegistrationStatus.CONFIRMED
        current.confirmed_at = now
        current.save(update_fields=["status", "confirmed_at"])
        _notify(
            current,
            kind="confirmed",
            subject=_("Kursi pelatihan Anda terkonfirmasi"),
            message=_("Kursi Anda di %(session)s sudah terkonfirmasi.") % {"session": _session_label(session)},
        )
    return current


def offers_expire(*, now: datetime | None = None) -> int:
    """Lapse offers past their window and move the seat on to the next waitlisted. Idempotent."""
    now = now or timezone.now()
    expired = 0
    session_ids = set(
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "session_id", flat=True
        )
    )
    for session_id in sorted(session_ids):
        with transaction.atomic():
            session = _lock_session(session_id)
            lapsed = list(
                session.registrations.filter(
                    status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
                ).select_related("business__owner")
            )
            for registration in lapsed:
                registration.status = RegistrationStatus.EXPIRED
                registration.save(update_fields=["status"])
                _notify(
                    registration,
                    kind="expired",
                    subject=_("Tawaran kursi pelatihan berakhir"),
                    message=_(
                        "Tawaran kursi di %(session)s tidak dikonfirmasi tepat waktu dan "
                        "diberikan ke antrean berikutnya."
                    )
                    % {"session": _session_label(session)},
                )
            expired += len(lapsed)
            _promote_waitlisted(session, now=now)
    return expired


def session_promote_waitlisted(*, session: Session, now: datetime | None = None) -> list[Registration]:
    """After an officer raises the capacity: offer the new seats to the waitlist."""
    with transaction.atomic():
        return _promote_waitlisted(_lock_session(session.pk), now=now or timezone.now())


def reminders_send(*, today: date | None = None) -> int:
    """The day-before reminder for confirmed participants. Idempotent through reminded_at."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    sent = 0
    with transaction.atomic():
        due = list(
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                session__first_day=tomorrow,
                session__status=SessionStatus.SCHEDULED,
                status=RegistrationStatus.CONFIRMED,
                reminded_at__isnull=True,
            )
            .select_related("session__programme", "business__owner")
        )
        for registration in due:
            _notify(
                registration,
                kind="reminder",
                subject=_("Pengingat: pelatihan besok"),
                message=_("Besok Anda mengikuti %(session)s. Bawa kode QR pendaftaran Anda.")
                % {"session": _session_label(registration.session)},
            )
            registration.reminded_at = timezone.now()
            registration.save(update_fields=["reminded_at"])
            sent += 1
    return sent


def session_notify_change(*, session: Session, changes: list[str]) -> int:
    """Tell everyone still signed up that the time, place or status of the session changed."""
    registrations = list(
        session.registrations.filter(
            status__in=[
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.WAITLISTED,
                RegistrationStatus.OFFERED,
            ]
        ).select_related("business__owner")
    )
    if session.is_cancelled:
        subject = _("Sesi pelatihan dibatalkan")
        message = _("Mohon maaf, %(session)s dibatalkan oleh penyelenggara.") % {"session": _session_label(session)}
    else:
        subject = _("Perubahan jadwal pelatihan")
        message = _("Ada perubahan pada %(session)s: %(changes)s.") % {
            "session": _session_label(session),
            "changes": ", ".join(changes),
        }
    for registration in registrations:
        _notify(registration, kind="changed", subject=subject, message=message)
    return len(registrations)


# --- officers: scope, attendance, certificates --------------------------------------------------


def officer_organiser(user: User) -> str | None:
    officer = getattr(user, "training_officer", None) if user.is_authenticated else None
    return officer.organiser if officer else None


def can_manage_session(user: User, session: Session) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR):
        return True
    return roles.has_role(user, roles.TRAINING_OFFICER) and officer_organiser(user) == session.programme.organiser


@dataclass
class CheckIn:
    registration: Registration
    day: date
    created: bool


def attendance_closed_reason(session: Session, day: date) -> str | None:
    """Why no attendance can be recorded for `day`, or None: only days of the session that
    have come (a participant cannot have been present on a day still ahead)."""
    if day not in session.days:
        return _("Tanggal itu bukan hari pelaksanaan sesi.")
    if day > timezone.localdate():
        return _("Kehadiran untuk %(day)s belum bisa dicatat: hari itu belum tiba.") % {
            "day": date_format(day, "l, j F Y")
        }
    return None


def attendance_record(*, session: Session, code: str, day: date, actor: User) -> CheckIn:
    """Mark a participant present for one day; scanning twice is harmless."""
    if not can_manage_session(actor, session):
        raise TrainingActionError(_("Anda tidak berhak mencatat kehadiran sesi ini."))
    if reason := attendance_closed_reason(session, day):
        raise TrainingActionError(reason)
    code = (code or "").strip().upper()
    registration = Registration.objects.filter(session=session, code=code).select_related("business").first()
    if registration is None:
        raise TrainingActionError(_("Kode %(code)s tidak terdaftar di sesi ini.") % {"code": code or "-"})
    if registration.status != RegistrationStatus.CONFIRMED:
        raise TrainingActionError(
            _("%(name)s belum mendapat kursi (status: %(status)s).")
            % {"name": registration.participant_name, "status": registration.get_status_display()}
        )
    attendance, created = Attendance.objects.get_or_create(
        registration=registration, day=day, defaults={"checked_in_by": actor}
    )
    return CheckIn(registration=registration, day=day, created=created)


def meets_attendance_rule(registration: Registration, days_attended: int) -> bool:
    return registration.status == RegistrationStatus.CONFIRMED and days_attended >= registration.session.required_days


def certificates_issue(*, session: Session, actor: User | None) -> list[Certificate]:
    """Issue certificates to every confirmed participant who met the attendance rule.
    Idempotent: a participant gets one certificate, however often this runs."""
    if actor is not None and not can_manage_session(actor, session):
        raise TrainingActionError(_("Anda tidak berhak menerbitkan sertifikat sesi ini."))
    issued = []
    with transaction.atomic():
        locked = _lock_session(session.pk)
        candidates = locked.registrations.filter(
            status=RegistrationStatus.CONFIRMED, certificate__isnull=True
        ).annotate(days_attended=Count("attendances", distinct=True))
        for registration in candidates:
            if not meets_attendance_rule(registration, registration.days_attended):
                continue
            issued.append(
                Certificate.objects.create(
                    registration=registration,
                    business_id=registration.business_id,
                    participant_name=registration.participant_name,
                    programme_title=locked.programme.title,
                    organiser=locked.programme.organiser,
                    first_day=locked.first_day,
                    last_day=locked.last_day,
                    days_attended=registration.days_attended,
                    issued_by=actor,
                )
            )
    return issued


def feedback_submit(*, registration: Registration, actor: User, rating: int, comment: str = "") -> Feedback:
    if not can_act_for_business(actor, registration.business):
        raise TrainingActionError(_("Anda tidak berhak mengisi umpan balik ini."))
    if registration.status != RegistrationStatus.CONFIRMED or registration.session.first_day > timezone.localdate():
        raise TrainingActionError(_("Umpan balik dibuka setelah sesi dimulai, untuk peserta terdaftar."))
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration, defaults={"rating": rating, "comment": comment.strip()}
    )
    return feedback
