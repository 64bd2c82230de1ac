from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("Pembiayaan")

    def ready(self):
        from core import panels
        from financing.panels import account_leads
        from financing.selectors import CONSENT_PURPOSE, lender_names
        from registry import registration

        panels.account.register("financing-leads", order=40)(account_leads)
        registration.register_consent_purpose(
            CONSENT_PURPOSE, _("Data pengajuan dibagikan ke bank"), recipient_names=lender_names
        )
