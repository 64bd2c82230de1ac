from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Katalog")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from catalog import cart, panels, signals  # noqa: F401  (registers the panels)

        user_logged_in.connect(cart.merge_on_login, dispatch_uid="catalog-cart-merge")
        signals.connect()
