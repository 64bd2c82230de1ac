"""The owner's access log is complete (issue 17, finding 8): every audit entry about the
owner's data (profile, businesses, certifications, consents, leads, products, orders, data
requests…), whichever view wrote it, is in their data export with who (name, role,
organisation), what and when; nobody else's export has it; and collecting it takes a fixed
number of queries."""

from __future__ import annotations

import ast
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit import audit_record
from financing.models import Lender
from portal import roles
from privacy import exports
from privacy.models import DataRequest
from privacy.personal_data import collect_access_log, collect_access_log_summary
from registry.models import Consent, OwnerProfile
from tests.catalog.factories import ProductFactory, make_checkout
from tests.financing.factories import BankOfficerFactory, submit
from tests.portal.factories import BusinessFactory, CertificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def export_of(user) -> dict:
    built = exports.data_export_build(data_request=DataRequest.objects.create(user=user, kind="export"))
    with built.file.open("rb") as handle:
        return json.loads(zipfile.ZipFile(io.BytesIO(handle.read())).read("data.json"))


@pytest.fixture
def owner_world():
    """An owner with a business, a certificate scan and a financing lead to BRI (with consent),
    a product that sold once and a purchase of their own; and a second owner."""
    business = BusinessFactory(name="Bandeng Presto Bu Ani")
    owner = business.owner
    certification = CertificationFactory(business=business)
    certification.scan.save("halal.pdf", ContentFile(b"%PDF-1.4 halal"))
    submit(business, ["kur-mikro"])
    product = ProductFactory(business=business, stock=5)
    make_checkout((product, 1), buyer=UserFactory())
    make_checkout((ProductFactory(stock=5), 1), buyer=owner, email="ani@example.id")
    other = BusinessFactory(name="Kripik Tempe Bu Sri")
    submit(other, ["kur-mikro"])
    return {
        "owner": owner,
        "business": business,
        "profile": OwnerProfile.objects.get(user=owner),
        "certification": certification,
        "lead": business.financing_leads.get(),
        "product": product,
        "order_received": business.orders.get(),
        "checkout": owner.checkouts.get(),
        "consent": Consent.objects.get(user=owner, purpose="financing_lead"),
        "other": other,
    }


def test_bank_officers_and_staff_opening_the_owners_data_are_in_the_owners_export(owner_world, client):
    """Given a bank officer who shows the owner's NIK and opens a certificate scan and moves
    the lead on, and counter staff who open the scan and show the NIK in verification, then
    the owner's export lists each of them by name, role and organisation, with what and when,
    and the other owner's export lists none of it."""
    business, lead, certification = owner_world["business"], owner_world["lead"], owner_world["certification"]
    officer = BankOfficerFactory(user__first_name="Budi", user__last_name="Santoso")
    bank = client.__class__()
    bank.force_login(officer.user)
    assert bank.get(f"/bank/lead/{lead.pk}/?tampilkan=1").status_code == 200
    assert bank.get(f"/bank/lead/{lead.pk}/dokumen/{certification.pk}/").status_code == 200
    assert bank.post(f"/bank/lead/{lead.pk}/status/", {"to_status": "contacted"}).status_code == 302
    staff = UserFactory(first_name="Wati", last_name="Loket", is_staff=True, roles=[roles.COUNTER_STAFF])
    client.force_login(staff)
    assert client.get(f"/admin/verifikasi/dokumen/{certification.pk}/").status_code == 200
    assert client.get(f"/admin/verifikasi/{business.pk}/?nik=1").status_code == 200

    log = export_of(owner_world["owner"])["access_log"]
    by_action = {e["action"]: e for e in log if not e["by_self"]}
    bri = Lender.objects.get(code="bri").name
    bank_officer = {"name": "Budi Santoso", "roles": [str(roles.ROLE_LABELS[roles.BANK_OFFICER])], "organisation": bri}
    counter = {"name": "Wati Loket", "roles": [str(roles.ROLE_LABELS[roles.COUNTER_STAFF])], "organisation": ""}
    viewed = by_action["financing.lead.personal_data_viewed"]
    assert viewed["by"] == bank_officer and viewed["object_type"] == "financing.lead"
    assert viewed["object_id"] == str(lead.pk) and viewed["detail"]["fields"] == ["nik", "phone", "email"]
    assert viewed["object"] == "lead pembiayaan" and viewed["at"]
    document = by_action["financing.lead.document_viewed"]
    assert document["by"] == bank_officer and document["detail"]["certification"] == certification.pk
    assert by_action["financing.lead.status"]["by"] == bank_officer
    scan = by_action["certification.scan_view"]
    assert scan["by"] == counter and scan["object_type"] == "registry.certification"
    assert scan["object_id"] == str(certification.pk)
    assert by_action["owner.nik_view"]["by"] == counter

    other_log = export_of(owner_world["other"].owner)["access_log"]
    assert not [e for e in other_log if e["action"].startswith(("financing.lead.", "certification.", "owner.nik"))]


def test_an_entry_written_by_nobody_is_the_system_and_the_owners_own_are_marked(owner_world):
    owner, business = owner_world["owner"], owner_world["business"]
    audit_record(actor=None, action="privacy.retention_anonymised", obj=business, detail={"fields": ["address"]})
    audit_record(actor=owner, action="business.owner_update", obj=business, detail={"fields": ["address"]})
    log = {e["action"]: e for e in collect_access_log(owner)}
    system = log["privacy.retention_anonymised"]
    assert system["by"]["name"] == "Sistem (proses otomatis)" and not system["by_self"]
    assert system["by"]["organisation"] == settings.PORTAL_NAME
    assert log["business.owner_update"]["by_self"] and log["business.owner_update"]["detail"] == {"fields": ["address"]}


def test_what_the_owner_did_to_someone_elses_data_shows_no_details(owner_world):
    """A staff member who is also an owner sees their own actions in their export, but not the
    details of entries about another person's data."""
    owner, other = owner_world["owner"], owner_world["other"]
    audit_record(actor=owner, action="business.approved", obj=other, detail={"reason": "Data lengkap Bu Sri"})
    entry = next(e for e in collect_access_log(owner) if e["action"] == "business.approved")
    assert entry["by_self"] and entry["object_id"] == str(other.pk) and entry["detail"] == {}


def test_the_access_log_takes_the_same_queries_however_long_it_is_and_is_bounded(owner_world, settings):
    owner, lead, business = owner_world["owner"], owner_world["lead"], owner_world["business"]
    officers = [BankOfficerFactory() for _ in range(3)]
    staff = UserFactory(is_staff=True, roles=[roles.COUNTER_STAFF])

    def write(count):
        for n in range(count):
            audit_record(actor=officers[n % 3].user, action="financing.lead.personal_data_viewed", obj=lead)
            audit_record(actor=staff, action="certification.scan_view", obj=owner_world["certification"])
            audit_record(actor=staff, action="business.approved", obj=business)

    write(2)
    with CaptureQueriesContext(connection) as few:
        short = collect_access_log(owner)
    write(30)
    with CaptureQueriesContext(connection) as many:
        long = collect_access_log(owner)
    assert len(long) == len(short) + 90
    assert len(many.captured_queries) == len(few.captured_queries) <= 6

    settings.PERSONAL_DATA_ACCESS_LOG_LIMIT = 10
    bounded = collect_access_log(owner)
    assert len(bounded) == 10 and bounded == long[-10:]  # the newest, oldest first
    assert collect_access_log_summary(owner) == {"entries": len(long), "included": 10, "limit": 10}


# --- the class: every audited action is either about a person's data or declared not to be ---


def audited_actions() -> set[str]:
    """The `action=` of every audit_record() call in the project (an f-string as its prefix + "*")."""
    found = set()
    for path in settings.BASE_DIR.rglob("*.py"):
        parts = path.relative_to(settings.BASE_DIR).parts
        if parts[0] in {".venv", "tests", "bench", "node_modules"} or "migrations" in parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name != "audit_record":
                continue
            action = next(k.value for k in node.keywords if k.arg == "action")
            if isinstance(action, ast.Constant):
                found.add(action.value)
            elif isinstance(action, ast.JoinedStr):
                first = action.values[0]
                found.add((first.value if isinstance(first, ast.Constant) else "") + "*")
    return found


# Each action about a person's data, with the owner's row it is written on (the `obj=`).
ABOUT_A_PERSON = {
    "owner.create": "owner",
    "owner.profile_update": "profile",
    "owner.nik_view": "profile",
    "owner.nik_confirmed": "profile",
    "owner.nik_released": "profile",
    "owner.counter_chosen": "owner",
    "owner.counter_candidates_viewed": "profile",
    "owner.counter_profile_viewed": "profile",
    "business.*": "business",
    "business.owner_update": "business",
    "certification.owner_update": "business",
    "certification.checked": "business",
    "certification.scan_view": "certification",
    "product.create": "product",
    "product.update": "product",
    "product.duplicate": "product",
    "product.*": "product",
    "product.stock": "product",
    "product.import": "business",
    "order.*": "order_received",
    "checkout.refund": "checkout",
    "financing.lead.personal_data_viewed": "lead",
    "financing.lead.document_viewed": "lead",
    "financing.lead.status": "lead",
    "financing.consent.withdrawn": "consent",
    "consent.withdrawn": "consent",
    "privacy.export_requested": "data_request",
    "privacy.export_built": "data_request",
    "privacy.export_downloaded": "data_request",
    "privacy.deletion_requested": "data_request",
    "privacy.deletion_done": "data_request",
    "privacy.deletion_rejected": "data_request",
    "privacy.admin_*": "data_request",
    "privacy.retention_anonymised": "business",
}
# Actions on no one person's data: partner channels and their batches and export files, and the
# bank's CSV of its whole lead list (no NIK, phone or e-mail in it; one entry per download).
NOT_ABOUT_A_PERSON = {
    # Staff seeing the list of disputed NIK claims: the entry names up to 200 accounts in its
    # detail, not one row (the counter's list of accounts for a NIK is one entry per account).
    "owner.nik_disputes_viewed",
    "partners.batch_lock",
    "partners.token_rotate",
    "partners.export_download.*",
    "partners.channel_edit",
    "financing.lead.export",
}


def test_every_audited_action_is_classified():
    """A new audit_record() call fails here until it says whose data it is about."""
    assert audited_actions() == set(ABOUT_A_PERSON) | NOT_ABOUT_A_PERSON


@pytest.mark.parametrize("action", sorted(ABOUT_A_PERSON))
def test_every_action_about_the_owners_data_reaches_their_export_and_only_theirs(owner_world, action):
    owner = owner_world["owner"]
    rows = {**owner_world, "data_request": DataRequest.objects.create(user=owner, kind="deletion")}
    obj = rows[ABOUT_A_PERSON[action]]
    assert obj is not None, ABOUT_A_PERSON[action]
    staff = UserFactory(first_name="Wati", last_name="Loket", is_staff=True, roles=[roles.ADMINISTRATOR])
    entry = audit_record(actor=staff, action=action.replace("*", "x"), obj=obj, detail={"n": 1})
    log = collect_access_log(owner)
    mine = [e for e in log if e["action"] == entry.action and e["object_id"] == str(obj.pk)]
    assert len(mine) == 1 and mine[0]["by"]["name"] == "Wati Loket" and mine[0]["detail"] == {"n": 1}
    assert not [e for e in collect_access_log(owner_world["other"].owner) if e["action"] == entry.action]
