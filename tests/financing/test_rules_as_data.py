"""Rates and caps are data: the announced 2026 flat 6% and the lifted repeat cap are entered as
rows with dates, and the matcher follows them without a release."""

from datetime import date
from decimal import Decimal

import pytest

from financing import eligibility as el
from financing.models import LoanProduct, LoanRate, RepeatAccessLimit
from financing.selectors import product_rules

JT = 1_000_000
PROFILE = el.Profile(
    started_on=date(2020, 1, 1), kbli="10794", region_code="33.24.12", has_nib=True, previous_kur_count=2
)
REQUEST = el.LoanRequest(amount=20 * JT, purpose=el.MODAL_KERJA, tenor_months=12)


@pytest.fixture
def flat_2026(db):
    """What an administrator enters in the admin once the 2026 policy is confirmed."""
    for product in LoanProduct.objects.filter(code__in=["kur-mikro", "kur-kecil"]):
        product.rates.filter(valid_to__isnull=True).update(valid_to=date(2025, 12, 31))
        LoanRate.objects.create(product=product, rate=Decimal("6.00"), valid_from=date(2026, 1, 1))
    RepeatAccessLimit.objects.filter(product__is_kur=True).update(valid_to=date(2025, 12, 31))


def test_before_2026_third_kur_loan_is_capped_for_food(db):
    result = el.match(PROFILE, REQUEST, product_rules(), today=date(2025, 12, 31))

    assert "kur-mikro" not in result.eligible_codes
    assert result.for_product("kur-mikro").failed_codes == ["repeat_limit"]


def test_from_2026_flat_rate_and_no_cap_apply(flat_2026):
    rules = product_rules()

    before = el.match(PROFILE, REQUEST, rules, today=date(2025, 12, 31))
    after = el.match(PROFILE, REQUEST, rules, today=date(2026, 1, 1))

    assert "kur-mikro" not in before.eligible_codes
    mikro = after.for_product("kur-mikro")
    assert mikro.is_eligible
    assert mikro.rate == Decimal("6.00")
    assert mikro.monthly_instalment == el.monthly_instalment(20 * JT, Decimal("6"), 12)


def test_inactive_product_is_not_matched(db):
    LoanProduct.objects.filter(code="kupedes").update(is_active=False)

    codes = [rule.code for rule in product_rules()]

    assert codes == ["kur-super-mikro", "kur-mikro", "kur-kecil", "bkk-modal-kerja", "bkk-investasi"]


def test_shipped_defaults_match_domain_reference(db):
    rules = {rule.code: rule for rule in product_rules()}

    assert {code: (r.lender_code, r.min_amount, r.max_amount, r.max_tenor) for code, r in rules.items()} == {
        "kur-super-mikro": ("bri", 0, 10 * JT, {"modal_kerja": 36, "investasi": 60}),
        "kur-mikro": ("bri", 10 * JT + 1, 100 * JT, {"modal_kerja": 36, "investasi": 60}),
        "kur-kecil": ("bri", 100 * JT + 1, 500 * JT, {"modal_kerja": 48, "investasi": 60}),
        "kupedes": ("bri", 5 * JT, 500 * JT, {"modal_kerja": 36, "investasi": 60}),
        "bkk-modal-kerja": ("bpr-bkk-kendal", 1 * JT, 250 * JT, {"modal_kerja": 36}),
        "bkk-investasi": ("bpr-bkk-kendal", 5 * JT, 500 * JT, {"investasi": 60}),
    }
    assert rules["bkk-modal-kerja"].region_prefixes == ("33.24",)
    assert rules["kur-mikro"].region_prefixes == ()
    assert el.rate_for(rules["kur-super-mikro"], loan_number=1, today=date(2025, 1, 1)) == Decimal("3.00")
