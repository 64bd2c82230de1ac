"""Identity rules held by the database, not only by forms (issue 16, step 4): one account per NIK,
one business name per owner, the counter's find-or-create safe when two counters race, one
writer of consent records, and services that take an audit context instead of the request."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core.audit import AuditContext
from core.models import AuditLog, Notification
from portal import roles
from registry import identity, services
from registry.consents import consent_grant
from registry.models import Consent, OwnerProfile
from tests.financing.factories import LenderBranchFactory, submit
from tests.portal.factories import BusinessFactory, OwnerProfileFactory, UserFactory

NIK = "3324015708900001"


def owner_data(**changes):
    return {
        "full_name": "Siti Aminah",
        "nik": NIK,
        "phone": "+6281234567890",
        "email": "siti@example.id",
        "allows_whatsapp_contact": False,
        **changes,
    }


def confirmed(profile, staff):
    return identity.nik_confirm(profile=profile, actor=staff, via=identity.VIA_COUNTER)


@pytest.mark.django_db
def test_the_database_holds_one_confirmed_account_per_nik_and_claims_block_nobody():
    staff = UserFactory(roles=[roles.COUNTER_STAFF])
    squatter = OwnerProfileFactory(nik=NIK)
    owner = OwnerProfileFactory(nik=NIK)  # a claim typed online: accepted, binds nothing
    confirmed(owner, staff)
    with pytest.raises(identity.NikDisputed) as disputed:
        confirmed(squatter, staff)
    assert disputed.value.holder == owner
    with pytest.raises(IntegrityError, match="ownerprofile_confirmed_nik_unique"), transaction.atomic():
        OwnerProfile.objects.filter(pk=squatter.pk).update(nik_confirmed_at="2026-12-01T00:00:00Z")
    # Erased profiles hold no NIK and no digest: any number of them may exist.
    OwnerProfile.objects.create(user=UserFactory(), full_name="-", nik="")
    OwnerProfile.objects.create(user=UserFactory(), full_name="-", nik="")


@pytest.mark.django_db
def test_the_squatters_claim_is_disputed_and_staff_release_it_with_an_audit_entry_and_a_message():
    staff = UserFactory(roles=[roles.COUNTER_STAFF])
    squatter = OwnerProfileFactory(nik=NIK, email="peniru@example.id")
    owner = confirmed(OwnerProfileFactory(nik=NIK), staff)
    assert list(identity.disputed_claims()) == [squatter]
    identity.nik_claim_release(profile=squatter, actor=staff, note="e-KTP Siti dicek di loket")
    squatter.refresh_from_db()
    assert (squatter.nik, squatter.nik_digest) == ("", "")
    assert list(identity.disputed_claims()) == []
    owner.refresh_from_db()
    assert owner.nik == NIK
    assert AuditLog.objects.filter(action="owner.nik_released", actor=staff, object_id=str(squatter.pk)).exists()
    assert Notification.objects.filter(topic="owner.nik_released", recipient="peniru@example.id").exists()


@pytest.mark.django_db
def test_verifying_a_squatters_business_is_refused_once_the_real_owner_confirmed_the_nik():
    staff = UserFactory(roles=[roles.COUNTER_STAFF])
    squatting = BusinessFactory(status="submitted")
    squatting.owner.owner_profile.nik = NIK
    squatting.owner.owner_profile.save()
    confirmed(OwnerProfileFactory(nik=NIK), staff)
    with pytest.raises(ValidationError) as refused:
        services.business_verify(business=squatting, actor=staff)
    assert refused.value.error_list[0].code == "nik_disputed"
    squatting.refresh_from_db()
    assert squatting.status == "submitted"


@pytest.mark.django_db
def test_a_new_nik_on_a_profile_is_a_new_claim():
    staff = UserFactory(roles=[roles.COUNTER_STAFF])
    profile = confirmed(OwnerProfileFactory(), staff)
    services.owner_profile_update(user=profile.user, **owner_data())
    profile.refresh_from_db()
    assert profile.nik == NIK and profile.nik_confirmed_at is None


@pytest.mark.django_db(transaction=True)
def test_two_counters_creating_an_account_for_the_same_walk_in_at_once_make_one_confirmed_account():
    staff = [UserFactory(username="loket-a"), UserFactory(username="loket-b")]
    barrier, owners, errors = threading.Barrier(2), [], []

    def register(counter_staff):
        try:
            barrier.wait()
            with transaction.atomic():
                owners.append(
                    services.owner_for_counter(**owner_data(), choice=services.NEW_ACCOUNT, created_by=counter_staff).pk
                )
        except ValidationError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(s,)) for s in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The loser is told the NIK is now confirmed for another account and chooses again.
    assert len(owners) == 1 and [e.message_dict["nik"] for e in errors] == [[identity.NikDisputed(None).message]]
    assert OwnerProfile.objects.filter(nik_confirmed_at__isnull=False).count() == 1


@pytest.mark.django_db
def test_one_owner_cannot_save_two_businesses_with_the_same_name_even_past_the_form():
    first = BusinessFactory(name="Keripik Tempe Bu Siti")
    draft = services.business_draft_create(owner=first.owner)
    with pytest.raises(ValidationError) as refused:
        services.business_details_save(
            business=draft,
            name="keripik tempe bu siti",
            legal_form=first.legal_form,
            nib="",
            npwp="",
            kbli_codes=[],
            started_year=None,
            capital=1_000_000,
            annual_sales=10_000_000,
            employees=1,
            description="",
        )
    assert "name" in refused.value.message_dict
    # Another owner may use the same name.
    other = services.business_draft_create(owner=OwnerProfileFactory().user)
    services.business_details_save(
        business=other,
        name="Keripik Tempe Bu Siti",
        legal_form=first.legal_form,
        nib="",
        npwp="",
        kbli_codes=[],
        started_year=None,
        capital=1_000_000,
        annual_sales=10_000_000,
        employees=1,
        description="",
    )


@pytest.mark.django_db
def test_granting_the_same_consent_again_keeps_one_row_and_a_new_text_version_adds_one():
    business = BusinessFactory()
    kwargs = {"user": business.owner, "business": business, "purpose": "directory", "text": "Saya setuju."}
    first = consent_grant(**kwargs, text_version="v1")
    assert consent_grant(**kwargs, text_version="v1") == first
    assert consent_grant(**kwargs, text_version="v2") != first
    Consent.objects.filter(pk=first.pk).update(withdrawn_at="2026-12-01T00:00:00Z")
    assert consent_grant(**kwargs, text_version="v1") != first


@pytest.mark.django_db
def test_two_financing_applications_to_a_bank_share_the_one_active_consent():
    LenderBranchFactory(name="BRI Unit Weleri", kecamatan=["33.24.12"])
    business = BusinessFactory(kecamatan_id="33.24.12", npwp="")
    first = submit(business, ["kur-mikro"]).leads.get()
    first.status = "rejected"
    first.save(update_fields=["status"])
    second = submit(business, ["kur-mikro"]).leads.get()
    assert second.consent_id == first.consent_id
    assert Consent.objects.filter(user=business.owner, recipient=first.lender.code).count() == 1


@pytest.mark.django_db
def test_a_service_records_where_the_action_came_from_from_its_audit_context():
    services.owner_account_create(
        **owner_data(), password="kata-sandi-panjang-1", audit=AuditContext(ip_address="203.0.113.9")
    )
    assert AuditLog.objects.get(action="owner.create").ip_address == "203.0.113.9"
    # A task or a command has no request: the entry is written without an address.
    services.owner_account_create(
        **owner_data(nik="3324015708900002", email="b@example.id"), password="kata-sandi-panjang-1"
    )
    assert AuditLog.objects.filter(action="owner.create", ip_address__isnull=True).count() == 1
