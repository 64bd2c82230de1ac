"""Property tests (hypothesis): the identifier validators, the financing eligibility function
and the partner export formatters hold their promises for any input, not just the examples in
the rule tables."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core import identifiers
from financing import eligibility as el

ASCII_DIGITS = re.compile(r"\A[0-9]+\Z")
# Digits from other scripts (Arabic-Indic, Devanagari, fullwidth...) that str.isdigit() and
# the regex \d accept: they must never be stored as an identifier.
UNICODE_DIGITS = st.sampled_from("٠١٢٣٤٥٦٧٨٩०१२३४५६७८९０１２３４５６７８９")
junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
digits_with_noise = st.lists(
    st.one_of(st.sampled_from("0123456789"), st.sampled_from(" .-"), UNICODE_DIGITS), max_size=24
).map("".join)
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(validator, value):
    try:
        return validator(value)
    except ValidationError:
        return None


# --- identifiers --------------------------------------------------------------------------------


@PROPERTY
@given(st.one_of(junk, digits_with_noise))
def test_nib_kbli_pirt_are_ascii_digits_of_their_length_or_refused(value):
    for validator, length in (
        (identifiers.validate_nib, 13),
        (identifiers.validate_kbli_format, 5),
        (identifiers.validate_pirt, 15),
    ):
        result = outcome(validator, value)
        if result is not None:
            assert ASCII_DIGITS.match(result) and len(result) == length, (validator.__name__, value, result)


@PROPERTY
@given(st.one_of(junk, digits_with_noise, st.from_regex(r"\A33240[1-9][0-7][0-9][01][0-9][0-9]{6}\Z")))
def test_nik_is_sixteen_ascii_digits_from_a_known_kecamatan_or_refused(value):
    result = outcome(identifiers.validate_nik, value)
    if result is not None:
        assert ASCII_DIGITS.match(result) and len(result) == 16
        assert result[:6] in identifiers.kecamatan_codes()
        assert result[12:] != "0000"
        assert outcome(identifiers.validate_nik, result) == result  # idempotent


@PROPERTY
@given(st.from_regex(r"\A[0-9]{12}\Z"), st.integers(min_value=1, max_value=9))
def test_ean13_accepts_exactly_the_right_check_digit(first12, shift):
    check = identifiers.ean13_check_digit(first12)
    good = first12 + str(check)
    assert identifiers.validate_ean13(good) == good
    assert identifiers.validate_ean13(" ".join([good[:1], good[1:7], good[7:]])) == good
    bad = first12 + str((check + shift) % 10)
    assert outcome(identifiers.validate_ean13, bad) is None


@PROPERTY
@given(st.one_of(junk, digits_with_noise))
def test_ean13_is_thirteen_ascii_digits_or_refused(value):
    result = outcome(identifiers.validate_ean13, value)
    if result is not None:
        assert ASCII_DIGITS.match(result) and len(result) == 13


@PROPERTY
@given(st.one_of(junk, digits_with_noise, st.from_regex(r"\A(\+62|62|0)8[0-9]{7,11}\Z")))
@example("00800000000")  # once came out as "+6200800000000"
def test_phone_normalises_to_e164_mobile_and_is_idempotent(value):
    result = outcome(identifiers.normalize_phone, value)
    if result is not None:
        assert re.fullmatch(r"\+628[0-9]{8,11}", result), (value, result)
        assert identifiers.normalize_phone(result) == result


@PROPERTY
@given(st.from_regex(r"\A8[0-9]{8,11}\Z"))
def test_phone_spellings_agree(national):
    spellings = [
        "0" + national,
        "62" + national,
        "+62" + national,
        f"+62 {national[:3]}-{national[3:7]}-{national[7:]}",
    ]
    results = {outcome(identifiers.normalize_phone, s) for s in spellings}
    assert len(results) == 1, (national, results)


# --- financing eligibility -------------------------------------------------------------------------


@pytest.fixture
def rules(db):
    from financing.selectors import product_rules

    rules = product_rules()
    assert len(rules) >= 3
    return rules


loans = st.builds(
    el.ExistingLoan,
    type=st.sampled_from(el.LOAN_TYPES),
    lender=st.sampled_from(["", "bri", "bpr-bkk-kendal", "x"]),
    amount=st.integers(min_value=0, max_value=10**10),
)
profiles = st.builds(
    el.Profile,
    started_on=st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))),
    kbli=st.one_of(st.from_regex(r"\A[0-9]{5}\Z"), st.text(max_size=6)),
    region_code=st.sampled_from(["33.24.12", "33.24.12.2001", "33.24", "33.19.01", "", "x"]),
    annual_sales=st.integers(min_value=0, max_value=10**12),
    capital=st.integers(min_value=0, max_value=10**12),
    has_nib=st.booleans(),
    has_npwp=st.booleans(),
    current_loans=st.lists(loans, max_size=3).map(tuple),
    previous_kur_count=st.integers(min_value=0, max_value=10),
)
requests = st.builds(
    el.LoanRequest,
    amount=st.integers(min_value=0, max_value=10**11),
    purpose=st.sampled_from([*el.PURPOSES, "lainnya"]),
    tenor_months=st.integers(min_value=0, max_value=600),
)
TODAY = date(2026, 12, 1)


def test_eligibility_never_raises_and_explains_every_refusal(rules):
    @PROPERTY
    @given(profiles, requests)
    def check(profile, request):
        result = el.match(profile, request, rules, today=TODAY)
        assert len(result.eligible) + len(result.ineligible) == len(rules)
        for match in result.ineligible:
            assert match.reasons, match.product.code
            assert all(reason.code and str(reason).strip() for reason in match.reasons)
        for match in result.eligible:
            assert match.rate is not None and isinstance(match.monthly_instalment, int)
            assert "rate" in {reason.code for reason in match.reasons}
            assert match.product.min_amount <= request.amount <= match.product.max_amount
            assert request.tenor_months <= match.product.max_tenor[request.purpose]
            if match.monthly_instalment is not None and request.tenor_months > 0:
                assert match.monthly_instalment * request.tenor_months >= request.amount
        scores = [m.score for m in result.eligible]
        assert scores == sorted(scores, reverse=True)

    check()


@PROPERTY
@given(
    st.integers(min_value=0, max_value=10**10),
    st.integers(min_value=0, max_value=10**8),
    st.decimals(min_value=0, max_value=40, places=2),
    st.integers(min_value=1, max_value=360),
)
def test_instalment_is_monotone_in_amount_and_repays_the_principal(amount, extra, rate, months):
    low = el.monthly_instalment(amount, Decimal(rate), months)
    high = el.monthly_instalment(amount + extra, Decimal(rate), months)
    assert isinstance(low, int) and low <= high
    assert low * months >= amount


# --- partner export formatters -----------------------------------------------------------------------


def facts_strategy():
    from partners.readiness import CertFacts, ListingFacts, PhotoFacts

    plain = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=700)
    # Long text that starts like a formula: the neutralising quote must not push it over a limit.
    formula = st.builds(
        lambda prefix, body: prefix + body,
        st.sampled_from(["=", "+", "-", "@", "\t=", " ="]),
        st.text(alphabet="abc =+-@\t", min_size=140, max_size=600),
    )
    text = st.one_of(plain, formula)
    cert = st.one_of(st.none(), st.builds(CertFacts, number=text, expires_on=st.none(), is_verified=st.booleans()))
    return st.builds(
        ListingFacts,
        product_id=st.integers(min_value=1, max_value=10**6),
        name=text,
        description=text,
        price=st.integers(min_value=0, max_value=10**9),
        category_name=text,
        is_food=st.booleans(),
        is_published=st.just(True),
        business_name=text,
        is_business_verified=st.just(True),
        nib=text,
        kecamatan=text,
        unit=text,
        ean13=text,
        sku=text,
        net_content=text,
        weight_grams=st.integers(min_value=0, max_value=10**6),
        shelf_life_days=st.one_of(st.none(), st.integers(min_value=0, max_value=3650)),
        composition=text,
        halal=cert,
        pirt=cert,
        bpom=cert,
        photo=st.one_of(
            st.none(),
            st.builds(
                PhotoFacts,
                image_id=st.integers(1, 10**6),
                width=st.integers(1, 5000),
                height=st.integers(1, 5000),
                file_size=st.none(),
            ),
        ),
        stock=st.integers(min_value=0, max_value=10**6),
        availability=st.sampled_from(["available", "sold_out"]),
        operating_hours=st.just({"0": ["08:00", "20:00"]}),
        variant_groups=st.just([]),
        slug=st.just("produk"),
        business_id=st.integers(1, 10**6),
    )


@pytest.mark.django_db
def test_partner_cells_respect_limits_integers_and_formulas():
    from partners.formats.registry import codes, get_format
    from partners.rows import ILLEGAL_CHARACTERS, cell_values

    @PROPERTY
    @given(facts_strategy(), st.sampled_from(codes()), st.booleans())
    def check(facts, code, spreadsheet):
        fmt = get_format(code)
        limits = fmt.limits()
        row, _warnings = cell_values(fmt, facts, limits, position=1, spreadsheet=spreadsheet)
        assert len(row) == len(fmt.columns)
        for column, cell in zip(fmt.columns, row):
            if column.kind == "int":
                assert cell == "" or (isinstance(cell, int) and not isinstance(cell, bool)), (code, column.key, cell)
                continue
            assert isinstance(cell, str)
            limit = limits.get(column.limit) if column.limit else None
            if limit:
                assert len(cell) <= limit, (code, column.key, len(cell), limit)
            assert not ILLEGAL_CHARACTERS.search(cell)
            if spreadsheet:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (code, column.key, cell)

    check()
