"""Financing's part of an owner's personal data: applications, the leads sent to banks and
their history. On deletion the records stay (banks' and OJK reporting obligations) but the
consents are withdrawn by the portal, so no officer sees personal data again."""

from core.personal_data import as_dict, register
from financing.models import Application, Lead


def collect(user) -> dict:
    applications = Application.objects.filter(business__owner=user).order_by("pk")
    leads = (
        Lead.objects.filter(business__owner=user)
        .select_related("lender", "product")
        .prefetch_related("events")
        .order_by("pk")
    )
    return {
        "applications": [as_dict(a) for a in applications],
        "leads": [
            {
                **as_dict(lead),
                "lender_name": lead.lender.name,
                "product_name": lead.product.name,
                "history": [as_dict(e, exclude=["actor"]) for e in lead.events.all()],
            }
            for lead in leads
        ],
    }


def audited(user) -> list:
    return [Application.objects.filter(business__owner=user), Lead.objects.filter(business__owner=user)]


register("financing", collect=collect, audited=audited, order=30)
