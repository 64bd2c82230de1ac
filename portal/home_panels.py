"""Panels the portal itself adds to the home page: featured businesses and the latest news."""
from portal import panels


@panels.home.register("portal-featured-businesses", order=5)
def featured_businesses_panel(request, page, **context):
    from portal.selectors import featured_businesses

    businesses = featured_businesses(page)
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
