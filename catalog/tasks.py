from datetime import timedelta

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import RENDITION_SPECS, PhotoUpload, PhotoUploadStatus, ProductImage
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


class PhotoTask(Task):
    """A photo whose processing fails for good (retries spent, time limit, a bug) is marked
    refused with a reason the owner sees, never left "being processed"."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from catalog.images import photo_upload_refuse

        upload_id = args[0] if args else kwargs.get("upload_id")
        if upload_id is not None:
            photo_upload_refuse(upload_id=upload_id, reason=_("Foto tidak dapat diproses; unggah lagi."))


# A 50-megapixel JPEG takes well under a second (decoded at a reduced scale), a 25-megapixel
# PNG a few seconds; the time limits stop a pathological file from holding a worker.
@shared_task(
    base=PhotoTask,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=60,
    time_limit=90,
)
def process_photo_upload(upload_id: int) -> str | None:
    """Decode and re-encode one uploaded photo outside the web request (idempotent)."""
    from catalog.images import photo_upload_process, photo_upload_refuse

    try:
        upload = photo_upload_process(upload_id=upload_id)
    except SoftTimeLimitExceeded:
        upload = photo_upload_refuse(upload_id=upload_id, reason=_("Foto terlalu lama diproses; unggah foto lain."))
    return upload.status if upload else None


@shared_task
def sweep_photo_uploads() -> dict:
    """Beat: photos whose task was lost (broker down when they were sent) are queued again;
    those still unprocessed after an hour are refused with a reason the owner sees."""
    from catalog.images import photo_upload_refuse

    now = timezone.now()
    pending = PhotoUpload.objects.filter(status=PhotoUploadStatus.PROCESSING)
    stale = list(pending.filter(created_at__lt=now - timedelta(hours=1)).values_list("pk", flat=True))
    for upload_id in stale:
        photo_upload_refuse(upload_id=upload_id, reason=_("Foto tidak dapat diproses; unggah lagi."))
    lost = list(
        pending.filter(created_at__lt=now - timedelta(minutes=5)).exclude(pk__in=stale).values_list("pk", flat=True)
    )
    for upload_id in lost:
        process_photo_upload.delay(upload_id)
    return {"refused": len(stale), "requeued": len(lost)}


@shared_task
def expire_checkouts() -> int:
    """Beat: unpaid checkouts past their time give their reserved stock back."""

    return checkouts_expire()
