"""The demo fills the dashboards: staff figures with numbers, pemilik1's chart with views."""
import pytest
from django.core.management import call_command

from catalog.dashboards import owner_activity_figure
from portal.dashboard.filters import DashboardFilters
from portal.dashboard.staff import staff_figures
from portal.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_dashboards():
    call_command("seed_demo", "--businesses", "40", verbosity=0)
    found = {f["key"]: f for f in staff_figures(DashboardFilters.default())}
    registered = found["funnel"]["csv_rows"][0][1]
    assert registered != "<5" and int(registered) >= 30
    # 40 businesses over 20 kecamatan are mostly "<5" there; the size classes have numbers.
    assert any(row[1] not in ("0", "<5") for row in found["size"]["csv_rows"])
    owner = User.objects.get(username="pemilik1")
    assert owner_activity_figure(owner)["totals"]["views"] > 0
