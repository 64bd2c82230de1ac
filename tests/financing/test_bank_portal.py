"""Bank officers see only their lender's (branch's) leads; personal data only with consent,
and every unmasked view is audited; workflow, ageing, CSV export, DPMPTSP aggregates."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import AuditLog
from financing.models import Lead, LeadEvent, LeadStatus, Lender
from financing.selectors import working_days_between
from portal import roles
from registry.models import Consent
from tests.financing.factories import BankOfficerFactory, LenderBranchFactory, submit
from tests.portal.factories import BusinessFactory, UserFactory


@pytest.fixture
def branches(db):
    return {
        "weleri": LenderBranchFactory(name="BRI Unit Weleri", kecamatan=["33.24.12"]),
        "kendal": LenderBranchFactory(name="BRI Cabang Kendal", kecamatan=["33.24.15"]),
    }


@pytest.fixture
def leads(branches):
    weleri = BusinessFactory(kecamatan_id="33.24.12", name="Kripik Weleri")
    kendal = BusinessFactory(kecamatan_id="33.24.15", desa_id="33.24.15.1001", name="Bandeng Kendal")
    submit(weleri, ["kur-mikro", "bkk-modal-kerja"])
    submit(kendal, ["kur-mikro"])
    return {
        "bri_weleri": Lead.objects.get(business=weleri, lender__code="bri"),
        "bkk_weleri": Lead.objects.get(business=weleri, lender__code="bpr-bkk-kendal"),
        "bri_kendal": Lead.objects.get(business=kendal),
    }


@pytest.fixture
def bri_weleri_officer(branches):
    return BankOfficerFactory(branch=branches["weleri"])


def test_bri_officer_gets_404_on_bkk_lead(client, leads):
    client.force_login(BankOfficerFactory().user)

    assert client.get(f"/bank/lead/{leads['bkk_weleri'].pk}/").status_code == 404
    assert client.get(f"/bank/lead/{leads['bri_kendal'].pk}/").status_code == 200


def test_branch_officer_gets_404_on_another_branchs_lead(client, leads, bri_weleri_officer):
    client.force_login(bri_weleri_officer.user)

    assert client.get(f"/bank/lead/{leads['bri_kendal'].pk}/").status_code == 404
    assert client.post(f"/bank/lead/{leads['bri_kendal'].pk}/status/", {"to_status": "contacted"}).status_code == 404
    assert client.get(f"/bank/lead/{leads['bri_weleri'].pk}/").status_code == 200


def test_list_shows_only_own_lender_and_branch(client, leads, bri_weleri_officer):
    client.force_login(bri_weleri_officer.user)

    response = client.get("/bank/")

    assert [row["lead"].pk for row in response.context["rows"]] == [leads["bri_weleri"].pk]

    client.force_login(BankOfficerFactory(lender=Lender.objects.get(code="bpr-bkk-kendal")).user)
    assert [row["lead"].pk for row in client.get("/bank/").context["rows"]] == [leads["bkk_weleri"].pk]


@pytest.mark.parametrize("role", [roles.OWNER, roles.COUNTER_STAFF, None])
def test_non_officers_are_refused(client, leads, role):
    if role:
        client.force_login(UserFactory(roles=[role]))

    response = client.get("/bank/")

    assert response.status_code in (302, 403) and (role is not None) == (response.status_code == 403)


def test_officer_group_without_lender_link_is_refused(client, leads):
    client.force_login(UserFactory(roles=[roles.BANK_OFFICER]))

    assert client.get("/bank/").status_code == 403


def test_without_consent_nik_is_masked_and_not_audited(client, leads):
    lead = leads["bri_kendal"]
    Consent.objects.filter(business=lead.business).update(withdrawn_at=timezone.now())
    client.force_login(BankOfficerFactory().user)

    html = client.get(f"/bank/lead/{lead.pk}/?tampilkan=1").content.decode()

    nik = lead.business.owner.owner_profile.nik
    assert nik not in html
    assert lead.business.owner.owner_profile.nik_masked in html
    assert not AuditLog.objects.filter(action="financing.lead.personal_data_viewed").exists()


def test_with_consent_nik_masked_until_revealed_and_each_reveal_audited(client, leads):
    lead = leads["bri_kendal"]
    officer = BankOfficerFactory()
    client.force_login(officer.user)
    nik = lead.business.owner.owner_profile.nik

    masked = client.get(f"/bank/lead/{lead.pk}/").content.decode()
    first = client.get(f"/bank/lead/{lead.pk}/?tampilkan=1").content.decode()
    second = client.get(f"/bank/lead/{lead.pk}/?tampilkan=1").content.decode()

    assert nik not in masked and nik in first and nik in second
    entries = list(AuditLog.objects.filter(action="financing.lead.personal_data_viewed").order_by("at", "pk"))
    assert [(e.actor_id, e.object_type, e.object_id, e.detail["lender"]) for e in entries] == [
        (officer.user.pk, "financing.lead", str(lead.pk), "bri")
    ] * 2


def test_consent_for_other_lender_does_not_unmask(client, leads):
    lead = leads["bri_kendal"]
    Consent.objects.filter(business=lead.business, recipient="bri").update(recipient="bpr-bkk-kendal")
    client.force_login(BankOfficerFactory().user)

    html = client.get(f"/bank/lead/{lead.pk}/?tampilkan=1").content.decode()

    assert lead.business.owner.owner_profile.nik not in html


def test_status_workflow_to_disbursed_with_notes(client, leads):
    lead = leads["bri_kendal"]
    officer = BankOfficerFactory()
    client.force_login(officer.user)
    url = f"/bank/lead/{lead.pk}/status/"

    assert client.post(url, {"to_status": "approved"}).status_code == 400  # must be contacted and surveyed first
    for step in ("contacted", "surveyed", "approved"):
        assert client.post(url, {"to_status": step, "note": f"catatan {step}"}).status_code == 302
    refused = client.post(url, {"to_status": "disbursed"})  # amount required
    assert refused.status_code == 400
    # The error is shown where the officer is: the form posts back to its own anchor, with a summary.
    html = refused.content.decode()
    assert f'action="/bank/lead/{lead.pk}/status/#ubah-status"' in html and 'id="ubah-status"' in html
    assert 'data-testid="status-form-error"' in html
    assert client.post(url, {"to_status": "disbursed", "disbursed_amount": "Rp 20.000.000"}).status_code == 302

    lead.refresh_from_db()
    assert (lead.status, lead.disbursed_amount) == (LeadStatus.DISBURSED, 20_000_000)
    assert lead.first_response_at is not None
    assert list(LeadEvent.objects.filter(lead=lead).values_list("from_status", "to_status", "note")) == [
        ("", "new", ""),
        ("new", "contacted", "catatan contacted"),
        ("contacted", "surveyed", "catatan surveyed"),
        ("surveyed", "approved", "catatan approved"),
        ("approved", "disbursed", ""),
    ]


def test_rejection_needs_coded_reason(client, leads):
    lead = leads["bri_kendal"]
    client.force_login(BankOfficerFactory().user)
    url = f"/bank/lead/{lead.pk}/status/"

    assert client.post(url, {"to_status": "rejected"}).status_code == 400
    assert client.post(url, {"to_status": "rejected", "rejection_reason": "slik", "note": "kol 5"}).status_code == 302

    lead.refresh_from_db()
    assert (lead.status, lead.rejection_reason) == ("rejected", "slik")
    assert client.post(url, {"to_status": "contacted"}).status_code == 400


def test_overdue_new_leads_are_highlighted_and_filterable(client, leads):
    old = leads["bri_kendal"]
    Lead.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=7))
    client.force_login(BankOfficerFactory().user)

    response = client.get("/bank/")

    rows = {row["lead"].pk: row for row in response.context["rows"]}
    assert rows[old.pk]["overdue"] is True and rows[old.pk]["age_days"] == 7
    assert rows[leads["bri_weleri"].pk]["overdue"] is False
    assert response.context["overdue_count"] == 1
    filtered = client.get("/bank/?overdue=on")
    assert [row["lead"].pk for row in filtered.context["rows"]] == [old.pk]


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("2026-11-20", "2026-11-23", 1),  # Friday → Monday
        ("2026-11-20", "2026-11-24", 2),
        ("2026-11-16", "2026-11-16", 0),
        ("2026-11-16", "2026-11-22", 4),  # Monday → Sunday
    ],
)
def test_working_days_skip_weekends(start, end, expected):
    from datetime import date

    assert working_days_between(date.fromisoformat(start), date.fromisoformat(end)) == expected


def test_csv_export_has_only_own_leads_and_neutralises_formulas(client, leads):
    lead = leads["bri_kendal"]
    lead.business.name = '=HYPERLINK("http://x")'
    lead.business.save()
    client.force_login(BankOfficerFactory().user)

    response = client.get("/bank/ekspor.csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(int(r["id"]) for r in rows) == sorted([leads["bri_kendal"].pk, leads["bri_weleri"].pk])
    names = {int(r["id"]): r["usaha"] for r in rows}
    assert names[lead.pk] == '\'=HYPERLINK("http://x")'
    assert "nik" not in rows[0]
    assert AuditLog.objects.filter(action="financing.lead.export").count() == 1


@pytest.mark.parametrize(
    "value, expected",
    [("=1+1", "'=1+1"), ("+62", "'+62"), ("-5", "'-5"), ("@SUM", "'@SUM"), ("Kripik", "Kripik"), (None, "")],
)
def test_csv_safe(value, expected):
    from financing.bank_views import csv_safe

    assert csv_safe(value) == expected


def test_dpmptsp_sees_aggregates_without_personal_data(client, leads):
    client.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))

    response = client.get("/bank/statistik/")

    assert response.status_code == 200
    figures = response.context["figures"]
    assert {(r["lender__name"], r["total"], r["n_new"]) for r in figures["by_lender"]} == {
        ("BRI", 2, 2),
        ("BPR BKK Kendal", 1, 1),
    }
    assert {(r["kecamatan__name"], r["total"]) for r in figures["by_kecamatan"]} == {("Weleri", 2), ("Kendal", 1)}
    assert sum(r["total"] for r in figures["by_month"]) == 3
    html = response.content.decode()
    assert "Kripik Weleri" not in html and "Bandeng Kendal" not in html
    assert leads["bri_kendal"].business.owner.owner_profile.nik_masked not in html


def test_bank_officer_cannot_see_aggregates(client, leads):
    client.force_login(BankOfficerFactory().user)

    assert client.get("/bank/statistik/").status_code == 403


def test_lead_list_queries_do_not_grow_with_leads(client, leads, django_assert_max_num_queries):
    officer = BankOfficerFactory()
    client.force_login(officer.user)
    with django_assert_max_num_queries(12):
        client.get("/bank/")
    for _ in range(5):
        submit(BusinessFactory(kecamatan_id="33.24.15", desa_id="33.24.15.1001"), ["kur-mikro"])
    with django_assert_max_num_queries(12):
        response = client.get("/bank/")
    assert len(response.context["rows"]) == 7


def test_overdue_report_emails_each_officer_once_a_day(leads, branches):
    from core.models import Notification
    from financing.services import overdue_leads_report

    weleri_officer = BankOfficerFactory(branch=branches["weleri"])
    lender_officer = BankOfficerFactory()
    Lead.objects.filter(pk=leads["bri_kendal"].pk).update(created_at=timezone.now() - timedelta(days=8))

    assert overdue_leads_report(working_days=2) == 1
    assert overdue_leads_report(working_days=2) == 0

    notes = list(Notification.objects.filter(topic__startswith="financing.overdue."))
    assert [n.recipient for n in notes] == [lender_officer.user.email]
    assert f"#{leads['bri_kendal'].pk} KUR Mikro" in notes[0].body
    assert weleri_officer.user.email not in {n.recipient for n in notes}
