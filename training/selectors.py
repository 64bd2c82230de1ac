"""Reads for training pages, panels and the API. Seat counts come from one annotated query,
so lists do not grow queries with the number of sessions."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from registry.models import Business

from .models import (
    SEAT_STATUSES,
    Attendance,
    Certificate,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)


def with_seats(queryset: QuerySet[Session]) -> QuerySet[Session]:
    return queryset.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status__in=SEAT_STATUSES), distinct=True),
        waitlist_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED), distinct=True
        ),
    ).annotate(seats_left=F("capacity") - F("seats_taken"))


def upcoming_sessions(*, today: date | None = None) -> QuerySet[Session]:
    today = today or timezone.localdate()
    return with_seats(
        Session.objects.filter(
            status=SessionStatus.SCHEDULED, last_day__gte=today, programme__is_active=True
        ).select_related("programme")
    ).order_by("first_day", "daily_start", "pk")


def filter_sessions(
    queryset: QuerySet[Session],
    *,
    topic: str = "",
    organiser: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    has_seats: bool = False,
) -> QuerySet[Session]:
    if topic:
        queryset = queryset.filter(programme__topic=topic)
    if organiser:
        queryset = queryset.filter(programme__organiser=organiser)
    if date_from:
        queryset = queryset.filter(last_day__gte=date_from)
    if date_to:
        queryset = queryset.filter(first_day__lte=date_to)
    if has_seats:
        queryset = queryset.filter(seats_left__gt=0)
    return queryset


def session_detail(pk: int) -> Session:
    return with_seats(Session.objects.select_related("programme")).get(pk=pk)


def registrations_of_user(user, *, session: Session | None = None) -> QuerySet[Registration]:
    queryset = (
        Registration.objects.filter(business__owner=user)
        .select_related("session__programme", "business")
        .order_by("-created_at")
    )
    if session is not None:
        queryset = queryset.filter(session=session)
    return queryset


def upcoming_registrations_of_user(user) -> QuerySet[Registration]:
    return (
        registrations_of_user(user)
        .filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED],
            session__last_day__gte=timezone.localdate(),
        )
        .order_by("session__first_day", "pk")
    )


def session_participants(session: Session) -> QuerySet[Registration]:
    return (
        session.registrations.select_related("business", "certificate", "feedback")
        .prefetch_related("attendances")
        .order_by("status", "waitlisted_at", "participant_name", "pk")
    )


def certificates_of_business(business: Business) -> QuerySet[Certificate]:
    return Certificate.objects.filter(business=business, revoked_at__isnull=True).order_by("-issued_at")


def certificate_by_code(code: str) -> Certificate | None:
    code = (code or "").strip().upper()
    if not code or len(code) > 20:
        return None
    return Certificate.objects.filter(code=code).select_related("business").first()


# --- Dashboard aggregates ---------------------------------------------------------------------


def business_attended() -> Q:
    """Q on Business: someone of the business was checked in at a training session."""
    return Q(pk__in=Attendance.objects.values("registration__business_id"))


def business_certified() -> Q:
    """Q on Business: it holds a training certificate that was not revoked."""
    return Q(pk__in=Certificate.objects.filter(revoked_at__isnull=True).values("business_id"))


def training_by_topic(filters) -> dict[str, dict]:
    """Per programme topic, for sessions starting in the period: seats, seats filled, attended,
    certified, each with the number of distinct businesses behind it (for suppression). The
    kecamatan/sector/size filter applies to the registered businesses, not to the seats."""

    sessions = Session.objects.filter(
        status=SessionStatus.SCHEDULED, first_day__gte=filters.date_from, first_day__lte=filters.date_to
    )
    rows: dict[str, dict] = {}
    for topic, capacity in (
        sessions.values("programme__topic").annotate(c=Sum("capacity")).values_list("programme__topic", "c")
    ):
        rows[topic] = {"capacity": capacity or 0}
    confirmed = Q(status__in=SEAT_STATUSES)
    attended = Q(has_attended=True)
    certified = Q(certificate__isnull=False, certificate__revoked_at__isnull=True)
    registrations = (
        Registration.objects.filter(session__in=sessions)
        .filter(filters.business_q("business__"))
        .alias(has_attended=Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
        .values("session__programme__topic")
        .annotate(
            filled=Count("pk", filter=confirmed),
            filled_b=Count("business", distinct=True, filter=confirmed),
            attended=Count("pk", filter=attended),
            attended_b=Count("business", distinct=True, filter=attended),
            certified=Count("pk", filter=certified),
            certified_b=Count("business", distinct=True, filter=certified),
        )
        .order_by()
    )
    for row in registrations:
        topic = row.pop("session__programme__topic")
        rows.setdefault(topic, {"capacity": 0}).update(row)
    return rows
