"""The home page's panels. Every app adds its own through the `core.panels.home` registry (the
registry its featured businesses, catalog its products, training its upcoming sessions); the site
shell adds the latest news.

Every visitor sees the same panels, so they are rendered once per language and kept with the
catalogue (`PanelRegistry.render_kept`): any change to a product, business, training session or
sign-up, or a CMS page saved, bumps the version that drops them. The upcoming-training panel
sets `fresh_until` to its first sign-up deadline. A preview shows the draft's own picks.
"""

from core import panels
from portal.models import NewsPage


@panels.home.register("portal-news", order=40)
def news_panel(request, page, **context):
    count = getattr(page, "news_count", 3) or 0
    news = list(NewsPage.objects.live().order_by("-date", "-pk")[:count]) if count else []
    if not news:
        return None
    return {"template": "portal/panels/home_news.html", "news": news}
