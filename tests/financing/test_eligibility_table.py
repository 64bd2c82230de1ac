"""The KUR rules as a table: each case names the exact set of eligible products and the exact
reasons the others fail. Rules come from the shipped defaults (migration 0002) through the
selector; the matcher itself is pure."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from financing import eligibility as el
from financing.selectors import product_rules

TODAY = date(2025, 6, 15)
JT = 1_000_000
SM, MI, KC, KP, BMK, BINV = "kur-super-mikro", "kur-mikro", "kur-kecil", "kupedes", "bkk-modal-kerja", "bkk-investasi"

BASE = el.Profile(
    started_on=date(2023, 6, 1),
    kbli="10794",
    region_code="33.24.12",
    annual_sales=120 * JT,
    capital=50 * JT,
    has_nib=True,
    has_npwp=False,
)


def started(months: int) -> date:
    """A start date exactly `months` whole months before TODAY."""
    year, month = divmod(TODAY.year * 12 + TODAY.month - 1 - months, 12)
    return date(year, month + 1, TODAY.day)


def loan(type_, amount=0, lender=""):
    return (el.ExistingLoan(type=type_, lender=lender, amount=amount),)


MK, INV = el.MODAL_KERJA, el.INVESTASI

CASES = [
    # --- KUR tiers by amount --------------------------------------------------------------
    pytest.param(
        {},
        (5 * JT, MK, 12),
        {SM, KP, BMK},
        {MI: [("amount_below", "plafon Rp5.000.000 di bawah batas minimal KUR Mikro (Rp10.000.001).")]},
        id="tier-5jt-super-mikro",
    ),
    pytest.param(
        {},
        (10 * JT, MK, 12),
        {SM, KP, BMK},
        {MI: [("amount_below", "plafon Rp10.000.000 di bawah batas minimal KUR Mikro (Rp10.000.001).")]},
        id="tier-10jt-still-super-mikro",
    ),
    pytest.param(
        {},
        (10 * JT + 1, MK, 12),
        {MI, KP, BMK},
        {SM: [("amount_above", "plafon Rp10.000.001 di atas batas maksimal KUR Super Mikro (Rp10.000.000).")]},
        id="tier-10jt-plus-1-mikro",
    ),
    pytest.param(
        {},
        (100 * JT, MK, 36),
        {MI, KP, BMK},
        {KC: [("amount_below", "plafon Rp100.000.000 di bawah batas minimal KUR Kecil (Rp100.000.001).")]},
        id="tier-100jt-mikro",
    ),
    pytest.param(
        {},
        (100 * JT + 1, MK, 36),
        {KC, KP, BMK},
        {MI: [("amount_above", "plafon Rp100.000.001 di atas batas maksimal KUR Mikro (Rp100.000.000).")]},
        id="tier-100jt-plus-1-kecil",
    ),
    pytest.param(
        {},
        (500 * JT, MK, 36),
        {KC, KP},
        {
            BMK: [
                ("amount_above", "plafon Rp500.000.000 di atas batas maksimal Kredit Modal Kerja BKK (Rp250.000.000).")
            ]
        },
        id="tier-500jt-kecil-only-bri",
    ),
    pytest.param(
        {},
        (500 * JT + 1, MK, 36),
        set(),
        {KC: [("amount_above", "plafon Rp500.000.001 di atas batas maksimal KUR Kecil (Rp500.000.000).")]},
        id="tier-above-500jt-nothing",
    ),
    # --- business age -----------------------------------------------------------------------
    pytest.param(
        {"started_on": started(5)},
        (20 * JT, MK, 12),
        set(),
        {
            MI: [("age", "usaha baru berjalan 5 bulan; KUR mensyaratkan minimal 6 bulan.")],
            BMK: [("age", "usaha baru berjalan 5 bulan; Kredit Modal Kerja BKK mensyaratkan minimal 6 bulan.")],
        },
        id="age-5-months-too-young",
    ),
    pytest.param(
        {"started_on": started(6)},
        (20 * JT, MK, 12),
        {MI, BMK},
        {KP: [("age", "usaha baru berjalan 6 bulan; Kupedes mensyaratkan minimal 12 bulan.")]},
        id="age-6-months-kur-ok",
    ),
    pytest.param(
        {"started_on": started(4)},
        (5 * JT, MK, 12),
        set(),
        {SM: [("age", "usaha baru berjalan 4 bulan; KUR mensyaratkan minimal 6 bulan.")]},
        id="age-4-months-super-mikro",
    ),
    pytest.param({"started_on": started(12)}, (50 * JT, INV, 60), {MI, KP, BINV}, {}, id="age-12-months-investasi-all"),
    pytest.param(
        {"started_on": started(11)},
        (50 * JT, INV, 60),
        {MI},
        {BINV: [("age", "usaha baru berjalan 11 bulan; Kredit Investasi BKK mensyaratkan minimal 12 bulan.")]},
        id="age-11-months-bkk-investasi-no",
    ),
    pytest.param(
        {"started_on": None},
        (20 * JT, MK, 12),
        set(),
        {MI: [("age_unknown", "tanggal mulai usaha belum diisi; KUR mensyaratkan usaha berjalan minimal 6 bulan.")]},
        id="age-unknown",
    ),
    # --- existing credit --------------------------------------------------------------------
    pytest.param(
        {"current_loans": loan("productive", 30 * JT, "bri")},
        (20 * JT, MK, 12),
        {KP, BMK},
        {
            MI: [
                (
                    "other_credit",
                    "masih ada kredit produktif berjalan (kredit produktif (bri) Rp30.000.000); "
                    "KUR hanya untuk yang tidak sedang menerima kredit produktif komersial.",
                )
            ]
        },
        id="credit-productive-blocks-kur",
    ),
    pytest.param(
        {"current_loans": loan("consumer", 15 * JT, "bca")},
        (20 * JT, MK, 12),
        {MI, KP, BMK},
        {},
        id="credit-consumer-allowed",
    ),
    pytest.param(
        {"current_loans": loan("mortgage", 300 * JT, "btn")},
        (20 * JT, MK, 12),
        {MI, KP, BMK},
        {},
        id="credit-mortgage-allowed",
    ),
    pytest.param(
        {"current_loans": loan("ultra_micro", 20 * JT, "pnm")},
        (20 * JT, MK, 12),
        {MI, KP, BMK},
        {},
        id="credit-ultra-micro-20jt-allowed",
    ),
    pytest.param(
        {"current_loans": loan("ultra_micro", 25 * JT, "pnm")},
        (20 * JT, MK, 12),
        {KP, BMK},
        {
            MI: [
                (
                    "other_credit",
                    "masih ada kredit produktif berjalan (pinjaman ultra mikro (pnm) Rp25.000.000); "
                    "KUR hanya untuk yang tidak sedang menerima kredit produktif komersial.",
                )
            ]
        },
        id="credit-ultra-micro-25jt-blocks",
    ),
    pytest.param(
        {"current_loans": loan("kur", 10 * JT, "bri")},
        (20 * JT, MK, 12),
        {MI, KP, BMK},
        {},
        id="credit-kur-same-lender-allowed",
    ),
    pytest.param(
        {"current_loans": loan("kur", 10 * JT, "bni")},
        (20 * JT, MK, 12),
        {KP, BMK},
        {
            MI: [
                (
                    "other_credit",
                    "masih ada kredit produktif berjalan (KUR (bni) Rp10.000.000); KUR hanya untuk "
                    "yang tidak sedang menerima kredit produktif komersial.",
                )
            ]
        },
        id="credit-kur-other-lender-blocks",
    ),
    pytest.param(
        {"current_loans": loan("motorbike", 18 * JT, "adira")},
        (20 * JT, MK, 12),
        {MI, KP, BMK},
        {},
        id="credit-productive-motorbike-allowed",
    ),
    # --- repeat access by sector ------------------------------------------------------------
    pytest.param({"previous_kur_count": 1}, (20 * JT, MK, 12), {MI, KP, BMK}, {}, id="repeat-2nd-loan-food-ok"),
    pytest.param(
        {"previous_kur_count": 2},
        (20 * JT, MK, 12),
        {KP, BMK},
        {MI: [("repeat_limit", "sudah 2 kali menerima KUR; sektor lainnya dibatasi maksimal 2 kali.")]},
        id="repeat-3rd-loan-food-capped",
    ),
    pytest.param(
        {"previous_kur_count": 2, "kbli": "01134"},
        (20 * JT, MK, 12),
        {MI, KP, BMK},
        {},
        id="repeat-3rd-loan-farming-ok",
    ),
    pytest.param(
        {"previous_kur_count": 3, "kbli": "03221"},
        (20 * JT, MK, 12),
        {MI, KP, BMK},
        {},
        id="repeat-4th-loan-fishery-ok",
    ),
    pytest.param(
        {"previous_kur_count": 4, "kbli": "01411"},
        (20 * JT, MK, 12),
        {KP, BMK},
        {
            MI: [
                (
                    "repeat_limit",
                    "sudah 4 kali menerima KUR; sektor pertanian, perkebunan, peternakan, "
                    "perikanan dibatasi maksimal 4 kali.",
                )
            ]
        },
        id="repeat-5th-loan-livestock-capped",
    ),
    # --- BPR BKK region coverage ------------------------------------------------------------
    pytest.param(
        {"region_code": "33.19.01"},
        (20 * JT, MK, 12),
        {MI, KP},
        {BMK: [("region", "BPR BKK Kendal hanya melayani usaha di Kabupaten Kendal.")]},
        id="region-kudus-no-bkk",
    ),
    pytest.param(
        {"region_code": "33.24.12.2001"}, (20 * JT, MK, 12), {MI, KP, BMK}, {}, id="region-kendal-desa-bkk-ok"
    ),
    pytest.param(
        {"region_code": "33.241"},
        (20 * JT, MK, 12),
        {MI, KP},
        {BMK: [("region", "BPR BKK Kendal hanya melayani usaha di Kabupaten Kendal.")]},
        id="region-prefix-is-not-substring",
    ),
    # --- tenor per purpose ------------------------------------------------------------------
    pytest.param({}, (20 * JT, MK, 36), {MI, KP, BMK}, {}, id="tenor-mk-36-ok"),
    pytest.param(
        {},
        (20 * JT, MK, 37),
        set(),
        {
            MI: [("tenor", "tenor 37 bulan melebihi batas 36 bulan untuk modal kerja pada KUR Mikro.")],
            BMK: [("tenor", "tenor 37 bulan melebihi batas 36 bulan untuk modal kerja pada Kredit Modal Kerja BKK.")],
        },
        id="tenor-mk-37-too-long",
    ),
    pytest.param(
        {},
        (200 * JT, MK, 48),
        {KC},
        {KP: [("tenor", "tenor 48 bulan melebihi batas 36 bulan untuk modal kerja pada Kupedes.")]},
        id="tenor-kur-kecil-mk-48-ok",
    ),
    pytest.param(
        {},
        (20 * JT, INV, 60),
        {MI, KP, BINV},
        {BMK: [("purpose", "Kredit Modal Kerja BKK tidak melayani kredit investasi.")]},
        id="tenor-investasi-60-ok",
    ),
    pytest.param(
        {},
        (20 * JT, INV, 61),
        set(),
        {MI: [("tenor", "tenor 61 bulan melebihi batas 60 bulan untuk investasi pada KUR Mikro.")]},
        id="tenor-investasi-61-too-long",
    ),
    # --- every failed rule is listed --------------------------------------------------------
    pytest.param(
        {
            "started_on": started(5),
            "current_loans": loan("productive", 30 * JT, "bank-jateng"),
            "region_code": "33.19.01",
        },
        (120 * JT, MK, 40),
        set(),
        {
            MI: [
                ("tenor", "tenor 40 bulan melebihi batas 36 bulan untuk modal kerja pada KUR Mikro."),
                ("amount_above", "plafon Rp120.000.000 di atas batas maksimal KUR Mikro (Rp100.000.000)."),
                ("age", "usaha baru berjalan 5 bulan; KUR mensyaratkan minimal 6 bulan."),
                (
                    "other_credit",
                    "masih ada kredit produktif berjalan (kredit produktif (bank-jateng) "
                    "Rp30.000.000); KUR hanya untuk yang tidak sedang menerima kredit produktif "
                    "komersial.",
                ),
            ],
            BMK: [
                ("tenor", "tenor 40 bulan melebihi batas 36 bulan untuk modal kerja pada Kredit Modal Kerja BKK."),
                ("age", "usaha baru berjalan 5 bulan; Kredit Modal Kerja BKK mensyaratkan minimal 6 bulan."),
                ("region", "BPR BKK Kendal hanya melayani usaha di Kabupaten Kendal."),
            ],
        },
        id="all-failures-listed",
    ),
]


@pytest.fixture
def rules(db):
    return product_rules()


@pytest.mark.parametrize("overrides, request_args, expected_eligible, expected_failures", CASES)
def test_kur_rule_table(rules, overrides, request_args, expected_eligible, expected_failures):
    profile = replace(BASE, **overrides)
    amount, purpose, tenor = request_args

    result = el.match(profile, el.LoanRequest(amount=amount, purpose=purpose, tenor_months=tenor), rules, today=TODAY)

    assert result.eligible_codes == expected_eligible
    for code, reasons in expected_failures.items():
        match = result.for_product(code)
        assert not match.is_eligible
        assert [(r.code, r.text) for r in match.reasons] == reasons


def test_table_has_at_least_30_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize(
    "amount, expected_tier",
    [
        (1 * JT, SM),
        (10 * JT, SM),
        (10 * JT + 1, MI),
        (100 * JT, MI),
        (100 * JT + 1, KC),
        (500 * JT, KC),
        (500 * JT + 1, None),
    ],
    ids=["1jt", "10jt", "10jt+1", "100jt", "100jt+1", "500jt", "over-500jt"],
)
def test_suggested_kur_tier_follows_amount(rules, amount, expected_tier):
    result = el.match(BASE, el.LoanRequest(amount=amount, purpose=MK, tenor_months=12), rules, today=TODAY)

    assert (result.suggested_kur.code if result.suggested_kur else None) == expected_tier


@pytest.mark.parametrize(
    "amount, has_npwp, expected_flag, expected_reason",
    [
        (50 * JT, False, False, None),
        (
            50 * JT + 1,
            False,
            True,
            ("npwp_missing", "NPWP wajib untuk plafon di atas Rp50.000.000; siapkan NPWP sebelum ke bank."),
        ),
        (60 * JT, True, True, ("npwp_ok", "NPWP wajib untuk plafon di atas Rp50.000.000; Anda sudah memiliki NPWP.")),
    ],
    ids=["50jt-no-npwp-needed", "above-50jt-without-npwp-flagged", "above-50jt-with-npwp"],
)
def test_npwp_flag_above_50_juta(rules, amount, has_npwp, expected_flag, expected_reason):
    profile = replace(BASE, has_npwp=has_npwp)

    result = el.match(profile, el.LoanRequest(amount=amount, purpose=MK, tenor_months=24), rules, today=TODAY)

    mikro = result.for_product(MI)
    assert mikro.is_eligible
    assert result.npwp_required is expected_flag
    assert mikro.npwp_required is expected_flag
    npwp_reasons = [(r.code, r.text) for r in mikro.reasons if r.code.startswith("npwp")]
    assert npwp_reasons == ([expected_reason] if expected_reason else [])


@pytest.mark.parametrize("previous, expected_rate", [(0, "6.00"), (1, "7.00"), (2, "8.00"), (3, "9.00")])
def test_kur_mikro_rate_rises_with_repeat_loans(rules, previous, expected_rate):
    profile = replace(BASE, kbli="01134", previous_kur_count=previous)  # farming: cap of 4

    result = el.match(profile, el.LoanRequest(amount=20 * JT, purpose=MK, tenor_months=12), rules, today=TODAY)

    assert result.for_product(MI).rate == Decimal(expected_rate)


def test_instalment_is_annuity_at_effective_rate(rules):
    # 20 juta over 12 months at 6% p.a. effective → 0.5% a month: 1,721,328.59 → rounded up.
    assert el.monthly_instalment(20 * JT, Decimal("6"), 12) == 1_721_329
    assert el.monthly_instalment(12 * JT, Decimal("0"), 12) == 1 * JT

    result = el.match(BASE, el.LoanRequest(amount=20 * JT, purpose=MK, tenor_months=12), rules, today=TODAY)
    mikro = result.for_product(MI)
    assert (mikro.rate, mikro.monthly_instalment, mikro.max_amount) == (Decimal("6.00"), 1_721_329, 100 * JT)


def test_eligible_sorted_by_score_cheapest_collateral_free_first(rules):
    result = el.match(BASE, el.LoanRequest(amount=20 * JT, purpose=MK, tenor_months=12), rules, today=TODAY)

    assert [m.product.code for m in result.eligible] == [MI, BMK, KP]
    assert [m.score for m in result.eligible] == sorted([m.score for m in result.eligible], reverse=True)
