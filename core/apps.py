from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared plumbing (audit, outbox, crypto, identifiers, caches): imports no domain app."""

    name = "core"
    verbose_name = _("Dasar")

    def ready(self):
        from core import checks  # noqa: F401 - registers the system checks
        from core.images import guard_pillow

        guard_pillow()
