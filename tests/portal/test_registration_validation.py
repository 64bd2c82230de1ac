"""Validation tables for the wizard's forms: each case names the input and the exact
Indonesian message the owner sees (or the normalised value that is stored)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from registry.forms import BusinessForm, CertificationForm, OwnerForm
from registry.models import Business
from tests.portal.factories import OwnerFactory

OWNER = {"full_name": "Siti Rahayu", "nik": "3324015708900001", "phone": "081234567890", "email": "siti@example.id"}


def owner_form(**changes):
    return OwnerForm({**OWNER, **changes}, mode="counter")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "nik, expected",
    [
        pytest.param("3324015708900001", "3324015708900001", id="valid-woman-kendal"),
        pytest.param("3324 0117 0890 0002", "3324011708900002", id="valid-with-spaces"),
        pytest.param("3324.0117.0890.0002", "3324011708900002", id="valid-with-dots"),
        pytest.param("332401570890001", "NIK harus 16 digit angka.", id="15-digits"),
        pytest.param("33240157089000012", "NIK harus 16 digit angka.", id="17-digits"),
        pytest.param("33240157089000AB", "NIK harus 16 digit angka.", id="letters"),
        pytest.param(
            "3399015708900001",
            "6 digit pertama NIK (339901) bukan kode kecamatan yang terdaftar.",
            id="unknown-kecamatan",
        ),
        pytest.param("3324013208900001", "Tanggal lahir dalam NIK tidak valid.", id="day-32"),
        pytest.param("3324017208900001", "Tanggal lahir dalam NIK tidak valid.", id="woman-day-72"),
        pytest.param("3324013002900001", "Tanggal lahir dalam NIK tidak valid.", id="30-february"),
        pytest.param("3324011713900001", "Tanggal lahir dalam NIK tidak valid.", id="month-13"),
        pytest.param("3324015708900000", "Nomor urut NIK tidak boleh 0000.", id="serial-0000"),
        pytest.param("", "NIK wajib diisi.", id="empty"),
    ],
)
def test_nik_table(nik, expected):
    form = owner_form(nik=nik)
    if expected.isdigit():
        assert form.is_valid(), form.errors
        assert form.cleaned_data["nik"] == expected
    else:
        assert not form.is_valid()
        assert form.errors["nik"] == [expected]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "phone, expected",
    [
        pytest.param("081234567890", "+6281234567890", id="leading-0"),
        pytest.param("6281234567890", "+6281234567890", id="leading-62"),
        pytest.param("+62 812-3456-7890", "+6281234567890", id="plus-62-formatted"),
        pytest.param("(0812) 3456 789", "+628123456789", id="brackets"),
        pytest.param("0812345678", "+62812345678", id="10-digits-shortest"),
        pytest.param(
            "0294381234",
            "Nomor HP harus nomor Indonesia yang diawali 08, 628 atau +628 (10–13 digit).",
            id="kendal-landline",
        ),
        pytest.param(
            "+6591234567",
            "Nomor HP harus nomor Indonesia yang diawali 08, 628 atau +628 (10–13 digit).",
            id="singapore",
        ),
        pytest.param(
            "08123", "Nomor HP harus nomor Indonesia yang diawali 08, 628 atau +628 (10–13 digit).", id="too-short"
        ),
        pytest.param(
            "0812345678901234",
            "Nomor HP harus nomor Indonesia yang diawali 08, 628 atau +628 (10–13 digit).",
            id="too-long",
        ),
        pytest.param("nomor saya", "Nomor telepon tidak dikenali.", id="text"),
    ],
)
def test_phone_table(phone, expected):
    form = owner_form(phone=phone)
    if expected.startswith("+"):
        assert form.is_valid(), form.errors
        assert form.cleaned_data["phone"] == expected
    else:
        assert not form.is_valid()
        assert form.errors["phone"] == [expected]


BUSINESS = {
    "name": "Kripik Tempe Bu Siti",
    "legal_form": "perorangan",
    "nib": "",
    "npwp": "",
    "kbli_version": "2020",
    "kbli_codes": "10794",
    "started_year": "2019",
    "capital": "40000000",
    "annual_sales": "0",
    "employees": "2",
}


def business_form(owner=None, **changes):
    owner = owner or OwnerFactory()
    business = Business.objects.create(owner=owner, name="", slug=f"draf-test-{owner.pk}")
    return BusinessForm({**BUSINESS, **changes}, business=business, owner=owner)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "nib, expected",
    [
        pytest.param("9120001234567", "9120001234567", id="13-digits"),
        pytest.param("9120 0012 34567", "9120001234567", id="with-spaces"),
        pytest.param("", "", id="empty-allowed"),
        pytest.param("912000123456", "NIB harus 13 digit angka.", id="12-digits"),
        pytest.param("91200012345678", "NIB harus 13 digit angka.", id="14-digits"),
        pytest.param("912000123456X", "NIB harus 13 digit angka.", id="letter"),
    ],
)
def test_nib_table(nib, expected):
    form = business_form(nib=nib)
    if expected.isdigit() or expected == "":
        assert form.is_valid(), form.errors
        assert form.cleaned_data["nib"] == expected
    else:
        assert not form.is_valid()
        assert form.errors["nib"] == [expected]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "codes, expected",
    [
        pytest.param("10794", ["10794"], id="one-code"),
        pytest.param("10794, 47211", ["10794", "47211"], id="two-codes-primary-first"),
        pytest.param("47211 10794 10794", ["47211", "10794"], id="spaces-and-duplicate"),
        pytest.param("1079", "Kode KBLI harus 5 digit angka.", id="4-digits"),
        pytest.param("1079A", "Kode KBLI harus 5 digit angka.", id="letter"),
        pytest.param("99999", "Kode KBLI 99999 tidak ada di daftar KBLI 2020.", id="unknown-code"),
        pytest.param("10794, 00000", "Kode KBLI 00000 tidak ada di daftar KBLI 2020.", id="one-unknown"),
        pytest.param("", "Isi minimal satu kode KBLI.", id="empty"),
    ],
)
def test_kbli_table(codes, expected):
    form = business_form(kbli_codes=codes)
    if isinstance(expected, list):
        assert form.is_valid(), form.errors
        assert [k.code for k in form.cleaned_data["kbli_codes"]] == expected
        assert {k.version for k in form.cleaned_data["kbli_codes"]} == {"2020"}
    else:
        assert not form.is_valid()
        assert form.errors["kbli_codes"] == [expected]


def image_upload(name="scan.png", size=(600, 400), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("L", size, 255).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload, expected",
    [
        pytest.param(lambda: image_upload(), None, id="png-ok"),
        pytest.param(lambda: image_upload("scan.jpg", fmt="JPEG"), None, id="jpeg-ok"),
        pytest.param(lambda: SimpleUploadedFile("nib.pdf", b"%PDF-1.4\n%%EOF"), None, id="pdf-ok"),
        pytest.param(
            lambda: SimpleUploadedFile("nib.docx", b"PK\x03\x04"),
            "Jenis berkas tidak didukung. Unggah PDF, JPG atau PNG.",
            id="docx-type",
        ),
        pytest.param(lambda: SimpleUploadedFile("nib.pdf", b"<html>"), "Berkas PDF tidak valid.", id="fake-pdf"),
        pytest.param(
            lambda: SimpleUploadedFile("scan.png", b"not an image"), "Berkas gambar tidak dapat dibaca.", id="fake-png"
        ),
        pytest.param(
            lambda: image_upload("scan.png", fmt="GIF"),
            "Jenis berkas tidak didukung. Unggah PDF, JPG atau PNG.",
            id="gif-renamed-png",
        ),
        pytest.param(
            lambda: SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024 + 1)),
            "Berkas terlalu besar (5.0 MB). Maksimal 5 MB.",
            id="over-5mb",
        ),
        pytest.param(
            lambda: image_upload(size=(6000, 5000)),
            "Gambar terlalu besar (6000×5000 piksel). Maksimal 25 megapiksel.",
            id="30-megapixels",
        ),
        pytest.param(
            lambda: image_upload(size=(200, 800)),
            "Gambar terlalu kecil untuk dibaca (200×800 piksel). Minimal 300 piksel per sisi.",
            id="too-small",
        ),
    ],
)
def test_scan_upload_table(upload, expected):
    owner = OwnerFactory()
    business = Business.objects.create(owner=owner, name="x", slug="x-upload")
    form = CertificationForm({"halal_number": "ID33240000123456"}, {"halal_scan": upload()}, business=business)
    if expected is None:
        assert form.is_valid(), form.errors
        assert form.cleaned_data["items"][0]["kind"] == "halal"
    else:
        assert not form.is_valid()
        assert form.errors["halal_scan"] == [expected]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value, expected",
    [
        pytest.param("halal_number", "ID-3324-0000-1234", "ID332400001234", id="halal-normalised"),
        pytest.param(
            "halal_number", "33240000123", "Nomor sertifikat halal harus diawali ID lalu angka.", id="halal-no-prefix"
        ),
        pytest.param("pirt_number", "2063324010123-29", "206332401012329", id="pirt-15-digits"),
        pytest.param("pirt_number", "20633240101232", "Nomor P-IRT harus 15 digit angka.", id="pirt-14-digits"),
        pytest.param("bpom_number", "md 123456789012", "MD123456789012", id="bpom-md"),
        pytest.param(
            "bpom_number",
            "PIRT123456789012",
            "Nomor BPOM harus diawali MD atau ML lalu 12 digit angka.",
            id="bpom-bad-prefix",
        ),
    ],
)
def test_certification_number_table(field, value, expected):
    owner = OwnerFactory()
    business = Business.objects.create(owner=owner, name="x", slug="x-cert")
    form = CertificationForm({field: value}, business=business)
    if expected.startswith(("ID", "2", "MD")) and " " not in expected:
        assert form.is_valid(), form.errors
        assert form.cleaned_data["items"][0]["number"] == expected
    else:
        assert not form.is_valid()
        assert form.errors[field] == [expected]


@pytest.mark.django_db
def test_expired_certificate_is_refused():
    owner = OwnerFactory()
    business = Business.objects.create(owner=owner, name="x", slug="x-exp")
    form = CertificationForm({"halal_number": "ID33240000123456", "halal_expires_on": "2020-01-01"}, business=business)
    assert not form.is_valid()
    assert form.errors["halal_expires_on"] == ["Sertifikat ini sudah kedaluwarsa."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "capital, size",
    [("1000000000", "mikro"), ("1000000001", "kecil"), ("5000000001", "menengah"), ("10000000001", "besar")],
)
def test_size_class_follows_capital_at_registration(capital, size):
    from registry import services

    form = business_form(capital=capital, annual_sales="60000000000")
    assert form.is_valid(), form.errors
    business = services.business_details_save(
        business=form.business,
        **{
            k: form.cleaned_data[k]
            for k in (
                "name",
                "legal_form",
                "nib",
                "npwp",
                "kbli_codes",
                "started_year",
                "capital",
                "annual_sales",
                "employees",
                "description",
            )
        },
    )
    assert business.size_class == size


def test_scan_check_keeps_pillows_bomb_guard_and_refuses_a_bomb_clearly():
    """registry.registration once switched Pillow's guard off for the whole process."""
    from django.core.exceptions import ValidationError

    from registry.registration import validate_scan
    from tests.catalog.images import png_bomb

    guard = Image.MAX_IMAGE_PIXELS
    with pytest.raises(ValidationError) as refused:
        validate_scan(SimpleUploadedFile("ktp.png", png_bomb(width=100_000, height=100_000), "image/png"))
    assert refused.value.code == "scan_pixels" and "terlalu besar" in refused.value.messages[0]
    assert Image.MAX_IMAGE_PIXELS == guard and guard is not None
