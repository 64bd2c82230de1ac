"""Owner journey at /pembiayaan/: request → matched products with reasons → consent per bank →
one lead per product → status list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from financing import eligibility as el
from financing import services
from financing.forms import MatchForm
from financing.models import Application, Lead, LeadStatus, Lender
from financing.selectors import CONSENT_PURPOSE, owned_businesses, owner_leads, product_rules, profile_for_business
from financing.services import SHARED_DATA, application_submit, consent_text
from registry.models import Consent

FORM_FIELDS = ("business", "amount", "purpose", "tenor_months", "previous_kur_count")


def _initial(businesses) -> dict:
    """Pre-fill from the business: the last request made for it, and the KUR loans the portal
    saw disbursed."""
    business = businesses.first()
    initial = {"purpose": el.MODAL_KERJA, "tenor_months": 24, "previous_kur_count": 0}
    if business is None:
        return initial
    initial["business"] = business.pk
    last = Application.objects.filter(business=business).order_by("-created_at").first()
    if last is not None:
        initial.update(
            amount=last.amount,
            purpose=last.purpose,
            tenor_months=last.tenor_months,
            previous_kur_count=last.previous_kur_count,
        )
        for i, loan in enumerate(last.current_loans[:3], start=1):
            initial.update(
                {
                    f"loan_type_{i}": loan.get("type"),
                    f"loan_lender_{i}": loan.get("lender", ""),
                    f"loan_amount_{i}": loan.get("amount") or None,
                }
            )
    disbursed_kur = Lead.objects.filter(business=business, product__is_kur=True, status=LeadStatus.DISBURSED).count()
    initial["previous_kur_count"] = max(initial["previous_kur_count"], disbursed_kur)
    return initial


def index(request):
    if not request.user.is_authenticated:
        return render(request, "financing/index.html", {})
    businesses = owned_businesses(request.user)
    form = MatchForm(businesses=businesses, initial=_initial(businesses))
    return render(request, "financing/index.html", {"form": form, "businesses": businesses})


def _match(form: MatchForm) -> el.MatchResult:
    data = form.cleaned_data
    profile = profile_for_business(
        data["business"], current_loans=form.current_loans(), previous_kur_count=data["previous_kur_count"]
    )
    return el.match(profile, form.loan_request(), product_rules(), today=timezone.localdate())


@login_required
def results(request):
    businesses = owned_businesses(request.user)
    form = MatchForm(request.GET, businesses=businesses)
    if not form.is_valid():
        return render(request, "financing/index.html", {"form": form, "businesses": businesses}, status=400)
    result = _match(form)
    return render(
        request,
        "financing/results.html",
        {
            "form": form,
            "result": result,
            "business": form.cleaned_data["business"],
            "query": request.GET.urlencode(),
        },
    )


@login_required
def consent(request):
    businesses = owned_businesses(request.user)
    params = request.POST if request.method == "POST" else request.GET
    form = MatchForm(params, businesses=businesses)
    if not form.is_valid():
        return render(request, "financing/index.html", {"form": form, "businesses": businesses}, status=400)
    result = _match(form)
    eligible = {m.product.code: m for m in result.eligible}
    chosen = [code for code in params.getlist("product") if code in eligible]
    if not chosen:
        messages.error(request, _("Pilih minimal satu produk yang memenuhi syarat."))
        return render(
            request,
            "financing/results.html",
            {"form": form, "result": result, "business": form.cleaned_data["business"]},
            status=400,
        )
    lenders = {
        lender.code: lender
        for lender in Lender.objects.filter(code__in={eligible[c].product.lender_code for c in chosen})
    }
    groups = []
    for code, lender in sorted(lenders.items(), key=lambda item: item[1].name):
        groups.append(
            {
                "lender": lender,
                "text": consent_text(lender),
                "matches": [eligible[c] for c in chosen if eligible[c].product.lender_code == code],
            }
        )
    errors = []
    if request.method == "POST":
        consented = [code for code in lenders if params.get(f"consent_{code}") == "on"]
        try:
            application_submit(
                user=request.user,
                business=form.cleaned_data["business"],
                request=form.loan_request(),
                current_loans=form.current_loans(),
                previous_kur_count=form.cleaned_data["previous_kur_count"],
                product_codes=chosen,
                consented_lenders=consented,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Pengajuan terkirim ke bank. Petugas bank akan menghubungi Anda."))
            return redirect("financing:applications")
    return render(
        request,
        "financing/consent.html",
        {
            "form": form,
            "groups": groups,
            "chosen": chosen,
            "shared_data": SHARED_DATA,
            "errors": errors,
            "business": form.cleaned_data["business"],
        },
        status=400 if errors else 200,
    )


@login_required
def applications(request):
    leads = owner_leads(request.user).order_by("-created_at", "-pk")
    consents = Consent.objects.filter(
        user=request.user, purpose=CONSENT_PURPOSE, withdrawn_at__isnull=True
    ).select_related("business")
    names = dict(Lender.objects.values_list("code", "name"))
    return render(
        request,
        "financing/applications.html",
        {"leads": leads, "consents": [(c, names.get(c.recipient, c.recipient)) for c in consents]},
    )


@login_required
@require_POST
def consent_withdraw(request, pk: int):
    consent = get_object_or_404(Consent, pk=pk, user=request.user, purpose=CONSENT_PURPOSE)
    services.consent_withdraw(user=request.user, consent=consent)
    messages.success(request, _("Persetujuan berbagi data ditarik."))
    return redirect("financing:applications")
