from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The staff dashboard: the top layer, reading every app."""

    name = "dashboards"
    verbose_name = _("Dasbor")
