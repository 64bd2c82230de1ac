"""The home page's panels: the portal's own (featured businesses, latest news) and, through the
`portal.panels.home` registry, the other apps' (featured products, upcoming training).

Every visitor sees the same panels, so they are rendered once per language and kept with the
catalogue (`PanelRegistry.render_kept`): any change to a product, business, training session or
sign-up, or a CMS page saved, bumps the version that drops them. The upcoming-training panel
sets `fresh_until` to its first sign-up deadline. A preview shows the draft's own picks.
"""
from portal import panels


@panels.home.register("portal-featured-businesses", order=5)
def featured_businesses_panel(request, page, **context):
    from portal.selectors import featured_businesses

    picks = None
    if getattr(request, "is_preview", False):  # the draft's picks, not yet saved
        picks = [pick.business_id for pick in sorted(page.featured_businesses.all(), key=lambda p: p.sort_order or 0)]
    businesses = featured_businesses(page, picks=picks)
    if not businesses:
        return None
    return {"template": "portal/panels/home_businesses.html", "businesses": businesses}


@panels.home.register("portal-news", order=40)
def news_panel(request, page, **context):
    from portal.models import NewsPage

    count = getattr(page, "news_count", 3) or 0
    news = list(NewsPage.objects.live().order_by("-date", "-pk")[:count]) if count else []
    if not news:
        return None
    return {"template": "portal/panels/home_news.html", "news": news}
