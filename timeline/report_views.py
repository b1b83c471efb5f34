"""POST /api/v1/reports/: a report's text, its source and the events it tells of become a source
and draft events, each citing the source with its passage. The events are in the shape
POST /api/v1/reports/extract/ proposes them, so an editor can send its proposals back as
corrected; a place is a stored place's id, or a proposal's candidate (by `place_id`, or by
`geonames_id` for a gazetteer place not stored yet)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.response import Response
from rest_framework.views import APIView

from places import services as place_services
from places.models import Place
from project.serializers import related_id
from timeline import dates, reports
from timeline.extraction_views import report_text_field
from timeline.models import Event, EventType, Source
from timeline.serializers import EventSerializer, SourceSerializer, parsed_phrase

DEFAULT_TYPE = "other"
MAX_EVENTS = settings.EVENT_MAX_NESTED_ITEMS

ERROR_ONE_SOURCE = "Give either `source_id` (a stored source) or `source` (a new one), not both."
ERROR_NO_SOURCE = "Give the report's source: `source_id`, or `source` with its outlet and title."
ERROR_NO_EVENTS = "Give at least one event."
ERROR_PASSAGE_ORDER = "The passage's end must come after its start."
ERROR_PASSAGE_OUTSIDE = "The passage must lie inside the text ({length} characters)."
ERROR_PLACE_SHAPE = (
    "A place is a stored place's id, null, or a candidate from /reports/extract/ "
    "(with `place_id`, or with `geonames_id`, `name`, `latitude` and `longitude`)."
)
ERROR_NO_PLACE = "No place with id {pk}."
ERROR_PLACE_PERMISSION = (
    "'{name}' is not stored yet, and storing it needs the permission places.add_place."
)
ERROR_SOURCE_PERMISSION = "Creating a source needs the permission timeline.add_source."


def parsed_date(value: str | None, published) -> str | None:
    """EDTF from EDTF or a phrase (relative phrases count from the report's publication)."""
    parsed = parsed_phrase(value, published)
    return parsed.edtf if parsed else None


class PassageSerializer(serializers.Serializer):
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)

    def validate(self, attrs):
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": [ERROR_PASSAGE_ORDER]})
        return attrs


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "description": "A stored place's id"},
            {
                "type": "object",
                "description": "A candidate of /reports/extract/",
                "properties": {
                    "place_id": {"type": "integer", "nullable": True},
                    "geonames_id": {"type": "integer"},
                    "name": {"type": "string"},
                    "latitude": {"type": "number"},
                    "longitude": {"type": "number"},
                },
            },
        ],
        "nullable": True,
    }
)
class PlaceCandidateField(serializers.Field):
    """A place as an id, as a candidate of /reports/extract/, or null."""

    default_error_messages = {"shape": ERROR_PLACE_SHAPE, "missing": ERROR_NO_PLACE}

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, required=False, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("shape")
        if isinstance(data, int):
            return self._stored(data)
        if not isinstance(data, dict):
            self.fail("shape")
        if isinstance(data.get("place_id"), int) and not isinstance(data["place_id"], bool):
            return self._stored(data["place_id"])
        try:
            geonames_id = int(data["geonames_id"])
            latitude, longitude = float(data["latitude"]), float(data["longitude"])
            name = str(data["name"]).strip()
        except (KeyError, TypeError, ValueError):
            self.fail("shape")
        if not name or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            self.fail("shape")
        return {
            "geonames_id": geonames_id,
            "name": name,
            "latitude": latitude,
            "longitude": longitude,
        }

    def _stored(self, pk: int) -> Place:
        place = Place.objects.filter(pk=pk).first()
        if place is None:
            self.fail("missing", pk=pk)
        return place

    def to_representation(self, value):
        return value.pk


class ReportEventSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    type = related_id(EventType.objects.all(), "event type", required=False)
    date = serializers.CharField(
        allow_null=True,
        required=False,
        allow_blank=True,
        max_length=dates.MAX_LENGTH,
        help_text="EDTF or a date phrase; null or absent: on or before the report's publication",
    )
    date_as_reported = serializers.CharField(allow_blank=True, required=False, max_length=200)
    place = PlaceCandidateField(help_text="A place id, a candidate of /reports/extract/, or null")
    summary = serializers.CharField(allow_blank=True, required=False)
    passage = PassageSerializer()


class NewSourceSerializer(serializers.Serializer):
    outlet = serializers.CharField(max_length=200)
    title = serializers.CharField(max_length=500)
    url = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    published = serializers.CharField(
        max_length=dates.MAX_LENGTH, required=False, allow_blank=True, help_text="EDTF or a phrase"
    )

    def validate_published(self, value):
        return parsed_date(value, None) or ""


class ReportSerializer(serializers.Serializer):
    text = report_text_field("The report's text; each event's passage offsets point into it.")
    source_id = related_id(Source.objects.all(), "source", required=False)
    source = NewSourceSerializer(required=False)
    events = ReportEventSerializer(
        many=True,
        allow_empty=False,
        max_length=MAX_EVENTS,
        error_messages={"empty": ERROR_NO_EVENTS},
    )

    def validate(self, attrs):
        if "source_id" in attrs and "source" in attrs:
            raise serializers.ValidationError({"source": [ERROR_ONE_SOURCE]})
        if "source_id" not in attrs and "source" not in attrs:
            raise serializers.ValidationError({"source_id": [ERROR_NO_SOURCE]})
        published = self._published(attrs)
        length = len(attrs["text"])
        errors = {}  # by the event's index, as DRF reports a nested list's errors
        for index, event in enumerate(attrs["events"]):
            problems = {}
            if event["passage"]["end"] > length:
                problems["passage"] = [ERROR_PASSAGE_OUTSIDE.format(length=length)]
            try:
                event["date"] = parsed_date(event.get("date"), published)
            except serializers.ValidationError as error:
                problems["date"] = error.detail
            if problems:
                errors[index] = problems
        if errors:
            raise serializers.ValidationError({"events": errors})
        return attrs

    @staticmethod
    def _published(attrs):
        """The report's publication day, which anchors relative phrases ('last week')."""
        if "source_id" in attrs:
            return attrs["source_id"].published_latest
        published = attrs["source"].get("published")
        return dates.parse(published).latest if published else None


class ReportCreateView(APIView):
    """A report becomes a source and draft events. For editors: adding events."""

    permission_classes = [DjangoModelPermissions]
    queryset = Event.objects.none()

    @extend_schema(
        operation_id="reports_create",
        summary="Create a source and draft events from a report",
        description=(
            "For editors (the permission to add events; drafts are seen by those who may "
            "change or publish events). Creates the source (`source`, when it is new) and one "
            "draft event per item of `events`, each citing the source with the passage of "
            "`text` between `passage.start` and `passage.end`, all in one transaction. `events` "
            "take the shape POST /api/v1/reports/extract/ proposes. `date` is EDTF or a phrase "
            "(relative ones count from the source's publication); absent or null, the event "
            "is dated on or before the publication day. `type` defaults to `other`. The answer "
            "gives each event with `possible_duplicates`: ids of events it may repeat. "
            "Drafts are published with POST /api/v1/events/{id}/publish/."
        ),
        request=ReportSerializer,
        responses={
            201: inline_serializer(
                "ReportCreated",
                {
                    "source": SourceSerializer(),
                    "events": inline_serializer(
                        "DraftEvent",
                        {
                            "id": serializers.IntegerField(),
                            "possible_duplicates": serializers.ListField(
                                child=serializers.IntegerField()
                            ),
                        },
                        many=True,
                    ),
                },
            ),
            400: OpenApiTypes.OBJECT,
            403: OpenApiTypes.OBJECT,
        },
        examples=[
            OpenApiExample(
                "A new source and one draft",
                request_only=True,
                value={
                    "text": "At the end of March 2022 residents of Stakhanov were detained.",
                    "source": {
                        "outlet": "Example Daily",
                        "title": "Detentions in Stakhanov",
                        "url": "https://example.org/stakhanov",
                        "published": "2022-08-03",
                    },
                    "events": [
                        {
                            "title": "Residents of Stakhanov detained",
                            "date": "end of March 2022",
                            "date_as_reported": "At the end of March 2022",
                            "place": 12,
                            "passage": {"start": 0, "end": 62},
                        }
                    ],
                },
            )
        ],
        tags=["reports"],
    )
    def post(self, request):
        report = ReportSerializer(data=request.data)
        report.is_valid(raise_exception=True)
        data = report.validated_data
        user = request.user
        if "source" in data and not user.has_perm("timeline.add_source"):
            raise PermissionDenied(ERROR_SOURCE_PERMISSION)
        default_type = EventType.objects.filter(slug=DEFAULT_TYPE).first()
        with transaction.atomic():
            specs = [
                reports.DraftSpec(
                    title=event["title"],
                    type=event.get("type") or default_type,
                    date=event.get("date"),
                    date_as_reported=event.get("date_as_reported", ""),
                    place=self._place(event.get("place"), user),
                    start=event["passage"]["start"],
                    end=event["passage"]["end"],
                    summary=event.get("summary", ""),
                )
                for event in data["events"]
            ]
            source, created = reports.report_create(
                text=data["text"],
                source=data.get("source_id") or data["source"],
                events=specs,
                user=user,
            )
        events = Event.objects.with_related().filter(pk__in=[event.pk for event in created])
        by_id = {event.pk: event for event in events}
        return Response(
            {
                "source": SourceSerializer(source).data,
                "events": [
                    EventSerializer(by_id[event.pk]).data
                    | {"possible_duplicates": reports.event_duplicates(user, by_id[event.pk])}
                    for event in created
                ],
            },
            status=201,
        )

    @staticmethod
    def _place(value, user) -> Place | None:
        """The stored place; a gazetteer candidate not stored yet is stored first."""
        if value is None or isinstance(value, Place):
            return value
        stored = Place.objects.filter(geonames_id=value["geonames_id"]).first()
        if stored is not None:
            return stored
        if not user.has_perm("places.add_place"):
            raise PermissionDenied(ERROR_PLACE_PERMISSION.format(name=value["name"]))
        return place_services.place_create(**value)
