import random

from core.demo import DemoContext
from financing import demo as financing_demo
from financing.models import BankOfficer, Lead, LenderBranch
from portal import demo as portal_demo
from registry import demo as registry_demo


def test_seed_links_demo_officers_and_creates_leads_in_several_stages(db):
    ctx = DemoContext(rng=random.Random(3324))
    ctx.staff = portal_demo.staff_users()
    registry_demo.seed_businesses(ctx, 30)

    financing_demo.seed(ctx)
    financing_demo.seed(ctx)  # idempotent

    links = {o.user.username: o.lender.code for o in BankOfficer.objects.select_related("user", "lender")}
    assert links == {"bri": "bri", "bkk": "bpr-bkk-kendal"}
    assert LenderBranch.objects.filter(lender__code="bri").count() == 2
    assert Lead.objects.count() >= 12
    assert set(Lead.objects.values_list("status", flat=True)) >= {"new", "contacted", "approved", "rejected"}
    assert not Lead.objects.filter(lender__code="bri", kecamatan__isnull=False, branch__isnull=True).exists()
