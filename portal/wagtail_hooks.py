from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.models import Opd

# Wagtail's release notes and editor guide are English pages about Wagtail; staff keep the shortcuts.
WAGTAIL_HELP_ITEMS_HIDDEN = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def hide_wagtail_help(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_ITEMS_HIDDEN)]


class OpdViewSet(SnippetViewSet):
    model = Opd
    icon = "site"
    menu_label = _("Direktori OPD")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "short_name", "counter", "opening_hours"]
    search_fields = ["name", "short_name"]


register_snippet(OpdViewSet)
