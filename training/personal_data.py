"""Training's part of an owner's personal data: sign-ups (with participants' contact details)
and certificates. On deletion the participants' names and contacts are erased; certificate
numbers and dates stay (issued documents), the name on them becomes "[dihapus]"."""

from core.personal_data import ERASED, as_dict, register
from training.models import Certificate, Registration


def collect(user) -> dict:
    registrations = (
        Registration.objects.filter(business__owner=user)
        .select_related("session__programme")
        .prefetch_related("attendances")
        .order_by("pk")
    )
    certificates = Certificate.objects.filter(business__owner=user).order_by("pk")
    return {
        "registrations": [
            {
                **as_dict(r),
                "programme": r.session.programme.title,
                "first_day": r.session.first_day,
                "attendance": [a.day for a in r.attendances.all()],
            }
            for r in registrations
        ],
        "certificates": [as_dict(c) for c in certificates],
    }


def erase(user) -> dict:
    registrations = Registration.objects.filter(business__owner=user).update(
        participant_name=ERASED, participant_phone="", participant_email=""
    )
    certificates = Certificate.objects.filter(business__owner=user).update(participant_name=ERASED)
    return {"registrations": registrations, "certificates": certificates}


def audited(user) -> list:
    return [Registration.objects.filter(business__owner=user), Certificate.objects.filter(business__owner=user)]


register("training", collect=collect, erase=erase, audited=audited, order=40)
