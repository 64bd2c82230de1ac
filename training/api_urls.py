"""GET /api/v1/training/sessions/: upcoming sessions with the seats left."""

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from . import selectors
from .forms import SessionFilterForm
from .models import Session


@extend_schema_field({"type": "string", "pattern": r"^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$", "example": "08:30:00"})
class LocalTimeField(serializers.TimeField):
    """Wall-clock time in Asia/Jakarta, HH:MM:SS. Not OpenAPI's `time` format, which demands a
    UTC offset the portal does not send."""


class SessionSerializer(serializers.ModelSerializer):
    daily_start = LocalTimeField()
    daily_end = LocalTimeField()
    programme = serializers.CharField(source="programme.title")
    organiser = serializers.CharField(source="programme.organiser")
    topic = serializers.CharField(source="programme.topic")
    cost = serializers.IntegerField(source="programme.cost")
    requires_nib = serializers.BooleanField(source="programme.requires_nib")
    venue = serializers.CharField(source="venue_label")
    seats_left = serializers.IntegerField()
    waitlist = serializers.IntegerField(source="waitlist_count")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "programme",
            "organiser",
            "topic",
            "cost",
            "requires_nib",
            "venue",
            "first_day",
            "last_day",
            "daily_start",
            "daily_end",
            "capacity",
            "seats_left",
            "waitlist",
            "signup_opens_at",
            "signup_closes_at",
            "url",
        ]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = reverse("training:session", args=[obj.pk])
        return request.build_absolute_uri(path) if request else path


class SessionListAPIView(generics.ListAPIView):
    """Upcoming sessions. Filters: topic, organiser, date_from, date_to (YYYY-MM-DD), has_seats=true."""

    serializer_class = SessionSerializer
    filter_backends: list = []

    def get_queryset(self):
        queryset = selectors.upcoming_sessions()
        form = SessionFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return selectors.filter_sessions(queryset, **form.cleaned_data)


urlpatterns = [
    path("training/sessions/", SessionListAPIView.as_view(), name="api-training-sessions"),
]
