"""Cache invalidation only: publishing, unpublishing or deleting a CMS page (the home page's
featured businesses and intro, news on the home page) bumps the page cache version. Saving a
draft changes nothing visitors see, so it does not."""
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from portal.page_cache import invalidate_now_and_after_commit


def connect() -> None:
    page_published.connect(invalidate_now_and_after_commit, dispatch_uid="pagecache-page-published")
    page_unpublished.connect(invalidate_now_and_after_commit, dispatch_uid="pagecache-page-unpublished")
    # Deleting a subclass (a news page) also deletes its Page row, which sends this.
    post_delete.connect(invalidate_now_and_after_commit, sender=Page, dispatch_uid="pagecache-page-deleted")
