"""The DPMPTSP verification queue: who reaches it, filters, actions, history, audit and notifications."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditLog, Notification
from portal import roles
from registry import services
from registry.models import BusinessStatus
from tests.portal.factories import BusinessFactory, UserFactory

QUEUE = "/admin/verifikasi/"


@pytest.fixture
def staff():
    return UserFactory(roles=[roles.COUNTER_STAFF])


def submitted(**kwargs):
    return BusinessFactory(status=BusinessStatus.SUBMITTED, verified_at=None, submitted_at=timezone.now(), **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, expected",
    [
        pytest.param(roles.COUNTER_STAFF, 200, id="counter-staff"),
        pytest.param(roles.ADMINISTRATOR, 200, id="administrator"),
        pytest.param(roles.TRAINING_OFFICER, 403, id="training-officer"),
        pytest.param(roles.PARTNER_CURATOR, 403, id="partner-curator"),
    ],
)
def test_only_verifiers_reach_the_queue(client, role, expected):
    business = submitted()
    client.force_login(UserFactory(roles=[role]))
    assert client.get(QUEUE).status_code == expected
    assert client.get(f"{QUEUE}{business.pk}/").status_code == expected


@pytest.mark.django_db
def test_owner_and_visitor_are_kept_out_of_the_queue(client):
    business = submitted()
    assert client.get(QUEUE).status_code == 302  # to the admin login
    client.force_login(business.owner)
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(f"{QUEUE}{business.pk}/", {"action": "verify"})
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED


@pytest.mark.django_db
def test_queue_filters_by_status_kecamatan_sector_and_age(client, staff):
    food_old = submitted(name="Roti Lama", kecamatan_id="33.24.12", desa_id="33.24.12.2001")
    food_old.submitted_at = timezone.now() - timedelta(days=10)
    food_old.save()
    submitted(name="Batik Baru", kecamatan_id="33.24.01", desa_id="33.24.01.2001", kbli="13134")
    BusinessFactory(name="Sudah Terverifikasi")
    client.force_login(staff)

    def names(query):
        html = client.get(QUEUE + query).content.decode()
        return [n for n in ("Roti Lama", "Batik Baru", "Sudah Terverifikasi") if n in html]

    assert names("") == ["Roti Lama", "Batik Baru"]
    assert names("?kecamatan=33.24.01") == ["Batik Baru"]
    assert names("?sector=C") == ["Roti Lama", "Batik Baru"]
    assert names("?sector=A") == []
    assert names("?age=7") == ["Roti Lama"]
    assert names("?status=verified") == ["Sudah Terverifikasi"]
    assert names("?status=all") == ["Roti Lama", "Batik Baru", "Sudah Terverifikasi"]


@pytest.mark.django_db
def test_verify_writes_history_audit_and_notifies_owner_with_whatsapp_link(client, staff):
    business = submitted()
    client.force_login(staff)
    response = client.post(f"{QUEUE}{business.pk}/", {"action": "verify", "reason": "", "confirmed": "1"})
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.status == BusinessStatus.VERIFIED and business.verified_at is not None
    change = business.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == ("submitted", "verified", staff)
    assert AuditLog.objects.filter(action="business.verified", actor=staff, object_id=str(business.pk)).exists()
    note = Notification.objects.get(topic="business.verified")
    assert note.recipient == business.owner.owner_profile.email
    assert note.whatsapp_url.startswith("https://wa.me/6281234567890?text=")
    page = client.get(f"{QUEUE}{business.pk}/").content.decode()
    assert "https://wa.me/6281234567890" in page


@pytest.mark.django_db
def test_verify_asks_for_confirmation_before_publishing(client, staff):
    business = submitted(name="Roti Bu Ani")
    client.force_login(staff)
    response = client.post(f"{QUEUE}{business.pk}/", {"action": "verify", "reason": "Dokumen lengkap."})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="verify-confirm"' in page
    assert "Verifikasi Roti Bu Ani?" in page and "tampil di direktori publik" in page
    assert 'name="confirmed" value="1"' in page and 'value="Dokumen lengkap."' in page  # the note is kept
    assert f'href="{QUEUE}{business.pk}/"' in page  # cancel goes back to the review
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED
    assert not Notification.objects.filter(topic="business.verified").exists()

    client.post(f"{QUEUE}{business.pk}/", {"action": "verify", "reason": "Dokumen lengkap.", "confirmed": "1"})
    business.refresh_from_db()
    assert business.status == BusinessStatus.VERIFIED
    assert business.status_changes.get().reason == "Dokumen lengkap."


@pytest.mark.django_db
def test_after_a_decision_the_review_offers_the_next_waiting_registration(client, staff):
    first = submitted(name="Roti Lama")
    first.submitted_at = timezone.now() - timedelta(days=3)
    first.save()
    second = submitted(name="Batik Baru")
    client.force_login(staff)
    waiting = client.get(f"{QUEUE}{first.pk}/").content.decode()
    assert 'data-testid="next-in-queue"' not in waiting  # still to be decided: no distraction

    response = client.post(f"{QUEUE}{first.pk}/", {"action": "verify", "confirmed": "1"}, follow=True)
    page = response.content.decode()
    start = page.index('data-testid="next-in-queue"')
    offer = page[start : page.index("</section>", start)]
    assert "Batik Baru" in offer and f'href="{QUEUE}{second.pk}/"' in offer and "Masih 1 pendaftaran" in offer

    client.post(f"{QUEUE}{second.pk}/", {"action": "reject", "reason": "Bukan UMKM."})
    page = client.get(f"{QUEUE}{second.pk}/").content.decode()
    assert "Tidak ada lagi pendaftaran yang menunggu verifikasi." in page and 'data-testid="next-review"' not in page


@pytest.mark.django_db
@pytest.mark.parametrize("action, status", [("needs_changes", "needs_changes"), ("reject", "rejected")])
def test_needs_changes_and_reject_require_a_reason(client, staff, action, status):
    business = submitted()
    client.force_login(staff)
    response = client.post(f"{QUEUE}{business.pk}/", {"action": action, "reason": "  "})
    assert response.status_code == 200
    assert "Tuliskan alasannya" in response.content.decode()
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED

    client.post(f"{QUEUE}{business.pk}/", {"action": action, "reason": "Foto NIB buram."})
    business.refresh_from_db()
    assert business.status == status and business.status_reason == "Foto NIB buram."
    assert "Foto NIB buram." in Notification.objects.get(topic=f"business.{status}").body


@pytest.mark.django_db
def test_owner_fixes_a_registration_that_needs_changes_and_resubmits(client, staff):
    business = submitted()
    services.business_request_changes(business=business, actor=staff, reason="Alamat kurang lengkap.")
    client.force_login(business.owner)
    dashboard = client.get(reverse("registry:account")).content.decode()
    assert "Alamat kurang lengkap." in dashboard and "Perbaiki pendaftaran" in dashboard
    client.post(
        reverse("registry:registration-step", args=[business.pk, "persetujuan"]),
        {"registration_processing": "on", "public_profile": "on"},
    )
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED
    assert [c.to_status for c in business.status_changes.all()] == ["needs_changes", "submitted"]


@pytest.mark.django_db
def test_a_decided_registration_cannot_be_decided_again(staff):
    business = submitted()
    services.business_reject(business=business, actor=staff, reason="Bukan UMKM.")
    with pytest.raises(services.TransitionError):
        services.business_verify(business=business, actor=staff)


@pytest.mark.django_db
def test_revealing_the_nik_is_audited(client, staff):
    business = submitted()
    client.force_login(staff)
    page = client.get(f"{QUEUE}{business.pk}/").content.decode()
    nik = business.owner.owner_profile.nik
    assert nik not in page and business.owner.owner_profile.nik_masked in page
    page = client.get(f"{QUEUE}{business.pk}/?nik=1").content.decode()
    assert nik in page
    assert AuditLog.objects.filter(action="owner.nik_view", actor=staff).count() == 1


@pytest.mark.django_db
def test_consents_read_as_words_with_their_version_as_a_month(client, staff):
    from django.utils import timezone as tz

    from financing.models import Lender
    from registry.models import Consent
    from registry.registration import CONSENTS

    business = submitted()
    owner = business.owner
    for text in CONSENTS:
        Consent.objects.create(
            user=owner, business=business, purpose=text.purpose, text_version=text.version, text=text.text
        )
    Consent.objects.filter(purpose="program_information").update(withdrawn_at=tz.now())
    Consent.objects.create(
        user=owner,
        business=business,
        purpose="financing_lead",
        recipient="bri",
        text_version="financing-2026-1",
        text="Saya setuju data berikut dibagikan kepada BRI.",
    )
    client.force_login(staff)
    page = client.get(f"{QUEUE}{business.pk}/").content.decode()
    block = page[page.index('data-testid="consents"') :]
    block = block[: block.index("</dd>")]
    shown = re.sub(r"<[^>]+>", " ", block)  # what staff read, without attributes
    assert "Data pribadi diproses untuk pendaftaran dan verifikasi" in shown
    assert "Profil usaha tampil di direktori publik" in shown
    assert f"Data pengajuan dibagikan ke bank: {Lender.objects.get(code='bri').name}" in shown
    assert shown.count("versi Januari 2026") == 4
    assert "Ditarik" in shown  # the withdrawn programme-information consent says so
    for code in (
        "registration_processing",
        "public_profile",
        "program_information",
        "financing_lead",
        "v2026-01",
        "financing-2026-1",
    ):
        assert code not in shown


def test_consent_versions_read_as_the_month_of_their_wording():
    from registry.registration import consent_version_label

    assert consent_version_label("2026-01") == "versi Januari 2026"
    assert consent_version_label("financing-2026-11") == "versi November 2026"
    assert consent_version_label("draft") == "versi draft"
