from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The UMKM registry: owners, businesses, certifications, consents, regions and KBLI."""

    name = "registry"
    verbose_name = _("Registri UMKM")

    def ready(self):
        from registry import home_panels  # noqa: F401  (registers the home page's business panel)
