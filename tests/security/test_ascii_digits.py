"""Issue 17, finding 10: identifiers take ASCII digits only, everywhere. Python's `\\d`,
str.isdigit() and int() also take Arabic-Indic, Devanagari or fullwidth digits (and isdigit()
takes "²", which int() then refuses with a 500). A region code, NIK, KBLI prefix or certificate
number in such digits was stored as text no other system reads, or matched no region. The API
is covered by test_api_input_types.py; this is the forms, the admin's rules and the query
parameters."""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from core.identifiers import validate_bpom, validate_halal, validate_nik
from financing.models import Lender, LoanProduct
from partners.forms import parse_variant_groups
from registry.forms import LocationForm, OwnerForm
from search.listing import ListingParams
from tests.catalog.factories import ProductFactory
from training.models import Programme

pytestmark = pytest.mark.django_db

SCRIPTS = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "extended-arabic-indic": "۰۱۲۳۴۵۶۷۸۹",
    "devanagari": "०१२३४५६७८९",
    "fullwidth": "０１２３４５６７８９",
}


def written_in(script: str, text: str) -> str:
    return text.translate(str.maketrans("0123456789", SCRIPTS[script]))


@pytest.fixture(params=list(SCRIPTS), ids=list(SCRIPTS))
def script(request):
    return request.param


def test_the_wizard_refuses_a_nik_in_other_digits(script):
    form = OwnerForm(
        {
            "full_name": "Siti Rahayu",
            "nik": written_in(script, "3324015708900001"),
            "phone": "081234567890",
            "email": "siti@example.id",
            "password": "kripik-tempe-2026",
        },
        mode="visitor",
    )
    assert not form.is_valid() and form.errors["nik"] == ["NIK harus 16 digit angka."]


def test_the_location_step_refuses_a_region_code_in_other_digits(script):
    form = LocationForm(
        {
            "kecamatan": written_in(script, "33.24.12"),
            "desa": written_in(script, "33.24.12.2001"),
            "address": "RT 02/RW 01",
        }
    )
    assert not form.is_valid() and set(form.errors) == {"kecamatan", "desa"}


@pytest.mark.parametrize(
    "validator, value",
    [(validate_nik, "3324015708900001"), (validate_bpom, "MD123456789012"), (validate_halal, "ID33240000123456")],
    ids=["nik", "bpom", "halal"],
)
def test_identifier_validators_take_ascii_digits_only(script, validator, value):
    assert validator(value) == value
    with pytest.raises(ValidationError):
        validator(written_in(script, value))


def test_a_lenders_and_a_products_service_area_take_kemendagri_codes_in_ascii_digits(script):
    lender = Lender(code="bpr-x", name="BPR X", kind="bpr", region_codes="33.24, 33.25.01")
    lender.full_clean()
    lender.region_codes = f"33.24, {written_in(script, '33.25')}"
    with pytest.raises(ValidationError) as refused:
        lender.full_clean()
    assert list(refused.value.message_dict) == ["region_codes"]
    assert written_in(script, "33.25") in refused.value.message_dict["region_codes"][0]

    product = LoanProduct(lender=lender, region_codes=written_in(script, "33.24"))
    with pytest.raises(ValidationError) as refused:
        product.clean()
    assert list(refused.value.message_dict) == ["region_codes"]


@pytest.mark.parametrize("field", ["kbli_include", "kbli_exclude"])
def test_a_products_kbli_prefixes_take_ascii_digits(script, field):
    lender = Lender(code="bpr-x", name="BPR X")
    LoanProduct(lender=lender, **{field: "01, 10794"}).clean()
    with pytest.raises(ValidationError) as refused:
        LoanProduct(lender=lender, **{field: f"01, {written_in(script, '10')}"}).clean()
    assert list(refused.value.message_dict) == [field]


def test_a_training_programmes_kbli_prefixes_take_ascii_digits(script):
    with pytest.raises(ValidationError) as refused:
        Programme(kbli_prefixes=written_in(script, "10")).clean()
    assert "kbli_prefixes" in refused.value.message_dict


@pytest.mark.parametrize("digit", ["²", "٢", "２"], ids=["superscript", "arabic-indic", "fullwidth"])
def test_a_partner_variant_group_with_other_digits_is_a_clear_error(digit):
    with pytest.raises(ValidationError) as refused:
        parse_variant_groups(f"Level pedas | {digit} | 1 | Sedang=0")
    assert refused.value.messages == ["Baris 1: min dan maks harus angka."]


@pytest.mark.parametrize("digit", ["²", "٢"], ids=["superscript", "arabic-indic"])
@pytest.mark.parametrize("name", ["min_price", "page", "business"])
def test_the_search_api_answers_400_to_a_number_in_other_digits(client, digit, name):
    response = client.get("/api/v1/search/products/", {name: digit})
    assert response.status_code == 400 and name in response.json()["detail"]


@pytest.mark.parametrize("digit", ["²", "٢"], ids=["superscript", "arabic-indic"])
def test_the_listing_drops_a_filter_in_other_digits(client, digit):
    """The page and /api/v1/products/ read filters leniently: one they cannot read is dropped."""
    params = ListingParams.from_querydict(QueryDict(f"price_max={digit}000&business={digit}&page={digit}"))
    assert (params.price_max, params.business, params.page) == (None, None, 1)
    for url in ("/produk/", "/api/v1/products/"):
        assert client.get(url, {"price_max": f"{digit}000", "business": digit, "page": digit}).status_code == 200


@pytest.mark.parametrize("digit", ["²", "٢"], ids=["superscript", "arabic-indic"])
def test_adding_to_the_cart_a_product_id_in_other_digits_is_no_500(client, digit):
    ProductFactory()
    response = client.post("/keranjang/tambah/", {"product": digit, "quantity": "1"})
    assert response.status_code in (302, 400)
