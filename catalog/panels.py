"""Panels the catalogue adds to portal pages (owner dashboard, business profile, home)."""
from portal import panels
from portal.models import BusinessStatus


@panels.account.register("catalog-products", order=10)
def account_products(request, user, **context):
    from catalog.models import Order, OrderStatus, Product

    if not user.businesses.filter(status=BusinessStatus.VERIFIED).exists() and not Product.objects.filter(
        business__owner=user
    ).exists():
        return {"template": "catalog/panels/account_buyer.html"}
    return {
        "template": "catalog/panels/account_products.html",
        "product_count": Product.objects.filter(business__owner=user).count(),
        "new_orders": Order.objects.filter(business__owner=user, status=OrderStatus.NEW).count(),
    }


@panels.business_profile.register("catalog-products", order=10)
def business_products_panel(request, business, **context):
    from catalog.selectors import business_products

    products = business_products(business.pk)
    if not products:
        return None
    return {"template": "catalog/panels/business_products.html", "products": products, "business": business}


@panels.home.register("catalog-featured", order=10)
def home_featured(request, page, **context):
    from catalog.selectors import featured_products

    products = featured_products()
    if not products:
        return None
    return {"template": "catalog/panels/home_featured.html", "products": products}


@panels.account.register("catalog-activity-chart", order=11)
def account_activity_chart(request, user, **context):
    """The owner's own product views and paid orders of the last 30 days, as a small chart."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from catalog.models import Product
    from catalog.selectors import owner_daily_activity
    from portal.dashboard.figures import Cell, Figure, Series

    if not Product.objects.filter(business__owner=user).exists():
        return None
    days = owner_daily_activity(user, days=30)
    own = lambda n: Cell(n, None, "count")  # noqa: E731  the owner's own figures: nothing to suppress
    figure = Figure(
        key="owner-activity", title=_("Kunjungan produk dan pesanan, 30 hari terakhir"), label_heading=_("Tanggal"),
        labels=[date_format(d["day"], "j M") for d in days],
        series=[Series(_("Kunjungan halaman produk"), [own(d["views"]) for d in days]),
                Series(_("Pesanan dibayar"), [own(d["orders"]) for d in days], kind="line")],
    ).as_context()
    totals = {"views": sum(d["views"] for d in days), "orders": sum(d["orders"] for d in days)}
    return {"template": "catalog/panels/account_activity.html", "figure": figure, "totals": totals}
