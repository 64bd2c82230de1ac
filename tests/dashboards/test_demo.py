"""The demo is the first thing a person sees: every staff chart shows a shape, the bank's own
dashboard shows numbers, each business sells what its name says with consistent details, and
training days fall on working days (issue 15, problems 8 and 11)."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction

from catalog.dashboards import owner_activity_figure
from catalog.demo import PRODUCTS_BY_STEM, stem_of
from catalog.models import Product
from dashboards.staff import staff_figures
from financing.dashboards import bank_figures
from financing.models import BankOfficer
from portal.models import User
from registry.dashboard_filters import DashboardFilters
from registry.models import Business
from training.demo import HOLIDAYS
from training.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module's tests (each only reads it) in a transaction
    rolled back after the last of them, as Django's TestCase.setUpTestData does: each test's
    own transaction is a savepoint inside it."""
    with django_db_blocker.unblock():
        seeded = transaction.atomic()
        seeded.__enter__()
        call_command("seed_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        seeded.__exit__(None, None, None)


def _drawn(figure) -> list:
    return [v for dataset in figure["chart"]["datasets"] for v in dataset["data"] if v]


def test_every_staff_chart_shows_a_shape(demo):
    found = {f["key"]: f for f in staff_figures(DashboardFilters.default())}
    blank = [key for key, figure in found.items() if not _drawn(figure)]
    assert blank == []
    assert int(found["funnel"]["csv_rows"][0][1]) >= 30
    assert owner_activity_figure(User.objects.get(username="pemilik1"))["totals"]["views"] > 0


def test_bank_officers_see_their_own_numbers(demo):
    for officer in BankOfficer.objects.select_related("lender"):
        figures = bank_figures(officer, DashboardFilters.default())
        cells = [cell for f in figures for row in f["csv_rows"] for cell in row[1:]]
        assert "<5" not in cells and "–" not in cells, officer.lender.code
        assert any(_drawn(f) for f in figures), officer.lender.code


def _grams(net_content: str) -> int | None:
    match = re.search(r"(\d+(?:,\d+)?)\s*(kg|g)\b", net_content)
    if not match:
        return None
    value = float(match.group(1).replace(",", "."))
    return int(value * 1000) if match.group(2) == "kg" else int(value)


def test_each_business_sells_what_its_name_says_with_consistent_details(demo):
    for business in Business.objects.prefetch_related("products"):
        allowed = {spec[0] for spec in PRODUCTS_BY_STEM[stem_of(business.name)][2]}
        names = [p.name for p in business.products.all()]
        assert set(names) <= allowed, (business.name, names)
        assert len(names) == len(set(names)), business.name
    for product in Product.objects.all():
        grams = _grams(product.net_content)
        if grams is not None:  # weight is the content plus its packaging
            assert grams <= product.weight_grams <= grams * 2 + 400, (
                product.name,
                product.net_content,
                product.weight_grams,
            )
    bandeng = Business.objects.filter(name__startswith="Bandeng Presto").first()
    if bandeng:
        assert all("Bandeng" in p.name for p in bandeng.products.all())


def test_training_sessions_fall_on_working_days(demo):
    for session in Session.objects.all():
        day = session.first_day
        while day <= session.last_day:
            assert day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS, (session, day)
            day += timedelta(days=1)
