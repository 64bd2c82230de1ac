"""The partner feed: GET /api/v1/partners/<channel>/listings/ with a per-channel token."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.models import Channel
from partners.selectors import feed
from partners.services import channel_token_matches


def bearer_token(request) -> str:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


class PartnerListingsAPIView(APIView):
    """The current locked curation batch of a channel, for the partner's systems."""

    authentication_classes: list = []  # the channel token is checked below, not a user session
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Partner feed: the channel's current locked batch",
        description="Send `Authorization: Bearer <channel token>`. Staff rotate the token in the admin.",
        responses={
            200: OpenApiTypes.OBJECT,
            401: OpenApiResponse(description="missing or wrong token"),
            404: OpenApiResponse(description="unknown or inactive channel"),
        },
    )
    def get(self, request, channel: str):
        channel_obj = get_object_or_404(Channel, code=channel, is_active=True)
        if not channel_token_matches(channel_obj, bearer_token(request)):
            return Response(
                {"detail": _("Token kanal tidak ada atau salah.")},
                status=401,
                headers={"WWW-Authenticate": 'Bearer realm="partners"'},
            )
        return Response(feed(channel_obj))
