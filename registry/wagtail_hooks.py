"""The verification queue in the Wagtail admin (/admin/verifikasi/) and its admin-home panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from portal.admin_menu import RestrictedMenuItem
from registry import admin_views
from registry.selectors import verification_queue


@hooks.register("register_admin_urls")
def verification_urls():
    return [
        path("verifikasi/", admin_views.queue, name="registry_verification_queue"),
        path("verifikasi/<int:pk>/", admin_views.review, name="registry_verification_review"),
        path("verifikasi/dokumen/<int:pk>/", admin_views.document, name="registry_verification_document"),
        path(
            "verifikasi/sertifikat/<int:pk>/periksa/",
            admin_views.certification_check,
            name="registry_verification_certification_check",
        ),
        path("sengketa-nik/", admin_views.nik_disputes, name="registry_nik_disputes"),
    ]


@hooks.register("register_admin_menu_item")
def verification_menu_item():
    return RestrictedMenuItem(
        _("Verifikasi usaha"),
        reverse("registry_verification_queue"),
        shown_to=admin_views.can_verify,
        icon_name="tasks",
        order=150,
        name="verifikasi-usaha",
    )


@hooks.register("register_admin_menu_item")
def nik_disputes_menu_item():
    return RestrictedMenuItem(
        _("Sengketa NIK"),
        reverse("registry_nik_disputes"),
        shown_to=admin_views.can_verify,
        icon_name="warning",
        order=151,
        name="sengketa-nik",
    )


class VerificationQueuePanel(Component):
    """The counter's work first on the admin home: how many registrations wait, the oldest few
    with a link to review each (two queries whatever the queue's length)."""

    name = "verification_queue"
    order = 10
    template_name = "registry/admin/home_queue_panel.html"
    shown = 5

    def get_context_data(self, parent_context):
        waiting = verification_queue()
        return {
            "count": waiting.count(),
            "oldest": list(waiting[: self.shown]),
            "queue_url": reverse("registry_verification_queue"),
        }


@hooks.register("construct_homepage_panels")
def verification_queue_panel(request, panels):
    if admin_views.can_verify(request.user):
        panels.append(VerificationQueuePanel())
