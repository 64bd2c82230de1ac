"""Editors manage search synonyms and spelling variants in the Wagtail admin (Pengaturan →
Sinonim pencarian). Saving one queues a reindex so both backends apply it."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from search.models import SearchSynonym


class SearchSynonymViewSet(ModelViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Sinonim pencarian")
    add_to_admin_menu = True
    menu_order = 260
    form_fields = ["term", "variants"]
    list_display = ["term", "variants", "updated_at"]
    search_fields = ["term", "variants"]


@hooks.register("register_admin_viewset")
def register_search_synonym_viewset():
    return SearchSynonymViewSet("search_synonym")
