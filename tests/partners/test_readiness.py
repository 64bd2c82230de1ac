"""The readiness rules as tables, on plain facts (no database)."""

from dataclasses import replace
from datetime import date

import pytest

from partners.formats import codes, get_format
from partners.readiness import CertFacts, ListingFacts, PhotoFacts, problems

TODAY = date(2026, 11, 22)
CERT = CertFacts("206332401234526", date(2028, 1, 1), True)
HALAL = CertFacts("ID33240000001234", date(2028, 1, 1), True)
PHOTO = PhotoFacts(1, 800, 800, 120_000, "foto.jpg")
RETAIL = ListingFacts(
    product_id=1,
    name="Kripik Tempe",
    description="Renyah.",
    price=15000,
    category_name="Makanan",
    is_food=True,
    is_published=True,
    business_name="Bu Sri",
    is_business_verified=True,
    nib="9120000000001",
    ean13="8991234567891",
    net_content="250 g",
    shelf_life_days=180,
    has_expiry_date_label=True,
    has_production_code_label=True,
    pirt=CERT,
    halal=HALAL,
    photo=PHOTO,
    stock=10,
    operating_hours={"0": ["08:00", "20:00"]},
)


def codes_of(facts, channel):
    fmt = get_format(channel)
    return [p.code for p in problems(facts, fmt, fmt.limits(), TODAY)]


def test_every_shipped_channel_has_a_format():
    assert codes() == ["alfamart", "gofood", "grabfood", "indomaret"]


@pytest.mark.parametrize("channel", ["indomaret", "alfamart", "gofood", "grabfood"])
def test_complete_product_is_ready_everywhere(channel):
    assert codes_of(RETAIL, channel) == []


@pytest.mark.parametrize(
    "changes, expected",
    [
        pytest.param({"nib": ""}, ["nib_missing"], id="no-nib"),
        pytest.param({"nib": "12345"}, ["nib_missing"], id="short-nib"),
        pytest.param({"pirt": None}, ["permit_missing"], id="no-permit"),
        pytest.param({"pirt": None, "bpom": CertFacts("MD123456789012", None, True)}, [], id="bpom-md-is-enough"),
        pytest.param(
            {"pirt": None, "bpom": CertFacts("ML123456789012", None, True)}, ["permit_missing"], id="bpom-ml-is-not"
        ),
        pytest.param(
            {"pirt": CertFacts("206332401234526", date(2026, 1, 1), True)}, ["pirt_expired"], id="pirt-expired"
        ),
        pytest.param({"pirt": CertFacts("206332401234526", None, False)}, ["pirt_unverified"], id="pirt-unchecked"),
        pytest.param({"halal": None}, ["halal_missing"], id="food-without-halal"),
        pytest.param({"halal": None, "is_food": False}, [], id="non-food-needs-no-halal"),
        pytest.param({"halal": CertFacts("ID1", date(2025, 1, 1), True)}, ["halal_expired"], id="halal-expired"),
        pytest.param({"ean13": ""}, ["ean13_missing"], id="no-ean"),
        pytest.param({"ean13": "8991234567890"}, ["ean13_invalid"], id="bad-check-digit"),
        pytest.param({"net_content": " "}, ["net_content_missing"], id="no-net-weight"),
        pytest.param({"shelf_life_days": None}, ["shelf_life_missing"], id="no-shelf-life"),
        pytest.param({"has_expiry_date_label": False}, ["expiry_label_missing"], id="no-expiry-label"),
        pytest.param({"has_production_code_label": False}, ["production_code_missing"], id="no-production-code"),
        pytest.param({"photo": None}, ["photo_missing"], id="no-packaging-photo"),
        pytest.param({"is_published": False}, ["product_unpublished"], id="unpublished"),
        pytest.param({"is_business_verified": False}, ["business_unverified"], id="unverified"),
    ],
)
def test_retail_rules(changes, expected):
    assert codes_of(replace(RETAIL, **changes), "indomaret") == expected


GROUP = {"name": "Level pedas", "min": 1, "max": 1, "options": [{"name": "Sedang", "price": 0}]}


@pytest.mark.parametrize(
    "changes, expected",
    [
        pytest.param({"name": "N" * 150}, [], id="name-at-limit"),
        pytest.param({"name": "N" * 151}, ["name_too_long"], id="name-over-limit"),
        pytest.param({"description": "D" * 200}, [], id="description-at-limit"),
        pytest.param({"description": "D" * 201}, ["description_too_long"], id="description-over-limit"),
        pytest.param({"description": ""}, ["description_missing"], id="no-description"),
        pytest.param({"price": 0}, ["price_invalid"], id="zero-price"),
        pytest.param({"price": 1500.5}, ["price_invalid"], id="fractional-price"),
        pytest.param({"photo": None}, ["photo_missing"], id="no-photo"),
        pytest.param({"photo": PhotoFacts(1, 499, 499, 1, "")}, ["photo_too_small"], id="photo-too-small"),
        pytest.param({"photo": PhotoFacts(1, 1000, 800, 1, "")}, [], id="photo-5-4-ok"),
        pytest.param({"photo": PhotoFacts(1, 1600, 900, 1, "")}, ["photo_not_square"], id="photo-16-9"),
        pytest.param({"photo": PhotoFacts(1, 800, 800, 11 * 1024 * 1024, "")}, ["photo_too_large"], id="photo-11mb"),
        pytest.param({"category_name": ""}, ["category_missing"], id="no-category"),
        pytest.param({"stock": 0}, ["out_of_stock"], id="available-but-no-stock"),
        pytest.param({"stock": 0, "availability": "unavailable"}, [], id="marked-sold-out"),
        pytest.param({"operating_hours": {}}, ["hours_missing"], id="no-hours"),
        pytest.param({"operating_hours": {"0": ["20:00", "08:00"]}}, ["hours_invalid"], id="hours-reversed"),
        pytest.param({"variant_groups": [GROUP]}, [], id="one-variant-group"),
        pytest.param({"variant_groups": [GROUP] * 31}, ["variants_too_many_groups"], id="31-groups"),
        pytest.param(
            {"variant_groups": [{**GROUP, "options": [{"name": "x", "price": 0}] * 101}]},
            ["variant_options_count"],
            id="101-modifiers",
        ),
        pytest.param({"variant_groups": [{**GROUP, "min": 2, "max": 1}]}, ["variant_min_max"], id="min-over-max"),
        pytest.param(
            {"variant_groups": [{**GROUP, "options": [{"name": "x", "price": -1}]}]},
            ["variant_price"],
            id="negative-delta",
        ),
    ],
)
@pytest.mark.parametrize("channel", ["gofood", "grabfood"])
def test_delivery_rules(channel, changes, expected):
    assert codes_of(replace(RETAIL, **changes), channel) == expected


def test_grabfood_rejects_a_barcode_that_is_not_a_gtin():
    assert codes_of(replace(RETAIL, ean13="12345"), "grabfood") == ["barcode_invalid"]
    assert codes_of(replace(RETAIL, ean13=""), "grabfood") == []


def test_messages_are_indonesian_and_specific():
    fmt = get_format("gofood")
    found = problems(
        replace(RETAIL, description="D" * 230, photo=PhotoFacts(1, 300, 360, 1, "")), fmt, fmt.limits(), TODAY
    )
    assert [str(p.message) for p in found] == [
        "Deskripsi 230 karakter; maksimal 200.",
        "Foto terlalu kecil (300×360 piksel); minimal 500×500.",
    ]
    assert [p.fix for p in found] == ["product", "photo"]


def test_channel_limit_overrides_are_data():
    fmt = get_format("gofood")
    limits = fmt.limits({"description_max": 300})
    assert [p.code for p in problems(replace(RETAIL, description="D" * 250), fmt, limits, TODAY)] == []
