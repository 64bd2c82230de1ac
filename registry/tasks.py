from celery import shared_task

from registry.models import Business
from registry.sizing import business_size_class_refresh


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def refresh_business_size_class(business_id: int) -> str | None:
    business = Business.objects.filter(pk=business_id).first()
    if business is None:
        return None
    return business_size_class_refresh(business=business)
