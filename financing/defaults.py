"""The lenders and products the portal ships with (domain.md, KUR section; Permenko
Perekonomian 1/2022 as amended). Loaded by migration 0002; staff correct them in the admin.
BPR BKK Kendal's figures are indicative defaults to be confirmed with the bank."""

from datetime import date

JUTA = 1_000_000
KUR_START = date(2022, 1, 1)
KUR_DOCUMENTS = (
    "e-KTP\nKartu Keluarga (KK)\nNIB atau surat keterangan usaha (SKU) dari desa\nNPWP untuk plafon di atas Rp50 juta"
)
KUR_TIERED_RATES = [
    {"rate": "6.00", "loan_number_from": 1, "loan_number_to": 1},
    {"rate": "7.00", "loan_number_from": 2, "loan_number_to": 2},
    {"rate": "8.00", "loan_number_from": 3, "loan_number_to": 3},
    {"rate": "9.00", "loan_number_from": 4, "loan_number_to": None},
]
# Until the announced 2026 "no cap" is confirmed in force, staff end these by setting valid_to.
KUR_REPEAT_LIMITS = [
    {"kbli_prefixes": "01,02,03", "sector_label": "pertanian, perkebunan, peternakan, perikanan", "max_loans": 4},
    {"kbli_prefixes": "", "sector_label": "lainnya", "max_loans": 2},
]

LENDERS = [
    {"code": "bri", "name": "BRI", "kind": "bank", "region_codes": ""},
    {"code": "bpr-bkk-kendal", "name": "BPR BKK Kendal", "kind": "bpr", "region_codes": "33.24"},
]

PRODUCTS = [
    {
        "lender": "bri",
        "code": "kur-super-mikro",
        "name": "KUR Super Mikro",
        "is_kur": True,
        "sort_order": 10,
        "description": "KUR untuk plafon sampai Rp10 juta, bunga 3% efektif per tahun.",
        "min_amount": 0,
        "max_amount": 10 * JUTA,
        "max_tenor_modal_kerja": 36,
        "max_tenor_investasi": 60,
        "min_business_age_months": 6,
        "collateral_free_up_to": 100 * JUTA,
        "collateral_rule": "Tanpa agunan tambahan.",
        "required_documents": KUR_DOCUMENTS,
        "npwp_required_above": 50 * JUTA,
        "rates": [{"rate": "3.00", "loan_number_from": 1, "loan_number_to": None}],
        "repeat_limits": KUR_REPEAT_LIMITS,
    },
    {
        "lender": "bri",
        "code": "kur-mikro",
        "name": "KUR Mikro",
        "is_kur": True,
        "sort_order": 20,
        "description": "KUR di atas Rp10 juta sampai Rp100 juta; tenor modal kerja sampai 4 tahun dan "
        "investasi sampai 7 tahun bila suplesi/restrukturisasi.",
        "min_amount": 10 * JUTA + 1,
        "max_amount": 100 * JUTA,
        "max_tenor_modal_kerja": 36,
        "max_tenor_investasi": 60,
        "min_business_age_months": 6,
        "collateral_free_up_to": 100 * JUTA,
        "collateral_rule": "Tanpa agunan tambahan sampai Rp100 juta.",
        "required_documents": KUR_DOCUMENTS,
        "npwp_required_above": 50 * JUTA,
        "rates": KUR_TIERED_RATES,
        "repeat_limits": KUR_REPEAT_LIMITS,
    },
    {
        "lender": "bri",
        "code": "kur-kecil",
        "name": "KUR Kecil",
        "is_kur": True,
        "sort_order": 30,
        "description": "KUR di atas Rp100 juta sampai Rp500 juta.",
        "min_amount": 100 * JUTA + 1,
        "max_amount": 500 * JUTA,
        "max_tenor_modal_kerja": 48,
        "max_tenor_investasi": 60,
        "min_business_age_months": 6,
        "collateral_free_up_to": 100 * JUTA,
        "collateral_rule": "Agunan tambahan sesuai penilaian bank untuk plafon di atas Rp100 juta.",
        "required_documents": KUR_DOCUMENTS,
        "npwp_required_above": 50 * JUTA,
        "rates": KUR_TIERED_RATES,
        "repeat_limits": KUR_REPEAT_LIMITS,
    },
    {
        "lender": "bri",
        "code": "kupedes",
        "name": "Kupedes",
        "is_kur": False,
        "sort_order": 40,
        "description": "Kredit umum pedesaan BRI dengan bunga pasar (angka indikatif).",
        "min_amount": 5 * JUTA,
        "max_amount": 500 * JUTA,
        "max_tenor_modal_kerja": 36,
        "max_tenor_investasi": 60,
        "min_business_age_months": 12,
        "collateral_free_up_to": 0,
        "collateral_rule": "Memerlukan agunan (BPKB atau sertifikat) sesuai penilaian bank.",
        "required_documents": "e-KTP\nKartu Keluarga (KK)\nNIB atau SKU\nDokumen agunan\nNPWP untuk plafon di atas Rp50 juta",
        "npwp_required_above": 50 * JUTA,
        "rates": [{"rate": "17.00", "loan_number_from": 1, "loan_number_to": None}],
        "repeat_limits": [],
    },
    {
        "lender": "bpr-bkk-kendal",
        "code": "bkk-modal-kerja",
        "name": "Kredit Modal Kerja BKK",
        "is_kur": False,
        "sort_order": 50,
        "description": "Modal kerja untuk usaha di Kabupaten Kendal (angka indikatif).",
        "min_amount": 1 * JUTA,
        "max_amount": 250 * JUTA,
        "max_tenor_modal_kerja": 36,
        "max_tenor_investasi": None,
        "min_business_age_months": 6,
        "collateral_free_up_to": 25 * JUTA,
        "collateral_rule": "Agunan diperlukan untuk plafon di atas Rp25 juta.",
        "required_documents": "e-KTP\nKartu Keluarga (KK)\nNIB atau SKU\nNPWP untuk plafon di atas Rp50 juta",
        "npwp_required_above": 50 * JUTA,
        "rates": [{"rate": "15.00", "loan_number_from": 1, "loan_number_to": None}],
        "repeat_limits": [],
    },
    {
        "lender": "bpr-bkk-kendal",
        "code": "bkk-investasi",
        "name": "Kredit Investasi BKK",
        "is_kur": False,
        "sort_order": 60,
        "description": "Kredit investasi (mesin, peralatan, kendaraan usaha) di Kabupaten Kendal (angka indikatif).",
        "min_amount": 5 * JUTA,
        "max_amount": 500 * JUTA,
        "max_tenor_modal_kerja": None,
        "max_tenor_investasi": 60,
        "min_business_age_months": 12,
        "collateral_free_up_to": 0,
        "collateral_rule": "Memerlukan agunan sesuai penilaian bank.",
        "required_documents": "e-KTP\nKartu Keluarga (KK)\nNIB atau SKU\nDokumen agunan\nNPWP untuk plafon di atas Rp50 juta",
        "npwp_required_above": 50 * JUTA,
        "rates": [{"rate": "14.00", "loan_number_from": 1, "loan_number_to": None}],
        "repeat_limits": [],
    },
]


def load_defaults(apps) -> None:
    """Idempotent: existing rows (perhaps edited by staff) are left alone."""
    Lender = apps.get_model("financing", "Lender")
    LoanProduct = apps.get_model("financing", "LoanProduct")
    LoanRate = apps.get_model("financing", "LoanRate")
    RepeatAccessLimit = apps.get_model("financing", "RepeatAccessLimit")
    lenders = {}
    for row in LENDERS:
        lenders[row["code"]], _ = Lender.objects.get_or_create(code=row["code"], defaults=row)
    for row in PRODUCTS:
        row = dict(row)
        rates, limits = row.pop("rates"), row.pop("repeat_limits")
        row["lender"] = lenders[row["lender"]]
        product, created = LoanProduct.objects.get_or_create(code=row["code"], defaults=row)
        if not created:
            continue
        for rate in rates:
            LoanRate.objects.create(product=product, valid_from=KUR_START, **rate)
        for limit in limits:
            RepeatAccessLimit.objects.create(product=product, valid_from=KUR_START, **limit)
