from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("Pembiayaan")

    def ready(self):
        from portal import panels

        from financing.panels import account_leads

        panels.account.register("financing-leads", order=40)(account_leads)
