"""Panels the catalogue adds to portal pages (owner dashboard, business profile, home)."""

from catalog.dashboards import owner_activity_figure
from catalog.fragments import product_cards
from catalog.models import Order, OrderStatus, Product
from catalog.selectors import business_product_ids, featured_product_ids
from core import panels
from registry.models import BusinessStatus


@panels.account.register("catalog-products", order=10)
def account_products(request, user, **context):
    if (
        not user.businesses.filter(status=BusinessStatus.VERIFIED).exists()
        and not Product.objects.filter(business__owner=user).exists()
    ):
        return {"template": "catalog/panels/account_buyer.html"}
    return {
        "template": "catalog/panels/account_products.html",
        "product_count": Product.objects.filter(business__owner=user).count(),
        "new_orders": Order.objects.filter(business__owner=user, status=OrderStatus.NEW).count(),
    }


@panels.business_profile.register("catalog-products", order=10)
def business_products_panel(request, business, **context):
    cards = product_cards(business_product_ids(business.pk))
    if not cards:
        return None
    return {"template": "catalog/panels/business_products.html", "cards": cards, "business": business}


@panels.home.register("catalog-featured", order=10)
def home_featured(request, page, **context):
    cards = product_cards(featured_product_ids())
    if not cards:
        return None
    return {"template": "catalog/panels/home_featured.html", "cards": cards}


@panels.account.register("catalog-activity-chart", order=11)
def account_activity_chart(request, user, **context):
    """The owner's own product views and paid orders of the last 30 days, as a small chart."""

    if not Product.objects.filter(business__owner=user).exists():
        return None
    figure = owner_activity_figure(user)
    return {"template": "catalog/panels/account_activity.html", "figure": figure, "totals": figure["totals"]}
