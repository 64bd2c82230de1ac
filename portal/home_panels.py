"""The home page's panels: the portal's own (featured businesses, latest news) and, through the
`portal.panels.home` registry, the other apps' (featured products, upcoming training).

Every anonymous visitor sees the same panels, so they are rendered once per language and kept
with the catalogue (`portal.page_cache.kept_with_catalogue`): any change to a product, business,
training session or sign-up, or a page being published, bumps the version that drops them. A
panel whose content goes stale by the clock (a sign-up deadline passing) says until when it is
fresh with `fresh_until`, and the rendering is kept no longer than that. A preview of a draft
(Wagtail sets request.is_preview) is rendered and not kept, as `{% wagtailcache %}` does.
"""
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from portal import panels
from portal.page_cache import kept_with_catalogue

PANELS_TEMPLATE = "portal/_panels.html"


def home_panels_html(request, page) -> SafeString:
    def render() -> tuple[str, int | None]:
        shown = panels.home.render_list(request, page=page)
        deadlines = [panel["fresh_until"] for panel in shown if panel.get("fresh_until")]
        fresh_for = int((min(deadlines) - timezone.now()).total_seconds()) if deadlines else None
        return render_to_string(PANELS_TEMPLATE, {"panels": shown, "page": page}), fresh_for

    if getattr(request, "is_preview", False):  # an editor's draft: never from or into the cache
        return SafeString(render()[0])
    key = f"portal:home-panels:{page.pk}:{get_language()}"
    html, _ = kept_with_catalogue(key, render, settings.CATALOG_SUMMARY_SECONDS,
                                  fresh_for=lambda rendered: rendered[1])
    return SafeString(html)


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
