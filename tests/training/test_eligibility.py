"""Eligibility rules are data on the programme; a refused sign-up says exactly why."""

import pytest

from registry.models import BusinessStatus, SizeClass
from tests.portal.factories import BusinessFactory
from tests.training.factories import ProgrammeFactory, SessionFactory
from training import services
from training.eligibility import ineligibility_reasons
from training.models import Registration


@pytest.mark.django_db
@pytest.mark.parametrize(
    "programme_rules, business_fields, expected",
    [
        pytest.param(
            {"requires_nib": True},
            {"nib": ""},
            ["Program ini mewajibkan NIB; usaha belum mencantumkan NIB."],
            id="needs-nib",
        ),
        pytest.param(
            {"size_classes": "mikro"},
            {"size_class": SizeClass.KECIL},
            ["Program ini untuk usaha skala Mikro; skala usaha Anda Kecil."],
            id="size-class",
        ),
        pytest.param(
            {"kbli_prefixes": "10, 11"},
            {"kbli": "13134"},
            ["Program ini khusus sektor KBLI 10, 11; KBLI usaha Anda: 13134."],
            id="sector",
        ),
        pytest.param(
            {"max_annual_sales": 500_000_000},
            {"annual_sales": 600_000_000},
            ["Omzet tahunan melebihi batas program (Rp 500.000.000)."],
            id="sehati-sales",
        ),
        pytest.param(
            {"max_capital": 2_000_000_000},
            {"capital": 2_500_000_000},
            ["Modal usaha melebihi batas program (Rp 2.000.000.000)."],
            id="sehati-capital",
        ),
        pytest.param(
            {}, {"status": BusinessStatus.SUBMITTED}, ["Usaha belum terverifikasi oleh petugas MPP."], id="not-verified"
        ),
        pytest.param(
            {"requires_nib": True, "kbli_prefixes": "10", "size_classes": "mikro,kecil"},
            {"kbli": "10794", "size_class": SizeClass.MIKRO},
            [],
            id="eligible",
        ),
    ],
)
def test_programme_rules(programme_rules, business_fields, expected):
    programme = ProgrammeFactory(**programme_rules)
    business = BusinessFactory(**business_fields)
    assert ineligibility_reasons(programme, business) == expected


@pytest.mark.django_db
def test_an_ineligible_business_is_refused_with_the_reason_and_nothing_is_saved():
    session = SessionFactory(programme=ProgrammeFactory(requires_nib=True))
    business = BusinessFactory(nib="")

    with pytest.raises(services.SignupRefused) as refused:
        services.registration_create(session=session, business=business, actor=business.owner)

    assert refused.value.reasons == ["Program ini mewajibkan NIB; usaha belum mencantumkan NIB."]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_the_signup_page_shows_the_refusal_reason(client):
    session = SessionFactory(programme=ProgrammeFactory(requires_nib=True))
    business = BusinessFactory(nib="")
    client.force_login(business.owner)

    response = client.post(
        f"/pelatihan/sesi/{session.pk}/daftar/", {"business": business.pk, "participant_name": "Bu Sri"}
    )

    assert response.status_code == 200
    assert "Pendaftaran tidak dapat diterima" in response.text
    assert "Program ini mewajibkan NIB; usaha belum mencantumkan NIB." in response.text
    assert 'value="Bu Sri"' in response.text
    assert not Registration.objects.exists()
