from celery import shared_task

from catalog.models import RENDITION_SPECS, ProductImage
from catalog.orders import checkouts_expire
from core.page_cache import page_cache_invalidate


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def make_renditions(product_image_id: int) -> bool:
    """Idempotent: Wagtail reuses renditions that already exist."""
    product_image = ProductImage.objects.select_related("image").filter(pk=product_image_id).first()
    if product_image is None:
        return False
    product_image.image.get_renditions(*RENDITION_SPECS)
    ProductImage.objects.filter(image_id=product_image.image_id).update(renditions_ready=True)
    page_cache_invalidate()  # cached pages still point at the original photo
    return True


@shared_task
def expire_checkouts() -> int:
    """Beat: unpaid checkouts past their time give their reserved stock back."""

    return checkouts_expire()
