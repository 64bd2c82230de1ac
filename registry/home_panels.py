"""The registry's panel on the home page: the businesses editors picked (or the newest verified)."""

from core import panels
from registry.selectors import featured_businesses


@panels.home.register("registry-featured-businesses", order=5)
def featured_businesses_panel(request, page, **context):
    picks = None
    if getattr(request, "is_preview", False):  # the draft's picks, not yet saved
        picks = [pick.business_id for pick in sorted(page.featured_businesses.all(), key=lambda p: p.sort_order or 0)]
    businesses = featured_businesses(page, picks=picks)
    if not businesses:
        return None
    return {"template": "registry/home_businesses_panel.html", "businesses": businesses}
