from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Pelatihan")

    def ready(self):
        from core import panels as portal_panels

        from . import panels, signals

        portal_panels.account.register("training", order=30)(panels.account_training)
        portal_panels.business_profile.register("training-certificates", order=40)(panels.business_certificates)
        portal_panels.home.register("training-upcoming", order=40)(panels.home_upcoming)
        signals.connect()
