from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Pencarian")

    def ready(self) -> None:
        # Imported once the models are loaded (the signal handlers import models).
        from search import signals

        signals.connect()
