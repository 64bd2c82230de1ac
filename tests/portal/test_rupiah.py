"""Rupiah as people type it: one parser, one form field and one widget behind every amount
(registration, owner edit, products and their import, financing, bank disbursal, partner prices,
the staff admin), so "25.000.000" is twenty-five million everywhere and never Rp 25."""

import importlib
import inspect
import re

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Product
from core.rupiah import RupiahField, RupiahFormField, RupiahInput, parse_rupiah
from partners.models import ChannelListing
from registry.models import Business
from tests.catalog.factories import CategoryFactory
from tests.partners.factories import channel, delivery_ready_product
from tests.portal.factories import BusinessFactory
from tests.portal.signup import visitor_signup
from tests.portal.test_registration import BUSINESS_STEP, OWNER_STEP, step_url

RUPIAH_LABEL = re.compile(r"\bRp\b", re.IGNORECASE)  # "Harga (Rp)", "Sisa pinjaman (Rp)"


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("15000", 15_000),
        ("15.000", 15_000),
        ("15 000", 15_000),
        ("Rp 15.000", 15_000),
        ("Rp15.000", 15_000),
        ("Rp. 15.000", 15_000),
        ("rp15000", 15_000),
        ("IDR 15000", 15_000),
        ("Rp15.000,-", 15_000),
        ("15.000,-", 15_000),
        ("15.000,00", 15_000),
        ("15.000 rupiah", 15_000),
        ("  25.000.000 ", 25_000_000),
        ("120.000.000", 120_000_000),
        ("Rp 25.000.000", 25_000_000),
        ("1,5 juta", 1_500_000),
        ("1,5juta", 1_500_000),
        ("Rp 1,5 juta", 1_500_000),
        ("25 jt", 25_000_000),
        ("25jt", 25_000_000),
        ("25 JT", 25_000_000),
        ("2,25 jt", 2_250_000),
        ("1.5 juta", 1_500_000),
        ("1.500 rb", 1_500_000),
        ("500 ribu", 500_000),
        ("500rb", 500_000),
        ("15k", 15_000),
        ("2 miliar", 2_000_000_000),
        ("1,2 milyar", 1_200_000_000),
        ("0", 0),
        (15_000, 15_000),
        (15000.0, 15_000),  # a spreadsheet cell
    ],
)
def test_amounts_as_people_write_them(typed, amount):
    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize(
    "typed, code",
    [
        ("15.00", "ambiguous"),  # a decimal or a mistyped thousands group
        ("1.5", "ambiguous"),
        ("15,000", "ambiguous"),  # English grouping, or fifteen with decimals
        ("15,000,000", "ambiguous"),
        ("15.0000", "ambiguous"),
        ("1.2345 jt", "ambiguous"),
        ("15,5", "fraction"),  # rupiah have no cents
        ("1,2345 rb", "fraction"),
        (15000.5, "fraction"),
        ("2 m", "ambiguous"),  # miliar to some, million to others
        ("-15000", "negative"),
        ("lima belas ribu", "invalid"),
        ("15 dolar", "invalid"),
        ("", "invalid"),
        ("Rp", "invalid"),
        (True, "invalid"),
    ],
)
def test_what_could_mean_two_amounts_is_refused_with_how_to_write_it(typed, code):
    with pytest.raises(ValidationError) as refused:
        parse_rupiah(typed)
    assert refused.value.code == code
    assert refused.value.messages[0].strip()


def test_the_refusal_says_in_indonesian_how_to_write_the_amount():
    with pytest.raises(ValidationError) as refused:
        parse_rupiah("15.00")
    assert "15.000" in refused.value.messages[0] and "bisa berarti dua jumlah" in refused.value.messages[0]


def test_field_limits_are_written_in_rupiah_not_djangos_generic_message():
    field = RupiahFormField(min_value=500_000, max_value=10_000_000_000)
    with pytest.raises(ValidationError) as low:
        field.clean("50.000")
    assert low.value.messages == ["Minimal Rp 500.000."]
    with pytest.raises(ValidationError) as high:
        field.clean("20 miliar")
    assert high.value.messages == ["Maksimal Rp 10.000.000.000."]
    assert field.clean("50.000.000") == 50_000_000


def test_widget_shows_a_stored_amount_grouped_and_typed_text_as_typed():
    widget = RupiahInput()
    assert widget.format_value(25_000_000) == "25.000.000"
    assert widget.format_value("1,5 juta") == "1,5 juta"
    html = widget.render("price", 15_000)
    assert 'value="15.000"' in html and 'inputmode="numeric"' in html and "data-rupiah" in html
    assert 'type="text"' in html  # a number box would refuse the dots people type


def test_every_rupiah_model_field_reads_amounts_as_typed():
    """The class, not the example: any model field labelled in rupiah is a RupiahField."""
    rupiah_labelled = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if "(rp" in str(getattr(field, "verbose_name", "")).lower() and not isinstance(field, RupiahField)
    ]
    # Order totals are computed by the shop, never typed.
    assert sorted(rupiah_labelled) == ["catalog.Checkout.total", "catalog.Order.subtotal"]


def test_every_rupiah_form_field_reads_amounts_as_typed():
    missing = []
    for app in ("portal", "catalog", "financing", "partners", "training"):
        module = importlib.import_module(f"{app}.forms")
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                if RUPIAH_LABEL.search(str(field.label or "")) and not isinstance(field, RupiahFormField):
                    missing.append(f"{name}.{field_name}")
    assert missing == []


def _business_step(client) -> tuple[Business, str]:
    """A visitor's new draft and the URL of its business step (the wizard's amounts)."""
    visitor_signup(client, {**OWNER_STEP, "next": ""})
    business = Business.objects.get()
    return business, step_url(business, "usaha")


@pytest.mark.django_db
def test_wizard_stores_capital_and_omzet_typed_with_dots(client):
    business, step = _business_step(client)

    response = client.post(step, {**BUSINESS_STEP, "capital": "25.000.000", "annual_sales": "Rp 120.000.000"})

    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.capital, business.annual_sales) == (25_000_000, 120_000_000)
    assert business.size_class == "mikro"


@pytest.mark.django_db
def test_wizard_refuses_an_ambiguous_amount_and_keeps_what_was_typed(client):
    business, step = _business_step(client)

    response = client.post(step, {**BUSINESS_STEP, "capital": "25.000.00", "annual_sales": "1,5 juta"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "bisa berarti dua jumlah" in html
    assert 'value="25.000.00"' in html and 'value="1,5 juta"' in html
    assert 'value="Kripik Tempe Bu Siti"' in html
    business.refresh_from_db()
    assert business.capital != 25_000


@pytest.mark.django_db
def test_product_price_typed_with_dots_is_stored_whole(client):
    business = BusinessFactory()
    client.force_login(business.owner)
    response = client.post(
        "/akun/produk/baru/",
        {
            "business": business.pk,
            "category": CategoryFactory().pk,
            "name": "Kripik Pisang",
            "price": "Rp 15.000",
            "unit": "bungkus",
            "weight_grams": "200",
            "stock": "5",
            "min_order": "1",
        },
    )
    assert response.status_code == 302
    assert Product.objects.get(name="Kripik Pisang").price == 15_000


@pytest.mark.django_db
def test_product_import_reads_prices_as_written_in_a_spreadsheet(client):
    business = BusinessFactory()
    CategoryFactory()
    client.force_login(business.owner)
    upload = SimpleUploadedFile(
        "produk.csv",
        (
            b"name,category,price,unit,stock\n"
            b'Kripik Tempe,makanan-minuman,"Rp15.000,-",bungkus,40\n'
            b"Bandeng Presto,makanan-minuman,25 rb,ekor,10\n"
        ),
        content_type="text/csv",
    )
    assert client.post("/akun/produk/impor/", {"business": business.pk, "file": upload}).status_code == 302
    assert dict(Product.objects.values_list("name", "price")) == {"Kripik Tempe": 15_000, "Bandeng Presto": 25_000}


@pytest.mark.django_db
def test_financing_amount_typed_with_dots_is_matched_not_refused(client):
    business = BusinessFactory(kecamatan_id="33.24.12", npwp="")
    client.force_login(business.owner)
    response = client.get(
        "/pembiayaan/hasil/",
        {
            "business": business.pk,
            "amount": "50.000.000",
            "purpose": "modal_kerja",
            "tenor_months": "24",
            "previous_kur_count": "0",
            "loan_type_1": "consumer",
            "loan_lender_1": "BCA",
            "loan_amount_1": "5 jt",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["amount"] == 50_000_000
    assert response.context["form"].current_loans()[0]["amount"] == 5_000_000
    assert "Pastikan nilai ini" not in response.content.decode()


@pytest.mark.django_db
def test_partner_price_and_variant_prices_typed_with_dots(client):
    business = BusinessFactory()
    client.force_login(business.owner)
    product = delivery_ready_product(business=business)
    url = reverse("partners:listing", args=[product.pk, "grabfood"])
    client.post(
        url,
        {
            "final_price": "Rp 20.000",
            "availability": "available",
            "variant_groups": "Level pedas | 1 | 1 | Sedang=0; Pedas=Rp 2.000",
        },
    )
    listing = ChannelListing.objects.get(product=product, channel=channel("grabfood"))
    assert listing.final_price == 20_000
    assert listing.variant_groups[0]["options"][1]["price"] == 2_000


def test_staff_admin_forms_read_amounts_as_typed():
    from wagtail.admin.panels import get_edit_handler

    from financing.models import LoanProduct
    from training.models import Programme

    programme_form = get_edit_handler(Programme).get_form_class()
    loan_product_form = get_edit_handler(LoanProduct).get_form_class()
    assert isinstance(programme_form.base_fields["cost"], RupiahFormField)
    assert programme_form.base_fields["cost"].clean("Rp 150.000") == 150_000
    assert isinstance(loan_product_form.base_fields["max_amount"], RupiahFormField)
