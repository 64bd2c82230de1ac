"""A second application to a bank that is still working the first is refused with a reason
(issue 15, problem 10), also when the two are sent at the same moment."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from financing.models import Lead, LeadStatus
from tests.financing.factories import LenderBranchFactory, submit
from tests.portal.factories import BusinessFactory


@pytest.fixture
def business(db):
    LenderBranchFactory(name="BRI Unit Weleri", kecamatan=["33.24.12"])
    return BusinessFactory(kecamatan_id="33.24.12", npwp="")


def test_second_application_to_the_same_bank_is_refused_while_the_first_is_open(business):
    first = submit(business, ["kur-mikro"])
    lead = first.leads.get()
    with pytest.raises(ValidationError) as refused:
        submit(business, ["kupedes"])
    assert refused.value.messages == [
        f"Pengajuan ke BRI masih berjalan (lead #{lead.pk}, Baru). Tunggu keputusan bank sebelum mengajukan "
        "lagi ke bank yang sama."
    ]
    assert Lead.objects.count() == 1
    submit(business, ["bkk-modal-kerja"])  # another bank is fine
    assert Lead.objects.count() == 2


def test_a_decided_lead_frees_the_bank_for_a_new_application(business):
    lead = submit(business, ["kur-mikro"]).leads.get()
    Lead.objects.filter(pk=lead.pk).update(status=LeadStatus.REJECTED)
    submit(business, ["kur-mikro"])
    assert Lead.objects.filter(status=LeadStatus.NEW).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_applications_sent_together_make_one_lead():
    LenderBranchFactory(name="BRI Unit Weleri", kecamatan=["33.24.12"])
    business = BusinessFactory(kecamatan_id="33.24.12", npwp="")
    barrier, outcomes = threading.Barrier(2), []

    def apply():
        try:
            barrier.wait()
            submit(business, ["kur-mikro"])
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Lead.objects.filter(business=business).count() == 1
