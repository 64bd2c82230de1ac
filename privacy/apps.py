from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal-data rights (UU 27/2022): export, erasure, consent withdrawal, retention."""

    name = "privacy"
    verbose_name = _("Data pribadi")
