"""The registry's pages: the owner's account, the business directory and profiles, the
registration wizard (online and at the counter), receipts and status, the owner's edits."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core import panels
from core.api import ClientRateThrottle
from core.audit import AuditContext, audit_record
from core.identifiers import whatsapp_url
from core.ratelimit import allow, throttled_response
from core.security import client_ip
from portal import roles
from registry import identity, services, signups
from registry.forms import (
    BusinessEditForm,
    BusinessForm,
    CertificationForm,
    ConsentForm,
    DirectoryFilterForm,
    LocationForm,
    OwnerCertificationForm,
    OwnerForm,
)
from registry.models import Business, BusinessStatus, OwnerProfile
from registry.receipts import receipt_pdf
from registry.registration import LAST_STEP, STEP_BY_SLUG, STEPS, status_path, status_token, status_url
from registry.selectors import (
    InvalidKbliQuery,
    business_directory,
    business_for_editor,
    business_of_owner,
    businesses_of_owner,
    counter_drafts,
    kbli_search,
    region_desa,
    verified_businesses,
)


def is_counter_staff(user) -> bool:
    return roles.has_any_role(user, roles.COUNTER_STAFF, roles.ADMINISTRATOR)


NEXT_STEP_HINTS = {
    BusinessStatus.DRAFT: gettext_lazy("Lanjutkan pendaftaran dan kirim untuk diverifikasi."),
    BusinessStatus.SUBMITTED: gettext_lazy(
        "Menunggu verifikasi petugas DPMPTSP. Bawa tanda terima bila datang ke loket MPP."
    ),
    BusinessStatus.NEEDS_CHANGES: gettext_lazy("Perbaiki data sesuai catatan petugas, lalu kirim ulang."),
    BusinessStatus.VERIFIED: gettext_lazy("Usaha Anda tampil di direktori."),
    BusinessStatus.REJECTED: gettext_lazy("Pendaftaran ditolak. Hubungi loket MPP bila ada pertanyaan."),
}


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "registry/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        businesses = list(businesses_of_owner(self.request.user))
        for business in businesses:
            business.next_step_hint = NEXT_STEP_HINTS[business.status]
            business.resume_slug = STEPS[business.registration_step - 1].slug
        context["businesses"] = businesses
        context["total_steps"] = LAST_STEP
        context["panels"] = panels.account.render_list(self.request, user=self.request.user)
        return context


class BusinessListView(ListView):
    template_name = "registry/business_list.html"
    context_object_name = "businesses"
    paginate_by = 24

    def get_queryset(self):
        self.filter_form = DirectoryFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return business_directory(
            kecamatan=filters.get("kecamatan", ""), sector=filters.get("sector", ""), q=filters.get("q", "")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class BusinessDetailView(DetailView):
    template_name = "registry/business_detail.html"
    context_object_name = "business"

    def get_queryset(self):
        return verified_businesses().select_related("owner__owner_profile").prefetch_related("certifications")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = getattr(self.object.owner, "owner_profile", None)
        if profile and profile.allows_whatsapp_contact and profile.phone:
            context["whatsapp_link"] = whatsapp_url(
                profile.phone, _("Halo, saya melihat %(name)s di Etalase MPP.") % {"name": self.object.name}
            )
        context["panels_html"] = panels.business_profile.render_kept(
            self.request, f"portal:business-panels:{self.object.pk}", business=self.object
        )
        return context


def desa_options() -> list[dict]:
    return list(region_desa().values("code", "name", "parent_id", "parent__name"))


# --- registration wizard ------------------------------------------------------------------------


def business_form_initial(business: Business) -> dict:
    """BusinessForm's fields from a business (registration wizard and the owner's edit page);
    the primary KBLI code comes first."""
    return {
        "name": business.name,
        "legal_form": business.legal_form,
        "nib": business.nib,
        "npwp": business.npwp,
        "kbli_codes": ", ".join(
            ([business.primary_kbli.code] if business.primary_kbli else [])
            + [k.code for k in business.kbli_codes.all() if k.pk != business.primary_kbli_id]
        ),
        "started_year": business.started_on.year if business.started_on else None,
        "capital": business.capital,
        "annual_sales": business.annual_sales,
        "employees": business.employees,
        "description": business.description,
    }


def add_service_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form: per field where the form has that field,
    otherwise above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _step_url(business: Business, slug: str) -> str:
    return reverse("registry:registration-step", args=[business.pk, slug])


def _progress(step_number: int) -> dict:
    return {"steps": STEPS, "current": step_number, "total": LAST_STEP, "percent": round(100 * step_number / LAST_STEP)}


def wizard_post_allowed(request) -> bool:
    """The wizard's steps answer "taken" for a NIB, and its first step sends e-mail: at most
    REGISTRATION_POSTS_PER_WINDOW posts per REGISTRATION_WINDOW_SECONDS, per account once signed
    in and per client address before (issue 17, finding 5). Counter staff are not throttled."""
    if request.user.is_authenticated:
        key = f"registration:account:{request.user.pk}"
    else:
        key = f"registration:address:{client_ip(request)}"
    return allow(key, limit=settings.REGISTRATION_POSTS_PER_WINDOW, window=settings.REGISTRATION_WINDOW_SECONDS)


SIGNUP_EMAIL_KEY = "registration_signup_email"


class RegistrationCheckEmailView(TemplateView):
    """After the first step of a visitor: "check your e-mail", whatever happened there."""

    template_name = "registry/registration/check_email.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["email"] = self.request.session.get(SIGNUP_EMAIL_KEY, "")
        context["hours"] = settings.REGISTRATION_CONFIRM_HOURS
        return context


@method_decorator(never_cache, name="dispatch")
class RegistrationConfirmView(View):
    """The link in the signup e-mail: a button (a mail scanner opening the link confirms
    nothing), then the account, the sign-in and step 2 of the new draft."""

    template_name = "registry/registration/confirm.html"

    def invalid(self):
        context = {"is_valid": False, "hours": settings.REGISTRATION_CONFIRM_HOURS}
        return render(self.request, self.template_name, context, status=404)

    def get(self, request, token):
        try:
            signup = signups.signup_request_for(token)
        except signups.SignupLinkInvalid:
            return self.invalid()
        return render(request, self.template_name, {"is_valid": True, "email": signup.email})

    def post(self, request, token):
        try:
            business = signups.owner_signup_confirm(token=token, audit=AuditContext.from_request(request))
        except signups.SignupLinkInvalid:
            return self.invalid()
        except signups.SignupAlreadyActive:
            messages.info(request, _("Email ini sudah punya akun. Silakan masuk."))
            return redirect("login")
        login(request, business.owner, backend="portal.auth_backends.UsernameOrEmailBackend")
        request.session.pop(SIGNUP_EMAIL_KEY, None)
        messages.success(request, _("Email Anda terkonfirmasi dan akun Anda aktif. Lanjutkan pendaftaran usaha."))
        return redirect(_step_url(business, "usaha"))


class RegistrationStartView(View):
    """Step 1 for a new registration: a visitor (creates the account), a logged-in owner, or
    counter staff registering a walk-in owner (`assisted=True`)."""

    assisted = False
    template_name = "registry/registration/step_pemilik.html"

    def dispatch(self, request, *args, **kwargs):
        if self.assisted:
            if not request.user.is_authenticated:
                return redirect(f"{reverse('login')}?next={request.path}")
            if not is_counter_staff(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def mode(self) -> str:
        if self.assisted:
            return "counter"
        return "owner" if self.request.user.is_authenticated else "visitor"

    def initial(self) -> dict:
        profile = OwnerProfile.objects.filter(user=self.request.user).first() if self.mode() == "owner" else None
        if profile:
            return {
                "full_name": profile.full_name,
                "nik": profile.nik,
                "phone": profile.phone,
                "email": profile.email,
                "allows_whatsapp_contact": profile.allows_whatsapp_contact,
            }
        if self.mode() == "owner":
            return {"full_name": self.request.user.get_full_name(), "email": self.request.user.email}
        return {}

    def render(self, form, holders=()):
        drafts = []
        if self.mode() == "owner":
            drafts = [b for b in businesses_of_owner(self.request.user) if b.status in services.EDITABLE_STATUSES]
        elif self.mode() == "counter":
            # Counter staff resume the walk-in registrations they saved as drafts.
            drafts = list(counter_drafts(self.request.user)[:50])
        for draft in drafts:
            draft.resume_slug = STEPS[draft.registration_step - 1].slug
        for profile in holders:
            # One entry per account shown, on its profile: each is in that owner's access log.
            audit_record(
                actor=self.request.user,
                action="owner.counter_candidates_viewed",
                obj=profile,
                detail={"fields": ["full_name", "email_masked", "phone_masked"]},
                request=self.request,
            )
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "holders": holders,
                "new_account": services.NEW_ACCOUNT,
                "mode": self.mode(),
                "assisted": self.assisted,
                "drafts": drafts,
                "progress": _progress(1),
                "step": STEPS[0],
            },
        )

    def get(self, request):
        return self.render(
            OwnerForm(mode=self.mode(), user=request.user if self.mode() == "owner" else None, initial=self.initial())
        )

    def post(self, request):
        mode = self.mode()
        if mode != "counter" and not wizard_post_allowed(request):
            return throttled_response(request, window=settings.REGISTRATION_WINDOW_SECONDS)
        form = OwnerForm(request.POST, mode=mode, user=request.user if mode == "owner" else None)
        if not form.is_valid():
            return self.render(form)
        data = {k: form.cleaned_data[k] for k in ("full_name", "nik", "phone", "email", "allows_whatsapp_contact")}
        if mode == "visitor":
            # No account yet, and the same answer whether the e-mail is registered (registry.signups).
            signups.owner_signup_request(**data, password=form.cleaned_data["password"])
            request.session[SIGNUP_EMAIL_KEY] = data["email"]
            return redirect("registry:registration-check-email")
        audit = AuditContext.from_request(request)
        try:
            with transaction.atomic():
                if mode == "owner":
                    services.owner_profile_update(user=request.user, **data, audit=audit)
                    owner = request.user
                else:
                    holders = identity.nik_holders(data["nik"])
                    choice = request.POST.get("owner_choice", "") or ("" if holders else services.NEW_ACCOUNT)
                    if not choice:
                        # Staff choose with the e-KTP in hand: one of these accounts, or a new one.
                        return self.render(form, holders=holders)
                    owner = services.owner_for_counter(**data, choice=choice, created_by=request.user, audit=audit)
                business = services.business_draft_create(
                    owner=owner, registered_by=request.user if self.assisted else None
                )
        except ValidationError as error:
            # The NIK is confirmed for another account, or the accounts to choose from changed.
            add_service_errors(form, error)
            return self.render(form, holders=identity.nik_holders(data["nik"]) if mode == "counter" else ())
        return self.after_save(business)

    def after_save(self, business):
        if "save_draft" in self.request.POST:
            messages.success(self.request, _("Draf tersimpan. Lanjutkan kapan saja dari halaman Akun saya."))
            return redirect("registry:account" if not self.assisted else "registry:registration-counter")
        return redirect(_step_url(business, "usaha"))


class RegistrationStepView(LoginRequiredMixin, View):
    """Steps 1–5 of a registration already started. Each valid step is saved at once (the
    draft), so an owner on a phone can stop and resume; invalid input is shown back as typed."""

    def dispatch(self, request, pk, step, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.business = business_for_editor(request.user, pk)
        if self.business is None or step not in STEP_BY_SLUG:
            raise Http404
        self.step = STEP_BY_SLUG[step]
        if self.business.status not in services.EDITABLE_STATUSES:
            return redirect("registry:registration-done", pk=self.business.pk)
        self.assisted = self.business.owner_id != request.user.pk
        return super().dispatch(request, pk, step, *args, **kwargs)

    # -- forms per step
    def form(self, data=None, files=None):
        business, owner = self.business, self.business.owner
        slug = self.step.slug
        if slug == "pemilik":
            profile = getattr(owner, "owner_profile", None)
            initial = {}
            if profile:
                initial = {
                    "full_name": profile.full_name,
                    "nik": profile.nik,
                    "phone": profile.phone,
                    "email": profile.email,
                    "allows_whatsapp_contact": profile.allows_whatsapp_contact,
                }
            return OwnerForm(data, mode="counter" if self.assisted else "owner", user=owner, initial=initial)
        if slug == "usaha":
            # A new draft shows empty amounts rather than the model's default 0 (typing after a 0 adds digits).
            initial = {**business_form_initial(business)}
            if not business.name:
                initial.update(capital=None, annual_sales=None)
            return BusinessForm(data, business=business, owner=owner, initial=initial)
        if slug == "lokasi":
            return LocationForm(
                data,
                initial={"kecamatan": business.kecamatan_id, "desa": business.desa_id, "address": business.address},
            )
        if slug == "sertifikasi":
            return CertificationForm(data, files, business=business)
        return ConsentForm(data, assisted=self.assisted)

    def render(self, form, status=200):
        context = {
            "form": form,
            "business": self.business,
            "step": self.step,
            "progress": _progress(self.step.number),
            "assisted": self.assisted,
            "mode": "counter" if self.assisted else "owner",
        }
        if self.step.slug == "persetujuan":
            context["missing"] = services.business_missing_for_submit(self.business)
            context["certifications"] = list(self.business.certifications.all())
            context["kbli_codes"] = list(self.business.kbli_codes.all())
        if self.step.slug == "lokasi":
            context["desa_options"] = desa_options()
        return render(self.request, f"registry/registration/step_{self.step.slug}.html", context, status=status)

    def get(self, request, pk, step):
        form = self.form()
        if self.assisted and self.step.slug == "pemilik" and form.initial:
            # Counter staff see the account's own name, NIK, phone and e-mail: in its access log.
            audit_record(
                actor=request.user,
                action="owner.counter_profile_viewed",
                obj=self.business.owner.owner_profile,
                detail={"fields": ["full_name", "nik", "phone", "email"], "business": self.business.pk},
                request=request,
            )
        return self.render(form)

    def post(self, request, pk, step):
        if not self.assisted and not wizard_post_allowed(request):
            return throttled_response(request, window=settings.REGISTRATION_WINDOW_SECONDS)
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        try:
            self.save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(form)
        except services.TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("registry:registration-done", pk=self.business.pk)
        if self.step.slug == "persetujuan":
            messages.success(request, _("Pendaftaran terkirim. Simpan nomor pendaftaran Anda."))
            return redirect("registry:registration-done", pk=self.business.pk)
        if "save_draft" in request.POST:
            messages.success(request, _("Draf tersimpan. Lanjutkan kapan saja dari halaman Akun saya."))
            return redirect("registry:account" if not self.assisted else "registry:registration-counter")
        return redirect(_step_url(self.business, STEPS[self.step.number].slug))

    def save(self, form):
        data, business, request = form.cleaned_data, self.business, self.request
        slug = self.step.slug
        if slug == "pemilik":
            services.owner_profile_update(
                user=business.owner,
                actor=request.user,
                audit=AuditContext.from_request(request),
                **{k: data[k] for k in ("full_name", "nik", "phone", "email", "allows_whatsapp_contact")},
            )
            if business.registration_step < 2:
                business.registration_step = 2
                business.save(update_fields=["registration_step"])
        elif slug == "usaha":
            services.business_details_save(
                business=business,
                name=data["name"],
                legal_form=data["legal_form"],
                nib=data["nib"],
                npwp=data["npwp"],
                kbli_codes=data["kbli_codes"],
                started_year=data["started_year"],
                capital=data["capital"],
                annual_sales=data["annual_sales"] or 0,
                employees=data["employees"],
                description=data["description"],
            )
        elif slug == "lokasi":
            services.business_location_save(
                business=business, kecamatan=data["kecamatan"], desa=data["desa"], address=data["address"]
            )
        elif slug == "sertifikasi":
            services.business_certifications_save(business=business, items=data["items"])
        else:
            services.business_submit(
                business=business,
                actor=request.user,
                purposes=form.purposes(),
                audit=AuditContext.from_request(request),
            )


class KbliSearchThrottle(ClientRateThrottle):
    """Per account (per address when signed out; DEFAULT_THROTTLE_RATES["kbli_search"]).
    Typing sends one request per pause, so a person stays far below this; a script walking
    the table does not."""

    scope = "kbli_search"
    counts_signed_in_users = True


class KbliSearchView(APIView):
    """/daftar-usaha/kbli/?q=keripik: up to 10 {code, title}, best first, for the "Cari kode KBLI
    dengan kata" box of the wizard and the owner's edit page. Public reference data only."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = [KbliSearchThrottle]

    def get(self, request):
        try:
            suggestions = kbli_search(request.query_params.get("q", ""))
        except InvalidKbliQuery as exc:
            return Response({"detail": str(exc)}, status=400)
        return Response(
            {
                "results": [
                    {"code": suggestion.code, "title": suggestion.title.capitalize()} for suggestion in suggestions
                ]
            }
        )


class RegistrationDoneView(LoginRequiredMixin, TemplateView):
    template_name = "registry/registration/done.html"

    def get_context_data(self, pk, **kwargs):
        business = business_for_editor(self.request.user, pk)
        if business is None:
            raise Http404
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "business": business,
                "history": business.status_changes.all(),
                "status_link": status_path(business) if business.registration_number else "",
                "resume_slug": STEPS[business.registration_step - 1].slug,
                "is_editable": business.status in services.EDITABLE_STATUSES,
            }
        )
        return context


class RegistrationReceiptView(LoginRequiredMixin, View):
    """The PDF receipt the owner shows at the counter; its QR code opens the status page."""

    def get(self, request, pk):
        business = business_for_editor(request.user, pk)
        if business is None or not business.registration_number:
            raise Http404
        pdf = receipt_pdf(business=business, status_url=status_url(business))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="tanda-terima-{business.registration_number}.pdf"'
        return response


def registration_status(request, number: str, token: str):
    """Public status page behind the receipt's QR code: the token keeps numbers unguessable;
    no personal data is shown."""
    if token != status_token(number):
        raise Http404
    business = Business.objects.select_related("kecamatan").filter(registration_number=number).first()
    if business is None:
        raise Http404
    return render(
        request,
        "registry/registration/status.html",
        {
            "business": business,
            "history": business.status_changes.all(),
        },
    )


# --- the owner's own business after submission ----------------------------------------------------


class OwnerBusinessMixin(LoginRequiredMixin):
    """The owner's pages of one business: another owner's business is a 404. A draft or a
    registration sent back for changes is edited in the wizard; these pages link there."""

    def dispatch(self, request, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.business = business_of_owner(request.user, pk)
        if self.business is None:
            raise Http404
        self.is_editable = self.business.status in services.OWNER_EDIT_STATUSES
        return super().dispatch(request, pk, *args, **kwargs)

    def base_context(self) -> dict:
        business = self.business
        return {
            "business": business,
            "is_editable": self.is_editable,
            "in_wizard": business.status in services.EDITABLE_STATUSES,
            "resume_slug": STEPS[business.registration_step - 1].slug,
            "next_step_hint": NEXT_STEP_HINTS[business.status],
        }


class BusinessEditView(OwnerBusinessMixin, View):
    """/akun/usaha/<id>/ubah/: description, address, contact, employees, capital, sales, KBLI…;
    identity fields as BusinessEditForm and services.business_owner_update decide."""

    template_name = "registry/business_edit.html"

    def form(self, data=None):
        business = self.business
        profile = getattr(business.owner, "owner_profile", None)
        initial = {
            **business_form_initial(business),
            "kecamatan": business.kecamatan_id,
            "desa": business.desa_id,
            "address": business.address,
            "phone": profile.phone if profile else "",
            "allows_whatsapp_contact": profile.allows_whatsapp_contact if profile else False,
        }
        return BusinessEditForm(data, business=business, owner=business.owner, initial=initial)

    def render(self, form):
        profile = getattr(self.business.owner, "owner_profile", None)
        return render(
            self.request,
            self.template_name,
            {
                **self.base_context(),
                "form": form,
                "desa_options": desa_options(),
                "nik_masked": profile.nik_masked if profile else "",
            },
        )

    def get(self, request, pk):
        return self.render(self.form() if self.is_editable else None)

    def post(self, request, pk):
        if not self.is_editable:
            return self.render(None)
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        try:
            changed = services.business_owner_update(
                business=self.business,
                actor=request.user,
                audit=AuditContext.from_request(request),
                annual_sales=data["annual_sales"] or 0,
                **{
                    k: data[k]
                    for k in (
                        "name",
                        "legal_form",
                        "nib",
                        "npwp",
                        "kbli_codes",
                        "started_year",
                        "capital",
                        "employees",
                        "description",
                        "kecamatan",
                        "desa",
                        "address",
                        "phone",
                        "allows_whatsapp_contact",
                    )
                },
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(form)
        except services.TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("registry:business-edit", pk=self.business.pk)
        if not changed:
            messages.info(request, _("Tidak ada perubahan."))
        elif self.business.status == BusinessStatus.SUBMITTED and set(changed) & set(services.IDENTITY_FIELDS):
            messages.success(
                request,
                _("Perubahan disimpan. Usaha Anda diverifikasi ulang oleh DPMPTSP; Anda akan diberi tahu lewat email."),
            )
        else:
            messages.success(request, _("Perubahan data usaha disimpan."))
        return redirect("registry:business-edit", pk=self.business.pk)


class BusinessCertificationsView(OwnerBusinessMixin, View):
    """/akun/usaha/<id>/sertifikat/: add, replace or remove halal, P-IRT, BPOM and SNI
    certificates with the wizard's checks; new ones wait for a staff check."""

    template_name = "registry/business_certifications.html"

    def render(self, form):
        return render(
            self.request,
            self.template_name,
            {
                **self.base_context(),
                "form": form,
                "certifications": list(self.business.certifications.all()),
            },
        )

    def get(self, request, pk):
        return self.render(OwnerCertificationForm(business=self.business) if self.is_editable else None)

    def post(self, request, pk):
        if not self.is_editable:
            return self.render(None)
        form = OwnerCertificationForm(request.POST, request.FILES, business=self.business)
        if not form.is_valid():
            return self.render(form)
        try:
            result = services.business_owner_certifications_update(
                business=self.business,
                actor=request.user,
                items=form.cleaned_data["items"],
                audit=AuditContext.from_request(request),
            )
        except services.TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("registry:business-certifications", pk=self.business.pk)
        if result["added"] or result["replaced"]:
            messages.success(
                request,
                _(
                    "Sertifikat disimpan. Petugas DPMPTSP akan memeriksa pindaian "
                    "yang baru sebelum sertifikat dihitung siap."
                ),
            )
        elif result["removed"]:
            messages.success(request, _("Sertifikat dihapus."))
        else:
            messages.info(request, _("Tidak ada perubahan."))
        return redirect("registry:business-certifications", pk=self.business.pk)
