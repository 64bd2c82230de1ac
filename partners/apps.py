from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Mitra")

    def ready(self):
        from partners import panels  # noqa: F401  (registers the owner dashboard panel)
