"""Panels that training adds to portal pages (registered in TrainingConfig.ready)."""

from __future__ import annotations

from django.utils import timezone

from registry.models import Business

from . import selectors
from .eligibility import ineligibility_reasons
from .models import ACTIVE_STATUSES, Registration
from .recommendations import gaps_for

MAX_PER_GAP = 2


def account_training(request, *, user, **context):
    """The owner's upcoming sign-ups and sessions that close their businesses' gaps."""
    registrations = list(selectors.upcoming_registrations_of_user(user))
    businesses = list(
        Business.objects.filter(owner=user)
        .select_related("primary_kbli")
        .prefetch_related("certifications", "kbli_codes")
        .order_by("name")
    )
    recommendations = []
    if businesses:
        gaps_by_business = {b.pk: gaps_for(b) for b in businesses}
        topics = {topic for gaps in gaps_by_business.values() for gap in gaps for topic in gap.topics}
        now = timezone.now()
        sessions = (
            list(selectors.upcoming_sessions().filter(programme__topic__in=topics, signup_closes_at__gt=now)[:50])
            if topics
            else []
        )
        taken = set(
            Registration.objects.filter(business__in=businesses, status__in=ACTIVE_STATUSES).values_list(
                "business_id", "session_id"
            )
        )
        for business in businesses:
            for gap in gaps_by_business[business.pk]:
                matches = [
                    s
                    for s in sessions
                    if s.programme.topic in gap.topics
                    and (business.pk, s.pk) not in taken
                    and not ineligibility_reasons(s.programme, business)
                ][:MAX_PER_GAP]
                if matches:
                    recommendations.append({"business": business, "gap": gap, "sessions": matches})
    if not registrations and not recommendations:
        return None
    return {
        "template": "training/panels/account.html",
        "registrations": registrations,
        "recommendations": recommendations,
    }


def business_certificates(request, *, business, **context):
    certificates = list(selectors.certificates_of_business(business))
    if not certificates:
        return None
    return {"template": "training/panels/business_certificates.html", "certificates": certificates}


def home_upcoming(request, **context):
    sessions = list(selectors.upcoming_sessions().filter(signup_closes_at__gt=timezone.now())[:4])
    if not sessions:
        return None
    # Kept with the home page's panels until the first of these sign-ups closes.
    return {
        "template": "training/panels/home.html",
        "sessions": sessions,
        "fresh_until": min(session.signup_closes_at for session in sessions),
    }
