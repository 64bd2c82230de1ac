from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Pencarian")

    def ready(self) -> None:
        # Imported once the models are loaded (these modules import models): registers the
        # answer to the catalogue's text queries, then the reindexing signals.
        from catalog.selectors import register_text_listing
        from search import signals
        from search.listing import search_listing

        register_text_listing(search_listing)
        signals.connect()
