from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from catalog import admin_views
from catalog.models import Category
from portal import roles
from portal.admin_menu import RestrictedMenuItem


class CategoryViewSet(ModelViewSet):
    """The category tree editors manage (parent = the node above)."""

    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Kategori produk")
    add_to_admin_menu = True
    menu_order = 210
    form_fields = ["name", "slug", "parent", "is_food", "position"]
    list_display = ["name", "slug", "parent", "is_food", "position"]
    search_fields = ["name", "slug"]


@hooks.register("register_admin_viewset")
def register_category_viewset():
    return CategoryViewSet("catalog_category")


admin_urlpatterns = [
    path("moderasi/", admin_views.moderation_queue, name="moderation"),
    path("moderasi/<int:pk>/", admin_views.moderate_product, name="moderate"),
    path("pembayaran/", admin_views.payments, name="payments"),
    path("pembayaran/<int:pk>/refund/", admin_views.refund, name="refund"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("katalog/", include((admin_urlpatterns, "catalog_admin")))]


def is_moderator(user) -> bool:
    return roles.has_any_role(user, *admin_views.MODERATORS)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return RestrictedMenuItem(
        _("Moderasi produk"),
        reverse("catalog_admin:moderation"),
        shown_to=is_moderator,
        icon_name="tick-inverse",
        order=200,
    )


@hooks.register("register_admin_menu_item")
def register_payments_menu_item():
    return RestrictedMenuItem(
        _("Pembayaran"), reverse("catalog_admin:payments"), shown_to=is_moderator, icon_name="doc-full", order=220
    )
