"""Owner at /pembiayaan/: form pre-filled from the business, results with reasons, consent per
bank, one lead per product routed to lender and branch, statuses on /pembiayaan/pengajuan/."""

from urllib.parse import urlencode

import pytest

from financing.models import Lead, LeadStatus
from registry.models import Consent
from tests.financing.factories import LenderBranchFactory
from tests.portal.factories import BusinessFactory, UserFactory

REQ = {
    "amount": "25000000",
    "purpose": "modal_kerja",
    "tenor_months": "24",
    "previous_kur_count": "0",
    "loan_type_1": "consumer",
    "loan_lender_1": "BCA",
    "loan_amount_1": "5000000",
}


@pytest.fixture
def business(db):
    return BusinessFactory(kecamatan_id="33.24.12", npwp="")


def test_anonymous_sees_login_prompt(client, db):
    response = client.get("/pembiayaan/")

    assert response.status_code == 200
    assert "Masuk untuk mencocokkan usaha Anda" in response.content.decode()


def test_form_is_prefilled_from_previous_application(client, business):
    client.force_login(business.owner)
    client.get("/pembiayaan/persetujuan/?" + urlencode({**REQ, "business": business.pk, "product": "kur-mikro"}))
    client.post(
        "/pembiayaan/persetujuan/", {**REQ, "business": business.pk, "product": "kur-mikro", "consent_bri": "on"}
    )

    response = client.get("/pembiayaan/")

    form = response.context["form"]
    assert form.initial["business"] == business.pk
    assert (form.initial["amount"], form.initial["tenor_months"], form.initial["loan_type_1"]) == (
        25_000_000,
        24,
        "consumer",
    )


def test_results_show_eligible_and_reasons(client, business):
    client.force_login(business.owner)

    response = client.get("/pembiayaan/hasil/?" + urlencode({**REQ, "business": business.pk}))

    assert response.status_code == 200
    result = response.context["result"]
    assert [m.product.code for m in result.eligible] == ["kur-mikro", "bkk-modal-kerja", "kupedes"]
    html = response.content.decode()
    assert "plafon Rp25.000.000 di atas batas maksimal KUR Super Mikro (Rp10.000.000)." in html
    assert "Skema KUR yang sesuai dengan plafon ini: KUR Mikro." in html


def test_invalid_request_keeps_what_was_typed(client, business):
    client.force_login(business.owner)

    response = client.get(
        "/pembiayaan/hasil/?"
        + urlencode({**REQ, "business": business.pk, "tenor_months": "0", "loan_lender_1": "Bank Jateng"})
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Bank Jateng"' in html
    assert "tenor_months" in response.context["form"].errors


def test_cannot_match_someone_elses_business(client, business):
    client.force_login(UserFactory())

    response = client.get("/pembiayaan/hasil/?" + urlencode({**REQ, "business": business.pk}))

    assert response.status_code == 400
    assert "business" in response.context["form"].errors


def test_consent_screen_names_each_bank_and_data(client, business):
    client.force_login(business.owner)

    response = client.get(
        "/pembiayaan/persetujuan/?"
        + urlencode(
            [*{**REQ, "business": business.pk}.items(), ("product", "kur-mikro"), ("product", "bkk-modal-kerja")]
        )
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Saya setuju data saya dibagikan kepada BRI." in html
    assert "Saya setuju data saya dibagikan kepada BPR BKK Kendal." in html
    assert "nama dan NIK pemilik" in html


def test_submit_without_consent_for_a_bank_creates_nothing(client, business):
    client.force_login(business.owner)

    response = client.post(
        "/pembiayaan/persetujuan/",
        {**REQ, "business": business.pk, "product": ["kur-mikro", "bkk-modal-kerja"], "consent_bri": "on"},
    )

    assert response.status_code == 400
    assert "Persetujuan berbagi data belum diberikan untuk: BPR BKK Kendal." in response.content.decode()
    assert Lead.objects.count() == 0 and Consent.objects.count() == 0


def test_submit_creates_one_lead_per_product_with_consent_and_branch(client, business):
    weleri = LenderBranchFactory(name="BRI Unit Weleri", kecamatan=["33.24.12"])
    LenderBranchFactory(name="BRI Cabang Kendal", kecamatan=["33.24.15"])
    client.force_login(business.owner)

    response = client.post(
        "/pembiayaan/persetujuan/",
        {
            **REQ,
            "business": business.pk,
            "product": ["kur-mikro", "kupedes", "bkk-modal-kerja"],
            "consent_bri": "on",
            "consent_bpr-bkk-kendal": "on",
        },
    )

    assert response.status_code == 302 and response["Location"] == "/pembiayaan/pengajuan/"
    leads = {lead.product.code: lead for lead in Lead.objects.select_related("product", "lender", "branch", "consent")}
    assert set(leads) == {"kur-mikro", "kupedes", "bkk-modal-kerja"}
    assert leads["kur-mikro"].branch == weleri and leads["kupedes"].branch == weleri
    assert leads["bkk-modal-kerja"].branch is None and leads["bkk-modal-kerja"].lender.code == "bpr-bkk-kendal"
    consents = {c.recipient: c for c in Consent.objects.filter(business=business, purpose="financing_lead")}
    assert set(consents) == {"bri", "bpr-bkk-kendal"}
    assert "BPR BKK Kendal" in consents["bpr-bkk-kendal"].text
    assert leads["kupedes"].consent == consents["bri"]
    assert all(lead.status == LeadStatus.NEW and lead.match_reasons for lead in leads.values())
    assert leads["kur-mikro"].rate == 6 and leads["kur-mikro"].monthly_instalment == 1_108_016


def test_submit_refuses_product_that_is_not_eligible(client, business):
    client.force_login(business.owner)

    response = client.post(
        "/pembiayaan/persetujuan/",
        {**REQ, "business": business.pk, "product": ["kur-super-mikro"], "consent_bri": "on"},
    )

    assert response.status_code == 400
    assert Lead.objects.count() == 0


def test_owner_sees_lead_statuses_on_list_and_account_panel(client, business):
    client.force_login(business.owner)
    client.post(
        "/pembiayaan/persetujuan/", {**REQ, "business": business.pk, "product": "kur-mikro", "consent_bri": "on"}
    )
    Lead.objects.update(status=LeadStatus.CONTACTED)

    listing = client.get("/pembiayaan/pengajuan/").content.decode()
    account = client.get("/akun/").content.decode()

    for html in (listing, account):
        assert "KUR Mikro" in html and "Sudah dihubungi" in html
    assert 'data-panel="financing-leads"' in account


def test_owner_does_not_see_other_owners_leads(client, business):
    client.force_login(business.owner)
    client.post(
        "/pembiayaan/persetujuan/", {**REQ, "business": business.pk, "product": "kur-mikro", "consent_bri": "on"}
    )
    client.force_login(UserFactory())

    response = client.get("/pembiayaan/pengajuan/")

    assert list(response.context["leads"]) == []


def test_owner_withdraws_consent_and_officer_sees_masked_data_again(client, business):
    from core.models import AuditLog
    from tests.financing.factories import BankOfficerFactory

    client.force_login(business.owner)
    client.post(
        "/pembiayaan/persetujuan/", {**REQ, "business": business.pk, "product": "kur-mikro", "consent_bri": "on"}
    )
    consent = Consent.objects.get(business=business, recipient="bri")
    lead = Lead.objects.get()

    response = client.post(f"/pembiayaan/persetujuan/{consent.pk}/tarik/")

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert AuditLog.objects.filter(action="financing.consent.withdrawn", object_id=str(consent.pk)).count() == 1
    client.force_login(BankOfficerFactory().user)
    html = client.get(f"/bank/lead/{lead.pk}/?tampilkan=1").content.decode()
    assert business.owner.owner_profile.nik not in html


def test_cannot_withdraw_someone_elses_consent(client, business):
    client.force_login(business.owner)
    client.post(
        "/pembiayaan/persetujuan/", {**REQ, "business": business.pk, "product": "kur-mikro", "consent_bri": "on"}
    )
    consent = Consent.objects.get(business=business, recipient="bri")
    client.force_login(UserFactory())

    assert client.post(f"/pembiayaan/persetujuan/{consent.pk}/tarik/").status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_english_results_translate_reasons(client, business):
    client.force_login(business.owner)

    response = client.get("/en/pembiayaan/hasil/?" + urlencode({**REQ, "business": business.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Matching products" in html
    assert "the amount Rp25.000.000 is above the maximum of KUR Super Mikro (Rp10.000.000)." in html
