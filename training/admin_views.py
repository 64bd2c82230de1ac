"""Officers' pages for one session inside the Wagtail admin: participants, certificates and
feedback (manage), check-in at the door, and the XLSX exports. Wagtail lets in only users with
admin access; each view lets in only those who manage the session (services.can_manage_session)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.identifiers import whatsapp_url

from . import documents, selectors, services
from .forms import CheckInForm
from .models import RegistrationStatus, Session


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


def _admin_page(session: Session, title: str, *, here: str) -> dict:
    """Wagtail's slim header with breadcrumbs: Sesi pelatihan › the session › this page."""
    manage_url = reverse("training_manage", args=[session.pk])
    items = [
        {"url": reverse("wagtailadmin_home"), "label": _("Beranda")},
        {"url": reverse("session:index"), "label": capfirst(Session._meta.verbose_name_plural)},
        {"url": manage_url if here != "manage" else "", "label": str(session)},
    ]
    if here != "manage":
        items.append({"url": "", "label": title})
    return {"header_title": title, "page_title": title, "header_icon": "date", "breadcrumbs_items": items}


def check_in(request, pk: int):
    session = _managed_session(request, pk)
    day = _pick_day(session, request.POST.get("day") or request.GET.get("day"))
    result = None
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                result = services.attendance_record(
                    session=session, code=form.cleaned_data["code"], day=day, actor=request.user
                )
            except services.TrainingActionError as error:
                messages.error(request, str(error))
            else:
                if result.created:
                    messages.success(
                        request,
                        _("%(name)s (%(business)s) hadir.")
                        % {"name": result.registration.participant_name, "business": result.registration.business.name},
                    )
                else:
                    messages.info(
                        request,
                        _("%(name)s sudah tercatat hadir hari ini.") % {"name": result.registration.participant_name},
                    )
            return redirect(f"{reverse('training_check_in', args=[session.pk])}?day={day.isoformat()}")
    query = (request.GET.get("q") or "").strip()
    matches = []
    if query:
        matches = list(
            session.registrations.filter(status=RegistrationStatus.CONFIRMED)
            .filter(
                Q(participant_name__icontains=query)
                | Q(business__name__icontains=query)
                | Q(code__iexact=query)
                | Q(business__nib=query)
            )
            .select_related("business")
            .order_by("participant_name")[:20]
        )
    present = session.registrations.filter(attendances__day=day).count()
    confirmed = session.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    present_ids = set(session.registrations.filter(attendances__day=day).values_list("pk", flat=True))
    return render(
        request,
        "training/check_in.html",
        {
            **_admin_page(session, _("Absensi"), here="check_in"),
            "session": session,
            "day": day,
            "query": query,
            "matches": matches,
            "present_ids": present_ids,
            "present": present,
            "confirmed": confirmed,
            "form": CheckInForm(initial={"day": day}),
            "closed_reason": services.attendance_closed_reason(session, day),
        },
    )


def manage_session(request, pk: int):
    session = _managed_session(request, pk)
    if request.method == "POST" and request.POST.get("action") == "issue-certificates":
        issued = services.certificates_issue(session=session, actor=request.user)
        messages.success(request, _("%(n)s sertifikat diterbitkan.") % {"n": len(issued)})
        return redirect("training_manage", pk=session.pk)
    participants = list(selectors.session_participants(session))
    days = session.days
    rows = []
    for registration in participants:
        attended = {a.day for a in registration.attendances.all()}
        rows.append(
            {
                "registration": registration,
                "marks": [day in attended for day in days],
                "days_attended": len(attended),
                "whatsapp": whatsapp_url(registration.participant_phone) if registration.participant_phone else "",
                "certificate": getattr(registration, "certificate", None)
                if hasattr(registration, "certificate")
                else None,
            }
        )
    feedback = session.registrations.filter(feedback__isnull=False)
    summary = feedback.aggregate(average=Avg("feedback__rating"), count=Count("feedback"))
    comments = list(
        session.registrations.filter(feedback__isnull=False)
        .select_related("feedback", "business")
        .order_by("-feedback__created_at")
    )
    return render(
        request,
        "training/manage_session.html",
        {
            **_admin_page(session, _("Kelola sesi"), here="manage"),
            "session": selectors.session_detail(session.pk),
            "days": days,
            "rows": rows,
            "feedback_summary": summary,
            "feedback_rows": comments,
            "edit_url": reverse("session:edit", args=[session.pk]),
        },
    )


def export_session(request, pk: int, kind: str):
    session = _managed_session(request, pk)
    participants = list(selectors.session_participants(session))
    days = session.days
    if kind == "peserta":
        header = [
            _("Kode"),
            _("Usaha"),
            _("NIB"),
            _("Nama peserta"),
            _("WhatsApp"),
            _("Email"),
            _("Status"),
            _("Mendaftar"),
        ]
        rows = [
            [
                r.code,
                r.business.name,
                r.business.nib,
                r.participant_name,
                r.participant_phone,
                r.participant_email,
                r.get_status_display(),
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
            for r in participants
        ]
    elif kind == "kehadiran":
        header = (
            [_("Kode"), _("Usaha"), _("Nama peserta")]
            + [d.isoformat() for d in days]
            + [_("Jumlah hari"), _("Memenuhi syarat sertifikat")]
        )
        rows = []
        for r in participants:
            if r.status != RegistrationStatus.CONFIRMED:
                continue
            attended = {a.day for a in r.attendances.all()}
            rows.append(
                [r.code, r.business.name, r.participant_name]
                + [_("hadir") if d in attended else "" for d in days]
                + [len(attended), _("ya") if services.meets_attendance_rule(r, len(attended)) else _("tidak")]
            )
    elif kind == "sertifikat":
        header = [
            _("Nomor sertifikat"),
            _("Nama peserta"),
            _("Usaha"),
            _("Hari hadir"),
            _("Terbit"),
            _("Tautan verifikasi"),
        ]
        rows = []
        for r in participants:
            certificate = getattr(r, "certificate", None) if hasattr(r, "certificate") else None
            if certificate:
                rows.append(
                    [
                        certificate.code,
                        certificate.participant_name,
                        r.business.name,
                        certificate.days_attended,
                        timezone.localtime(certificate.issued_at).strftime("%Y-%m-%d"),
                        documents.certificate_verification_url(certificate),
                    ]
                )
    else:
        raise Http404
    content = documents.xlsx_bytes(kind, header, rows)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="pelatihan-{session.pk}-{kind}.xlsx"'
    return response
