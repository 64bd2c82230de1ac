"""POST /api/v1/financing/match/: business id or inline profile in, eligible/ineligible out;
bad input answers 4xx with reasons."""

from datetime import date

import pytest
from django.utils import timezone

from portal import roles
from tests.portal.factories import BusinessFactory, UserFactory

URL = "/api/v1/financing/match/"
PROFILE = {
    "started_on": "2023-01-10",
    "kbli": "10794",
    "region_code": "33.24.12",
    "annual_sales": 120_000_000,
    "capital": 50_000_000,
    "has_nib": True,
    "has_npwp": False,
    "current_loans": [{"type": "consumer", "lender": "bca", "amount": 15_000_000}],
    "previous_kur_count": 0,
}


@pytest.fixture
def api(client):
    def post(payload, **extra):
        return client.post(URL, payload, content_type="application/json", **extra)

    return post


def test_inline_profile_returns_eligible_and_ineligible_with_reasons(api, db):
    response = api({**PROFILE, "amount": 25_000_000, "purpose": "modal_kerja", "tenor_months": 24})

    assert response.status_code == 200
    body = response.json()
    assert [item["product"] for item in body["eligible"]] == ["kur-mikro", "bkk-modal-kerja", "kupedes"]
    mikro = body["eligible"][0]
    assert mikro["lender"] == "bri"
    assert mikro["rate"] == 6.0
    assert mikro["max_amount"] == 100_000_000
    assert mikro["monthly_instalment"] == 1_108_016
    assert isinstance(mikro["score"], int) and mikro["reasons"]
    ineligible = {item["product"]: item for item in body["ineligible"]}
    assert set(ineligible) == {"kur-super-mikro", "kur-kecil", "bkk-investasi"}
    assert ineligible["kur-super-mikro"]["reason_codes"] == ["amount_above"]
    assert ineligible["bkk-investasi"]["reasons"] == ["Kredit Investasi BKK tidak melayani kredit modal kerja."]
    assert body["suggested_kur_tier"] == "kur-mikro"
    assert body["npwp_required"] is False


def test_nested_profile_is_accepted(api, db):
    response = api(
        {
            "profile": {**PROFILE, "region_code": "33.19.01"},
            "amount": 25_000_000,
            "purpose": "modal_kerja",
            "tenor_months": 24,
        }
    )

    assert response.status_code == 200
    ineligible = {item["product"]: item for item in response.json()["ineligible"]}
    assert ineligible["bkk-modal-kerja"]["reasons"] == ["BPR BKK Kendal hanya melayani usaha di Kabupaten Kendal."]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({**PROFILE, "amount": 0, "purpose": "modal_kerja", "tenor_months": 12}, "amount"),
        ({**PROFILE, "amount": 5_000_000, "purpose": "konsumsi", "tenor_months": 12}, "purpose"),
        ({**PROFILE, "amount": 5_000_000, "purpose": "modal_kerja", "tenor_months": 0}, "tenor_months"),
        ({**PROFILE, "kbli": "10A94", "amount": 5_000_000, "purpose": "modal_kerja", "tenor_months": 12}, "kbli"),
        (
            {**PROFILE, "region_code": "3324", "amount": 5_000_000, "purpose": "modal_kerja", "tenor_months": 12},
            "region_code",
        ),
        (
            {**PROFILE, "started_on": "kemarin", "amount": 5_000_000, "purpose": "modal_kerja", "tenor_months": 12},
            "started_on",
        ),
        (
            {
                **PROFILE,
                "current_loans": [{"type": "arisan"}],
                "amount": 5_000_000,
                "purpose": "modal_kerja",
                "tenor_months": 12,
            },
            "current_loans",
        ),
        ({"amount": 5_000_000, "purpose": "modal_kerja", "tenor_months": 12}, "kbli"),
        ({**PROFILE, "amount": 10**30, "purpose": "modal_kerja", "tenor_months": 12}, "amount"),
    ],
    ids=[
        "zero-amount",
        "bad-purpose",
        "zero-tenor",
        "kbli-letters",
        "region-format",
        "bad-date",
        "bad-loan-type",
        "no-profile",
        "absurd-amount",
    ],
)
def test_bad_input_is_400_with_reason(api, db, payload, field):
    response = api(payload)

    assert response.status_code == 400
    assert field in response.json()


def test_malformed_json_is_400(client, db):
    response = client.post(URL, "{not json", content_type="application/json")

    assert response.status_code == 400


def test_business_id_needs_login(api, db):
    business = BusinessFactory()

    response = api({"business_id": business.pk, "amount": 5_000_000, "purpose": "modal_kerja", "tenor_months": 12})

    assert response.status_code in (401, 403)


def test_business_id_of_own_business_uses_its_profile(client, db):
    business = BusinessFactory(started_on=timezone.localdate().replace(day=1) - (date(2020, 6, 1) - date(2020, 1, 1)))
    client.force_login(business.owner)

    response = client.post(
        URL,
        {"business_id": business.pk, "amount": 5_000_000, "purpose": "modal_kerja", "tenor_months": 12},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["eligible"] == []
    assert body["business_age_months"] in (4, 5)
    assert "age" in {code for item in body["ineligible"] for code in item["reason_codes"]}


def test_business_id_of_someone_else_is_404_but_staff_may_match_it(client, db):
    business = BusinessFactory()
    client.force_login(UserFactory(roles=[roles.OWNER]))
    payload = {"business_id": business.pk, "amount": 5_000_000, "purpose": "modal_kerja", "tenor_months": 12}

    assert client.post(URL, payload, content_type="application/json").status_code == 404

    client.force_login(UserFactory(roles=[roles.COUNTER_STAFF]))
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 200
    assert [item["product"] for item in response.json()["eligible"]] == [
        "kur-super-mikro",
        "bkk-modal-kerja",
        "kupedes",
    ]


def test_endpoint_is_documented_in_openapi_schema(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].startswith("application/json") else None
    if schema is None:
        import yaml

        schema = yaml.safe_load(response.content)
    operation = schema["paths"]["/api/v1/financing/match/"]["post"]
    assert operation["operationId"] == "financing_match"
    request_schema = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = schema["components"]["schemas"][request_schema]["properties"]
    assert {
        "business_id",
        "started_on",
        "kbli",
        "region_code",
        "current_loans",
        "previous_kur_count",
        "amount",
        "purpose",
        "tenor_months",
    } <= set(properties)
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][response_schema]["properties"]) >= {"eligible", "ineligible"}
