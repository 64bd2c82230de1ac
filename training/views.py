"""Training pages. Views orchestrate: parse input, call one service or selector, render."""
from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from portal import roles
from portal.identifiers import whatsapp_url

from . import documents, selectors, services
from .forms import CheckInForm, FeedbackForm, SessionFilterForm, SignupForm
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
                session=session, business=data["business"], actor=request.user,
                participant_name=data["participant_name"], participant_phone=data["participant_phone"],
                participant_email=data["participant_email"],
            )
        except services.SignupRefused as refused:
            refusal = refused.reasons
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("Pendaftaran diterima. Simpan kode QR Anda."))
            else:
                messages.info(request, _("Kelas penuh: Anda masuk daftar tunggu nomor %(n)s.") % {
                    "n": services.waitlist_position(registration)})
            return redirect("training:registration", code=registration.code)
    session = selectors.session_detail(pk)
    return render(request, "training/session_detail.html",
                  _session_context(request, session, form=form, refusal=refusal), status=200)


def session_ical(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("programme"), pk=pk)
    url = request.build_absolute_uri(reverse("training:session", args=[pk]))
    response = HttpResponse(documents.session_ical(session, url=url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pelatihan-{pk}.ics"'
    return response


# --- the participant's registration --------------------------------------------------------------

def _registration_for(request, code: str) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("session__programme", "business__owner"), code=code.upper())
    user = request.user
    if not (services.can_act_for_business(user, registration.business)
            or services.can_manage_session(user, registration.session)):
        raise PermissionDenied
    return registration


@login_required
def registration_detail(request, code: str):
    registration = _registration_for(request, code)
    certificate = getattr(registration, "certificate", None) if hasattr(registration, "certificate") else None
    feedback = getattr(registration, "feedback", None) if hasattr(registration, "feedback") else None
    today = timezone.localdate()
    return render(request, "training/registration_detail.html", {
        "registration": registration,
        "session": registration.session,
        "position": services.waitlist_position(registration),
        "qr_svg": documents.qr_svg(registration.code) if registration.is_active else "",
        "certificate": certificate,
        "feedback": feedback,
        "feedback_form": FeedbackForm(initial={"rating": feedback.rating, "comment": feedback.comment} if feedback else None),
        "feedback_open": registration.status == RegistrationStatus.CONFIRMED and registration.session.first_day <= today,
        "days_attended": registration.attendances.count(),
    })


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


# --- officers ----------------------------------------------------------------------------------

def _managed_session(request, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("programme"), pk=pk)
    if not services.can_manage_session(request.user, session):
        raise PermissionDenied
    return session


def _pick_day(session: Session, value: str | None) -> date:
    today = timezone.localdate()
    for day in session.days:
        if value == day.isoformat():
            return day
    return today if today in session.days else session.first_day


@login_required
def check_in(request, pk: int):
    session = _managed_session(request, pk)
    day = _pick_day(session, request.POST.get("day") or request.GET.get("day"))
    result = None
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                result = services.attendance_record(session=session, code=form.cleaned_data["code"], day=day,
                                                    actor=request.user)
            except services.TrainingActionError as error:
                messages.error(request, str(error))
            else:
                if result.created:
                    messages.success(request, _("%(name)s (%(business)s) hadir.") % {
                        "name": result.registration.participant_name, "business": result.registration.business.name})
                else:
                    messages.info(request, _("%(name)s sudah tercatat hadir hari ini.") % {
                        "name": result.registration.participant_name})
            return redirect(f"{reverse('training:check-in', args=[session.pk])}?day={day.isoformat()}")
    query = (request.GET.get("q") or "").strip()
    matches = []
    if query:
        matches = list(
            session.registrations.filter(status=RegistrationStatus.CONFIRMED)
            .filter(Q(participant_name__icontains=query) | Q(business__name__icontains=query)
                    | Q(code__iexact=query) | Q(business__nib=query))
            .select_related("business").order_by("participant_name")[:20]
        )
    present = session.registrations.filter(attendances__day=day).count()
    confirmed = session.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    present_ids = set(session.registrations.filter(attendances__day=day).values_list("pk", flat=True))
    return render(request, "training/check_in.html", {
        "session": session, "day": day, "query": query, "matches": matches, "present_ids": present_ids,
        "present": present, "confirmed": confirmed, "form": CheckInForm(initial={"day": day}),
        "closed_reason": services.attendance_closed_reason(session, day),
    })


@login_required
def manage_session(request, pk: int):
    session = _managed_session(request, pk)
    if request.method == "POST" and request.POST.get("action") == "issue-certificates":
        issued = services.certificates_issue(session=session, actor=request.user)
        messages.success(request, _("%(n)s sertifikat diterbitkan.") % {"n": len(issued)})
        return redirect("training:manage", pk=session.pk)
    participants = list(selectors.session_participants(session))
    days = session.days
    rows = []
    for registration in participants:
        attended = {a.day for a in registration.attendances.all()}
        rows.append({
            "registration": registration,
            "marks": [day in attended for day in days],
            "days_attended": len(attended),
            "whatsapp": whatsapp_url(registration.participant_phone) if registration.participant_phone else "",
            "certificate": getattr(registration, "certificate", None) if hasattr(registration, "certificate") else None,
        })
    feedback = session.registrations.filter(feedback__isnull=False)
    summary = feedback.aggregate(average=Avg("feedback__rating"), count=Count("feedback"))
    comments = list(
        session.registrations.filter(feedback__isnull=False).select_related("feedback", "business")
        .order_by("-feedback__created_at")
    )
    return render(request, "training/manage_session.html", {
        "session": selectors.session_detail(session.pk), "days": days, "rows": rows,
        "feedback_summary": summary, "feedback_rows": comments,
    })


@login_required
def export_session(request, pk: int, kind: str):
    session = _managed_session(request, pk)
    participants = list(selectors.session_participants(session))
    days = session.days
    if kind == "peserta":
        header = [_("Kode"), _("Usaha"), _("NIB"), _("Nama peserta"), _("WhatsApp"), _("Email"), _("Status"),
                  _("Mendaftar")]
        rows = [[r.code, r.business.name, r.business.nib, r.participant_name, r.participant_phone,
                 r.participant_email, r.get_status_display(),
                 timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")] for r in participants]
    elif kind == "kehadiran":
        header = [_("Kode"), _("Usaha"), _("Nama peserta")] + [d.isoformat() for d in days] + [
            _("Jumlah hari"), _("Memenuhi syarat sertifikat")]
        rows = []
        for r in participants:
            if r.status != RegistrationStatus.CONFIRMED:
                continue
            attended = {a.day for a in r.attendances.all()}
            rows.append([r.code, r.business.name, r.participant_name]
                        + [_("hadir") if d in attended else "" for d in days]
                        + [len(attended), _("ya") if services.meets_attendance_rule(r, len(attended)) else _("tidak")])
    elif kind == "sertifikat":
        header = [_("Nomor sertifikat"), _("Nama peserta"), _("Usaha"), _("Hari hadir"), _("Terbit"),
                  _("Tautan verifikasi")]
        rows = []
        for r in participants:
            certificate = getattr(r, "certificate", None) if hasattr(r, "certificate") else None
            if certificate:
                rows.append([certificate.code, certificate.participant_name, r.business.name,
                             certificate.days_attended,
                             timezone.localtime(certificate.issued_at).strftime("%Y-%m-%d"),
                             documents.certificate_verification_url(certificate)])
    else:
        raise Http404
    content = documents.xlsx_bytes(kind, header, rows)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="pelatihan-{session.pk}-{kind}.xlsx"'
    return response


# --- certificates (mounted at /sertifikat/) ------------------------------------------------------

def certificate_verify(request, code: str):
    certificate = selectors.certificate_by_code(code)
    valid = certificate is not None and certificate.is_valid
    return render(request, "training/certificate_verify.html",
                  {"certificate": certificate if valid else None, "code": code, "valid": valid},
                  status=200 if valid else 404)


def certificate_download(request, code: str):
    certificate = selectors.certificate_by_code(code)
    if certificate is None or not certificate.is_valid:
        raise Http404
    response = HttpResponse(documents.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sertifikat-{certificate.code}.pdf"'
    return response
