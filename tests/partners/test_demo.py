"""The demo shows every partner screen: opted-in delivery listings, retail-ready products, a
locked GoFood batch served by the feed and a draft Indomaret batch."""

import pytest
from django.core.management import call_command

from partners.models import BatchStatus, Channel, ChannelListing, CurationBatch
from partners.selectors import check, curation_candidates

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_partner_screens():
    call_command("seed_demo", "--businesses", "40", verbosity=0)

    gofood, indomaret = Channel.objects.get(code="gofood"), Channel.objects.get(code="indomaret")
    assert ChannelListing.objects.filter(channel=gofood, is_opted_in=True).count() > 5
    locked = CurationBatch.objects.get(channel=gofood)
    assert locked.status == BatchStatus.LOCKED and locked.items.count() > 0
    retail_ready = curation_candidates(indomaret)
    assert retail_ready and all(check(facts, indomaret) == [] for _listing, facts in retail_ready)
    draft = CurationBatch.objects.get(channel=indomaret)
    assert draft.status == BatchStatus.DRAFT
