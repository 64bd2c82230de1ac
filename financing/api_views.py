"""POST /api/v1/financing/match/: match a business (by id, for its owner or MPP staff) or an
inline profile against every active loan product."""

from __future__ import annotations

import re

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import StrictTypesMixin
from financing import eligibility as el
from financing.selectors import loans_from_data, product_rules, profile_for_business
from portal import roles
from registry.models import Business

# ASCII digits: Python's \d also takes "٣٣" (Arabic-Indic), which the schema's pattern refuses
# and which then matched no region.
REGION_CODE = re.compile(r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$")
KBLI_CODE = re.compile(r"^[0-9]{5}$")
MAX_RUPIAH = 100_000_000_000_000  # far above any loan; keeps integers sane
MAX_CURRENT_LOANS = 20  # far above what a micro business carries; bounds the work per request
MAX_ID = 2**63 - 1


class ExistingLoanSerializer(StrictTypesMixin, serializers.Serializer):
    type = serializers.ChoiceField(
        choices=el.LOAN_TYPES,
        help_text=_("kur, productive (kredit produktif komersial), consumer, mortgage, ultra_micro, motorbike"),
    )
    lender = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    amount = serializers.IntegerField(min_value=0, max_value=MAX_RUPIAH, required=False, default=0)


class MatchRequestSerializer(StrictTypesMixin, serializers.Serializer):
    business_id = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Usaha milik pengguna yang masuk (atau petugas MPP); jika diisi, profil diambil dari data usaha."),
    )
    started_on = serializers.DateField(required=False, allow_null=True)
    kbli = serializers.RegexField(KBLI_CODE, required=False, help_text=_("KBLI 5 digit"))
    region_code = serializers.RegexField(
        REGION_CODE, required=False, help_text=_("Kode wilayah Kemendagri, mis. 33.24.12")
    )
    annual_sales = serializers.IntegerField(min_value=0, max_value=MAX_RUPIAH, required=False, default=0)
    capital = serializers.IntegerField(min_value=0, max_value=MAX_RUPIAH, required=False, default=0)
    has_nib = serializers.BooleanField(required=False, default=False)
    has_npwp = serializers.BooleanField(required=False, default=False)
    current_loans = ExistingLoanSerializer(
        many=True,
        required=False,
        default=list,
        max_length=MAX_CURRENT_LOANS,
        error_messages={"max_length": _("Paling banyak {max_length} pinjaman berjalan.")},
    )
    previous_kur_count = serializers.IntegerField(min_value=0, max_value=50, required=False, default=0)
    amount = serializers.IntegerField(min_value=1, max_value=MAX_RUPIAH)
    purpose = serializers.ChoiceField(choices=el.PURPOSES)
    tenor_months = serializers.IntegerField(min_value=1, max_value=360)

    def to_internal_value(self, data):
        # An inline profile may also be sent nested as {"profile": {...}}.
        if hasattr(data, "get") and isinstance(data.get("profile"), dict):
            data = {**data["profile"], **{k: v for k, v in data.items() if k != "profile"}}
        return super().to_internal_value(data)

    def validate(self, attrs):
        if attrs.get("business_id") is None:
            missing = [name for name in ("kbli", "region_code") if not attrs.get(name)]
            if missing:
                raise serializers.ValidationError(
                    {name: [_("Wajib diisi bila business_id tidak dikirim.")] for name in missing}
                )
        return attrs


class EligibleItemSerializer(serializers.Serializer):
    product = serializers.CharField()
    product_name = serializers.CharField()
    lender = serializers.CharField()
    lender_name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    max_amount = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    monthly_instalment = serializers.IntegerField()
    score = serializers.IntegerField()
    npwp_required = serializers.BooleanField()
    documents = serializers.ListField(child=serializers.CharField())


class IneligibleItemSerializer(serializers.Serializer):
    product = serializers.CharField()
    product_name = serializers.CharField()
    lender = serializers.CharField()
    lender_name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    reason_codes = serializers.ListField(child=serializers.CharField())


class MatchResponseSerializer(serializers.Serializer):
    eligible = EligibleItemSerializer(many=True)
    ineligible = IneligibleItemSerializer(many=True)
    suggested_kur_tier = serializers.CharField(allow_null=True)
    npwp_required = serializers.BooleanField()
    business_age_months = serializers.IntegerField(allow_null=True)


def result_payload(result: el.MatchResult) -> dict:
    def base(m: el.ProductMatch) -> dict:
        return {
            "product": m.product.code,
            "product_name": m.product.name,
            "lender": m.product.lender_code,
            "lender_name": m.product.lender_name,
            "reasons": [r.text for r in m.reasons],
        }

    return {
        "eligible": [
            {
                **base(m),
                "max_amount": m.max_amount,
                "rate": m.rate,
                "monthly_instalment": m.monthly_instalment,
                "score": m.score,
                "npwp_required": m.npwp_required,
                "documents": list(m.documents),
            }
            for m in result.eligible
        ],
        "ineligible": [{**base(m), "reason_codes": [r.code for r in m.reasons]} for m in result.ineligible],
        "suggested_kur_tier": result.suggested_kur.code if result.suggested_kur else None,
        "npwp_required": result.npwp_required,
        "business_age_months": result.business_age_months,
    }


class FinancingMatchAPIView(APIView):
    """Stateless: nothing is stored; an application needs the owner's consent on the website."""

    permission_classes = [permissions.AllowAny]
    throttle_scope = "financing_match"  # anonymous clients: DEFAULT_THROTTLE_RATES["financing_match"]

    @extend_schema(
        operation_id="financing_match",
        summary="Match a business or profile against loan products",
        description=(
            "Send either `business_id` (a business you own, or any business for MPP staff) or an inline "
            "profile (`started_on`, `kbli`, `region_code`, `annual_sales`, `capital`, `has_nib`, `has_npwp`, "
            "`current_loans`, `previous_kur_count`; flat or nested under `profile`), plus `amount` (rupiah), "
            "`purpose` (`modal_kerja`|`investasi`) and `tenor_months`. Every active product is returned as "
            "eligible (with rate, annuity instalment and score) or ineligible with every failed rule."
        ),
        request=MatchRequestSerializer,
        responses={
            200: MatchResponseSerializer,
            403: OpenApiResponse(description="`business_id` of a business the caller may not match"),
        },
        examples=[
            OpenApiExample(
                "Inline profile",
                request_only=True,
                value={
                    "started_on": "2023-01-10",
                    "kbli": "10794",
                    "region_code": "33.24.12",
                    "annual_sales": 120000000,
                    "capital": 50000000,
                    "has_nib": True,
                    "has_npwp": False,
                    "current_loans": [{"type": "consumer", "lender": "bca", "amount": 15000000}],
                    "previous_kur_count": 0,
                    "amount": 25000000,
                    "purpose": "modal_kerja",
                    "tenor_months": 24,
                },
            )
        ],
        tags=["financing"],
    )
    def post(self, request):
        serializer = MatchRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        loans = [dict(loan) for loan in data["current_loans"]]
        if data.get("business_id") is not None:
            user = request.user
            if not user.is_authenticated:
                raise NotAuthenticated(_("Masuk dulu untuk mencocokkan usaha terdaftar."))
            businesses = Business.objects.select_related("primary_kbli")
            if not roles.has_any_role(user, roles.COUNTER_STAFF, roles.ADMINISTRATOR):
                businesses = businesses.filter(owner=user)
            business = get_object_or_404(businesses, pk=data["business_id"])
            profile = profile_for_business(business, current_loans=loans, previous_kur_count=data["previous_kur_count"])
        else:
            profile = el.Profile(
                started_on=data.get("started_on"),
                kbli=data["kbli"],
                region_code=data["region_code"],
                annual_sales=data["annual_sales"],
                capital=data["capital"],
                has_nib=data["has_nib"],
                has_npwp=data["has_npwp"],
                current_loans=loans_from_data(loans),
                previous_kur_count=data["previous_kur_count"],
            )
        loan_request = el.LoanRequest(amount=data["amount"], purpose=data["purpose"], tenor_months=data["tenor_months"])
        result = el.match(profile, loan_request, product_rules(), today=timezone.localdate())
        return Response(MatchResponseSerializer(result_payload(result)).data, status=status.HTTP_200_OK)
