"""Cache invalidation only: saving (publishing, unpublishing, a draft) or deleting a CMS page,
or changing a Site, bumps the page cache version. The home page's panels (its featured
businesses and intro, news) and the cached Site lookup with its root page (portal.sites) are
kept under that version."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site

from core.page_cache import invalidate_now_and_after_commit, invalidate_on_change


def _page_saved(sender, instance, **kwargs) -> None:
    # Pages are saved as their own class (HomePage, NewsPage...), so the sender cannot filter.
    if isinstance(instance, Page):
        invalidate_now_and_after_commit()


def connect() -> None:
    post_save.connect(_page_saved, dispatch_uid="pagecache-page-saved")
    # Deleting a subclass (a news page) also deletes its Page row, which sends this.
    post_delete.connect(invalidate_now_and_after_commit, sender=Page, dispatch_uid="pagecache-page-deleted")
    invalidate_on_change(Site)
