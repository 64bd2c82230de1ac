import io
import zipfile

import pytest
from django.urls import reverse

from core.models import AuditLog
from partners.exports import export_job_run
from partners.models import BatchStatus, CurationBatch, ExportJob, ExportStatus
from tests.partners.factories import ChannelListingFactory, channel, delivery_ready_product
from tests.portal.factories import BusinessFactory, OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client):
    curator = UserFactory(roles=["partner_curator"])
    client.force_login(curator)
    return client, curator


@pytest.mark.parametrize(
    "role, expected",
    [
        pytest.param(None, "login", id="anonymous"),
        pytest.param("owner", "login", id="owner"),
        pytest.param("bank_officer", "login", id="bank-officer"),
        pytest.param("counter_staff", "denied", id="counter-staff"),
        pytest.param("training_officer", "denied", id="training-officer"),
        pytest.param("partner_curator", "ok", id="curator"),
        pytest.param("administrator", "ok", id="administrator"),
    ],
)
@pytest.mark.parametrize("url_name", ["partners_admin:batches", "partners_admin:exports", "partners_admin:channels"])
def test_admin_pages_per_role(client, role, expected, url_name):
    if role:
        client.force_login(UserFactory(roles=[role]))
    response = client.get(reverse(url_name))
    if expected == "ok":
        assert response.status_code == 200
    elif expected == "login":
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    else:  # Wagtail turns PermissionDenied into a redirect to the dashboard with a message
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_curator_builds_locks_exports_and_downloads(curator_client, django_capture_on_commit_callbacks):
    client, curator = curator_client
    kendal = BusinessFactory(kecamatan_id="33.24.12")
    other = BusinessFactory(kecamatan_id="33.24.01", desa_id="33.24.01.2001")
    in_kendal = delivery_ready_product(business=kendal, name="Soto Kendal")
    elsewhere = delivery_ready_product(business=other, name="Bandeng Kaliwungu")
    not_ready = delivery_ready_product(business=kendal, name="Tanpa Foto")
    not_ready.images.all().delete()
    for product in (in_kendal, elsewhere, not_ready):
        ChannelListingFactory(product=product, channel=channel("gofood"))
    delivery_ready_product(business=kendal, name="Belum Ikut")

    response = client.post(reverse("partners_admin:batches"), {"channel": channel("gofood").pk, "name": "Des"})
    batch = CurationBatch.objects.get()
    assert response["Location"] == reverse("partners_admin:batch", args=[batch.pk])

    page = client.get(reverse("partners_admin:batch", args=[batch.pk])).content.decode()
    assert "Soto Kendal" in page and "Bandeng Kaliwungu" in page
    assert "Tanpa Foto" not in page and "Belum Ikut" not in page
    filtered = client.get(reverse("partners_admin:batch", args=[batch.pk]), {"kecamatan": "33.24.12"}).content.decode()
    assert "Soto Kendal" in filtered and "Bandeng Kaliwungu" not in filtered

    listing = in_kendal.channel_listings.get()
    client.post(reverse("partners_admin:batch-change", args=[batch.pk, "add"]), {"listing": [listing.pk]})
    client.post(reverse("partners_admin:batch-change", args=[batch.pk, "lock"]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.LOCKED and batch.locked_by == curator
    assert [i.listing_id for i in batch.items.all()] == [listing.pk]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("partners_admin:batch-export", args=[batch.pk]), {"file_format": "xlsx", "include_images": "on"}
        )
    job = ExportJob.objects.get()
    assert len(callbacks) == 1  # queued for the worker only after commit
    assert response["Location"] == reverse("partners_admin:export", args=[job.pk])
    assert client.get(reverse("partners_admin:export-status", args=[job.pk])).json()["status"] == "pending"

    export_job_run(job_id=job.pk)

    status = client.get(reverse("partners_admin:export-status", args=[job.pk])).json()
    assert status == {
        "status": "done",
        "status_label": "Selesai",
        "processed": 1,
        "total": 1,
        "percent": 100,
        "rows": 1,
        "skipped": 0,
        "warnings": 0,
        "finished": True,
    }
    download = client.get(reverse("partners_admin:export-download", args=[job.pk, "file"]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="gofood-')
    images = client.get(reverse("partners_admin:export-download", args=[job.pk, "images"]))
    assert zipfile.ZipFile(io.BytesIO(b"".join(images.streaming_content))).namelist() == [f"{in_kendal.pk}.jpg"]
    assert AuditLog.objects.filter(action="partners.export_download.file", actor=curator).count() == 1
    # Recorded: downloadable again from the list.
    assert f'data-export="{job.pk}"' in client.get(reverse("partners_admin:exports")).content.decode()


def test_locked_batch_cannot_change(curator_client):
    client, curator = curator_client
    product = delivery_ready_product()
    listing = ChannelListingFactory(product=product, channel=channel("gofood"))
    other = ChannelListingFactory(product=delivery_ready_product(), channel=channel("gofood"))
    batch = CurationBatch.objects.create(channel=channel("gofood"), name="x", created_by=curator)
    client.post(reverse("partners_admin:batch-change", args=[batch.pk, "add"]), {"listing": [listing.pk]})
    client.post(reverse("partners_admin:batch-change", args=[batch.pk, "lock"]))

    response = client.post(
        reverse("partners_admin:batch-change", args=[batch.pk, "add"]), {"listing": [other.pk]}, follow=True
    )

    assert "Batch sudah dikunci dan tidak dapat diubah." in response.content.decode()
    assert batch.items.count() == 1


def test_empty_batch_cannot_be_locked_and_not_opted_in_is_not_added(curator_client):
    client, curator = curator_client
    listing = ChannelListingFactory(product=delivery_ready_product(), channel=channel("gofood"), is_opted_in=False)
    batch = CurationBatch.objects.create(channel=channel("gofood"), name="x", created_by=curator)
    client.post(reverse("partners_admin:batch-change", args=[batch.pk, "add"]), {"listing": [listing.pk]})
    response = client.post(reverse("partners_admin:batch-change", args=[batch.pk, "lock"]), follow=True)
    assert "Batch kosong tidak dapat dikunci." in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT


def test_rotate_token_shows_it_once(curator_client):
    client, curator = curator_client
    gofood = channel("gofood")
    page = client.post(reverse("partners_admin:channel-token", args=[gofood.pk])).content.decode()
    gofood.refresh_from_db()
    token = page.split('data-testid="token">')[1].split("<")[0]
    assert token.startswith("gofood_") and token not in gofood.api_token_hash
    assert client.get("/api/v1/partners/gofood/listings/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert token not in client.get(reverse("partners_admin:channels")).content.decode()


def test_channel_limits_are_validated(curator_client):
    client, curator = curator_client
    gofood = channel("gofood")
    url = reverse("partners_admin:channel", args=[gofood.pk])
    bad = client.post(url, {"name": "GoFood", "is_active": "on", "limits": '{"nama_max": 10}'})
    assert "Batas tidak dikenal: nama_max." in bad.content.decode()
    client.post(url, {"name": "GoFood", "is_active": "on", "limits": '{"description_max": 250}'})
    gofood.refresh_from_db()
    assert gofood.limits == {"description_max": 250}


def test_owner_is_refused_downloads(client):
    job = ExportJob.objects.create(channel=channel("gofood"), file_format="csv", status=ExportStatus.DONE)
    client.force_login(OwnerFactory())
    response = client.get(reverse("partners_admin:export-download", args=[job.pk, "file"]))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.force_login(UserFactory(roles=["counter_staff"]))
    response = client.get(reverse("partners_admin:export-download", args=[job.pk, "file"]))
    assert response.status_code == 302 and response["Location"] == "/admin/"
