import pytest
from django.core.exceptions import ValidationError

from core.identifiers import mask_nik, normalize_phone, validate_bpom, validate_ean13, validate_nib, validate_nik


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("3324015708800001", "3324015708800001", id="kendal-woman-1980"),
        pytest.param("3324 0117 0890 0002", "3324011708900002", id="spaces-man-1990"),
        pytest.param("3171011708450001", "3171011708450001", id="jakarta-1945"),
    ],
)
def test_valid_nik_is_normalised(raw, expected):
    assert validate_nik(raw) == expected


@pytest.mark.parametrize(
    "raw, code",
    [
        pytest.param("332401570880001", "nik_length", id="15-digits"),
        pytest.param("33240157088000AB", "nik_length", id="letters"),
        pytest.param("3399995708800001", "nik_region", id="unknown-kecamatan"),
        pytest.param("3324013208800001", "nik_date", id="day-32"),
        pytest.param("3324017213800001", "nik_date", id="woman-day-72"),
        pytest.param("3324013002800001", "nik_date", id="30-february"),
        pytest.param("3324015708800000", "nik_serial", id="serial-0000"),
    ],
)
def test_invalid_nik_is_refused_with_a_reason(raw, code):
    with pytest.raises(ValidationError) as error:
        validate_nik(raw)
    assert error.value.code == code


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("081234567890", "+6281234567890", id="leading-0"),
        pytest.param("6281234567890", "+6281234567890", id="leading-62"),
        pytest.param("+62 812-3456-7890", "+6281234567890", id="formatted"),
        pytest.param("0812345678", "+62812345678", id="10-digits"),
    ],
)
def test_phone_is_normalised_to_e164(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("0241234567", id="landline"),
        pytest.param("+6512345678", id="singapore"),
        pytest.param("08123", id="too-short"),
        pytest.param("08123456789012345", id="too-long"),
        pytest.param("nomor saya", id="text"),
    ],
)
def test_invalid_phone_is_refused(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


def test_nib_must_have_13_digits():
    assert validate_nib("9120 0000 00001") == "9120000000001"
    with pytest.raises(ValidationError):
        validate_nib("912000000001")


@pytest.mark.parametrize(
    "raw, valid",
    [
        ("8991234567891", True),
        ("8991234567890", False),
        ("8992761002015", True),
        ("4006381333931", True),
        ("899276100201", False),
    ],
)
def test_ean13_check_digit(raw, valid):
    if valid:
        assert validate_ean13(raw) == raw
    else:
        with pytest.raises(ValidationError):
            validate_ean13(raw)


def test_bpom_needs_md_or_ml_and_12_digits():
    assert validate_bpom("md 123456789012") == "MD123456789012"
    with pytest.raises(ValidationError):
        validate_bpom("SP123456789012")


def test_nik_mask_shows_only_the_ends():
    assert mask_nik("3324015708800001") == "3324••••••••0001"
