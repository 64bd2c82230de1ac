"""Training pages. Views orchestrate: parse input, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from portal import roles

from . import documents, selectors, services
from .forms import FeedbackForm, SessionFilterForm, SignupForm
from .models import Registration, RegistrationStatus, Session


class SessionListView(ListView):
    template_name = "training/session_list.html"
    context_object_name = "sessions"
    paginate_by = 24

    def get_queryset(self):
        self.filter_form = SessionFilterForm(self.request.GET or None)
        queryset = selectors.upcoming_sessions()
        if self.filter_form.is_bound and self.filter_form.is_valid():
            queryset = selectors.filter_sessions(queryset, **self.filter_form.cleaned_data)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def _is_counter(user) -> bool:
    return roles.has_any_role(user, roles.COUNTER_STAFF, roles.ADMINISTRATOR)


def _session_context(request, session: Session, *, form=None, refusal=None) -> dict:
    user = request.user
    context = {"session": session, "refusal": refusal, "can_manage": services.can_manage_session(user, session)}
    if user.is_authenticated:
        staff_mode = _is_counter(user) and not user.businesses.exists()
        context["my_registrations"] = [
            (registration, services.waitlist_position(registration))
            for registration in selectors.registrations_of_user(user, session=session)
        ]
        context["form"] = form or SignupForm(user=user, staff_mode=staff_mode)
        context["staff_mode"] = staff_mode
        context["has_businesses"] = staff_mode or context["form"].fields["business"].queryset.exists()
    return context


def session_detail(request, pk: int):
    try:
        session = selectors.session_detail(pk)
    except Session.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "training/session_detail.html", _session_context(request, session))


@login_required
@require_POST
def session_signup(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("programme"), pk=pk)
    staff_mode = _is_counter(request.user) and not request.user.businesses.exists()
    form = SignupForm(request.POST, user=request.user, staff_mode=staff_mode)
    refusal = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                session=session,
                business=data["business"],
                actor=request.user,
                participant_name=data["participant_name"],
                participant_phone=data["participant_phone"],
                participant_email=data["participant_email"],
            )
        except services.SignupRefused as refused:
            refusal = refused.reasons
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("Pendaftaran diterima. Simpan kode QR Anda."))
            else:
                messages.info(
                    request,
                    _("Kelas penuh: Anda masuk daftar tunggu nomor %(n)s.")
                    % {"n": services.waitlist_position(registration)},
                )
            return redirect("training:registration", code=registration.code)
    session = selectors.session_detail(pk)
    return render(
        request,
        "training/session_detail.html",
        _session_context(request, session, form=form, refusal=refusal),
        status=200,
    )


def session_ical(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("programme"), pk=pk)
    url = request.build_absolute_uri(reverse("training:session", args=[pk]))
    response = HttpResponse(documents.session_ical(session, url=url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pelatihan-{pk}.ics"'
    return response


# --- the participant's registration --------------------------------------------------------------


def _registration_for(request, code: str) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("session__programme", "business__owner"), code=code.upper()
    )
    user = request.user
    if not (
        services.can_act_for_business(user, registration.business)
        or services.can_manage_session(user, registration.session)
    ):
        raise PermissionDenied
    return registration


@login_required
def registration_detail(request, code: str):
    registration = _registration_for(request, code)
    certificate = getattr(registration, "certificate", None) if hasattr(registration, "certificate") else None
    feedback = getattr(registration, "feedback", None) if hasattr(registration, "feedback") else None
    today = timezone.localdate()
    return render(
        request,
        "training/registration_detail.html",
        {
            "registration": registration,
            "session": registration.session,
            "position": services.waitlist_position(registration),
            "qr_svg": documents.qr_svg(registration.code) if registration.is_active else "",
            "certificate": certificate,
            "feedback": feedback,
            "feedback_form": FeedbackForm(
                initial={"rating": feedback.rating, "comment": feedback.comment} if feedback else None
            ),
            "feedback_open": registration.status == RegistrationStatus.CONFIRMED
            and registration.session.first_day <= today,
            "days_attended": registration.attendances.count(),
        },
    )


def _action(request, code: str, action) -> HttpResponse:
    registration = _registration_for(request, code)
    try:
        action(registration)
    except services.TrainingActionError as error:
        messages.error(request, str(error))
    return redirect("training:registration", code=registration.code)


@login_required
@require_POST
def registration_cancel(request, code: str):
    def cancel(registration):
        services.registration_cancel(registration=registration, actor=request.user)
        messages.success(request, _("Pendaftaran dibatalkan."))

    return _action(request, code, cancel)


@login_required
@require_POST
def registration_confirm(request, code: str):
    def confirm(registration):
        services.registration_confirm_offer(registration=registration, actor=request.user)
        messages.success(request, _("Kursi Anda terkonfirmasi."))

    return _action(request, code, confirm)


@login_required
@require_POST
def registration_feedback(request, code: str):
    registration = _registration_for(request, code)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih penilaian 1–5."))
        return redirect("training:registration", code=registration.code)
    try:
        services.feedback_submit(registration=registration, actor=request.user, **form.cleaned_data)
    except services.TrainingActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Terima kasih atas umpan balik Anda."))
    return redirect("training:registration", code=registration.code)


@login_required
def registration_qr(request, code: str):
    registration = _registration_for(request, code)
    return HttpResponse(documents.qr_svg(registration.code), content_type="image/svg+xml")


# --- officers: the pages moved into the Wagtail admin (training/admin_views.py) ------------------


def _to_admin(name: str):
    """Old /pelatihan/kelola|absen/ links (bookmarks, printed instructions) land on the admin page."""

    def view(request, **kwargs):
        url = reverse(name, kwargs=kwargs)
        if request.META.get("QUERY_STRING"):
            url += "?" + request.META["QUERY_STRING"]
        return redirect(url, permanent=True)

    return view


check_in = _to_admin("training_check_in")
manage_session = _to_admin("training_manage")
export_session = _to_admin("training_export")


# --- certificates (mounted at /sertifikat/) ------------------------------------------------------


def certificate_verify(request, code: str):
    certificate = selectors.certificate_by_code(code)
    valid = certificate is not None and certificate.is_valid
    return render(
        request,
        "training/certificate_verify.html",
        {"certificate": certificate if valid else None, "code": code, "valid": valid},
        status=200 if valid else 404,
    )


def certificate_download(request, code: str):
    certificate = selectors.certificate_by_code(code)
    if certificate is None or not certificate.is_valid:
        raise Http404
    response = HttpResponse(documents.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sertifikat-{certificate.code}.pdf"'
    return response
