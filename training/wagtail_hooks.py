"""Wagtail admin for training officers: programmes and sessions of their own organiser
(administrators see all), and the officer→organiser links (administrators only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.forms import modelform_factory
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal import roles

from . import admin_views, services
from .models import Organiser, Programme, Session, TrainingOfficer

# Changes to these fields are announced to everyone signed up.
ANNOUNCED_FIELDS = ("first_day", "last_day", "daily_start", "daily_end", "venue", "venue_detail", "status")


def is_training_admin(user) -> bool:
    return user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR)


def scope_organiser(user) -> str | None:
    """None = every organiser (administrator); otherwise the officer's organiser ("" = none)."""
    if is_training_admin(user):
        return None
    return services.officer_organiser(user) or ""


class ScopedFormMixin:
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        organiser = scope_organiser(for_user) if for_user is not None else None
        if organiser is None:
            return
        if "organiser" in self.fields:
            self.fields["organiser"].choices = [c for c in Organiser.choices if c[0] == organiser]
        if "programme" in self.fields:
            self.fields["programme"].queryset = Programme.objects.filter(organiser=organiser)


class ProgrammeForm(ScopedFormMixin, WagtailAdminModelForm):
    pass


class SessionForm(ScopedFormMixin, WagtailAdminModelForm):
    pass


class ScopedIndexView(generic.IndexView):
    organiser_lookup = "organiser"

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        organiser = scope_organiser(self.request.user)
        if organiser is not None:
            queryset = queryset.filter(**{self.organiser_lookup: organiser})
        return queryset


class ScopedObjectMixin:
    organiser_path = ("organiser",)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        organiser = scope_organiser(self.request.user)
        value = obj
        for attr in self.organiser_path:
            value = getattr(value, attr)
        if organiser is not None and value != organiser:
            raise PermissionDenied
        return obj


class ProgrammeIndexView(ScopedIndexView):
    pass


class ProgrammeEditView(ScopedObjectMixin, generic.EditView):
    pass


class ProgrammeDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    icon = "group"
    menu_label = _("Program")
    url_prefix = "pelatihan/program"
    list_display = ["title", "organiser", "topic", "cost", "requires_nib", "is_active"]
    list_filter = ["organiser", "topic", "is_active"]
    search_fields = ["title", "description"]
    form_fields = [
        "organiser",
        "topic",
        "title",
        "description",
        "cost",
        "requires_verified_business",
        "requires_nib",
        "size_classes",
        "kbli_prefixes",
        "max_annual_sales",
        "max_capital",
        "is_active",
    ]
    index_view_class = ProgrammeIndexView
    edit_view_class = ProgrammeEditView
    delete_view_class = ProgrammeDeleteView

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model, form=ProgrammeForm, fields=self.form_fields, formfield_callback=self.formfield_for_dbfield
        )


class SessionIndexView(ScopedIndexView):
    organiser_lookup = "programme__organiser"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme")


class SessionEditView(ScopedObjectMixin, generic.EditView):
    organiser_path = ("programme", "organiser")

    def save_instance(self):
        before = Session.objects.get(pk=self.object.pk)
        instance = super().save_instance()
        changed = [
            str(Session._meta.get_field(name).verbose_name)
            for name in ANNOUNCED_FIELDS
            if name != "status" and getattr(before, name) != getattr(instance, name)
        ]
        if before.status != instance.status or changed:
            services.session_notify_change(session=instance, changes=changed)
        if instance.capacity > before.capacity:
            services.session_promote_waitlisted(session=instance)
        return instance


class SessionDeleteView(ScopedObjectMixin, generic.DeleteView):
    organiser_path = ("programme", "organiser")


class SessionViewSet(ModelViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sesi")
    url_prefix = "pelatihan/sesi"
    list_display = [
        "__str__",
        "venue",
        "capacity",
        "status",
        TitleColumn(
            "manage",
            label=_("Kelola"),
            accessor=lambda s: _("Peserta dan absensi"),
            get_url=lambda s: reverse("training_manage", args=[s.pk]),
        ),
    ]
    list_filter = ["status", "venue", "programme__organiser"]
    form_fields = [
        "programme",
        "venue",
        "venue_detail",
        "first_day",
        "last_day",
        "daily_start",
        "daily_end",
        "capacity",
        "signup_opens_at",
        "signup_closes_at",
        "min_days_for_certificate",
        "offer_window_hours",
        "status",
    ]
    index_view_class = SessionIndexView
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model, form=SessionForm, fields=self.form_fields, formfield_callback=self.formfield_for_dbfield
        )


class TrainingOfficerViewSet(ModelViewSet):
    model = TrainingOfficer
    icon = "user"
    menu_label = _("Petugas pelatihan")
    url_prefix = "pelatihan/petugas"
    list_display = ["user", "organiser"]
    form_fields = ["user", "organiser"]


class TrainingViewSetGroup(ViewSetGroup):
    menu_label = _("Pelatihan")
    menu_icon = "group"
    menu_order = 300
    items = (ProgrammeViewSet, SessionViewSet, TrainingOfficerViewSet)


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


@hooks.register("register_admin_urls")
def session_management_urls():
    return [
        path("pelatihan/kelola/<int:pk>/", admin_views.manage_session, name="training_manage"),
        path("pelatihan/kelola/<int:pk>/absen/", admin_views.check_in, name="training_check_in"),
        path("pelatihan/kelola/<int:pk>/ekspor/<str:kind>.xlsx", admin_views.export_session, name="training_export"),
    ]
