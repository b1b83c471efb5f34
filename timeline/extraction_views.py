"""POST /api/v1/reports/extract/: what a report's text holds, proposed and never written."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.response import Response
from rest_framework.views import APIView

from places import geocoding
from places.mentions import Candidate
from timeline import dates
from timeline.extraction import MAX_TEXT_LENGTH, Extraction, extract
from timeline.models import Event
from timeline.serializers import parsed_phrase

ERROR_TEXT_EMPTY = "Paste the text of a report."
ERROR_TEXT_TOO_LONG = (
    f"A report is at most {MAX_TEXT_LENGTH:,} characters (about 30,000 words): paste it in parts."
)


def report_text_field(help_text: str) -> serializers.CharField:
    """A report's text as both report endpoints take it: kept as sent (offsets point into it),
    not empty, at most MAX_TEXT_LENGTH characters."""
    return serializers.CharField(
        trim_whitespace=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages={
            "blank": ERROR_TEXT_EMPTY,
            "required": ERROR_TEXT_EMPTY,
            "max_length": ERROR_TEXT_TOO_LONG,
        },
        help_text=help_text,
    )


class ExtractRequestSerializer(serializers.Serializer):
    text = report_text_field(
        "The report's text, in any language and script; offsets in the answer are "
        "character offsets into it."
    )
    published = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=dates.MAX_LENGTH,
        help_text="When the report was published, as EDTF or a date phrase ('3 August 2022'). "
        "It anchors relative phrases ('last week'); without it they are reported unanchored.",
    )

    def validate_published(self, value: str):
        parsed = parsed_phrase(value)
        return parsed.latest if parsed else None


class CandidateSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The place's name in the gazetteer")
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    geonames_id = serializers.IntegerField(
        allow_null=True, help_text="Null for a region or a country"
    )
    place_id = serializers.IntegerField(
        allow_null=True, help_text="The stored Place with this geonames_id, if there is one"
    )
    score = serializers.FloatField(help_text="Match quality in [0, 1]")


class PlaceMentionSerializer(serializers.Serializer):
    mention = serializers.CharField(help_text="The words as the text writes them")
    start = serializers.IntegerField(help_text="Offset of the first character in `text`")
    end = serializers.IntegerField(help_text="Offset after the last character")
    ambiguous = serializers.BooleanField(
        help_text="True when another candidate far from the first is nearly as likely"
    )
    candidates = CandidateSerializer(many=True)


class DateMentionSerializer(serializers.Serializer):
    mention = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    edtf = serializers.CharField(
        allow_null=True, help_text="Null when the phrase cannot be anchored"
    )
    earliest = serializers.DateField(allow_null=True)
    latest = serializers.DateField(allow_null=True)
    label = serializers.CharField(allow_null=True)


class PassageSerializer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class ProposedEventSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="The sentence, trimmed")
    date = serializers.CharField(allow_null=True, help_text="EDTF, or null when unanchored")
    date_as_reported = serializers.CharField(help_text="The report's own words for the date")
    place = CandidateSerializer(allow_null=True, help_text="The first place's best candidate")
    passage = PassageSerializer(help_text="The sentence's offsets in `text`")


class ExtractResponseSerializer(serializers.Serializer):
    places = PlaceMentionSerializer(many=True)
    dates = DateMentionSerializer(many=True)
    events = ProposedEventSerializer(many=True)


class ReportExtractView(APIView):
    """Places, dates and proposed events found in a report's text. Writes nothing."""

    # Only who may create events may ask: the same permission, checked the same way.
    permission_classes = [DjangoModelPermissions]
    queryset = Event.objects.none()

    @extend_schema(
        operation_id="reports_extract",
        summary="Find places, dates and proposed events in a report's text",
        description=(
            "For editors (the permission to add events). Every place the offline gazetteer "
            "knows, in any spelling or script, with ranked candidates and an `ambiguous` flag; "
            "every date phrase, read as EDTF with its span; and one proposed event per "
            "sentence that names both, with the sentence's offsets. Offsets are character "
            "offsets into `text`. Nothing is stored: `POST /api/v1/reports/` creates drafts."
        ),
        request=ExtractRequestSerializer,
        responses={200: ExtractResponseSerializer, 400: OpenApiTypes.OBJECT},
        examples=[
            OpenApiExample(
                "A sentence with a town and a date",
                request_only=True,
                value={
                    "text": "At the end of March 2022 residents of Stakhanov were detained.",
                    "published": "2022-08-03",
                },
            )
        ],
        tags=["reports"],
    )
    def post(self, request):
        params = ExtractRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        found = extract(
            params.validated_data["text"],
            geocoding.gazetteer_index(),
            params.validated_data.get("published"),
        )
        return Response(as_json(found))


def as_json(found: Extraction) -> dict:
    """Return an extraction as the API answers it, with the stored Place of each candidate."""
    candidates = [c for mention in found.places for c in mention.candidates]
    candidates += [event.place for event in found.events if event.place is not None]
    place_ids = geocoding.place_ids_by_geonames_id(
        candidate.geonames_id for candidate in candidates
    )

    def candidate_json(candidate: Candidate | None) -> dict | None:
        if candidate is None:
            return None
        return {
            "name": candidate.name,
            "latitude": candidate.latitude,
            "longitude": candidate.longitude,
            # Regions and countries of the gazetteer have no GeoNames id of their own (0).
            "geonames_id": candidate.geonames_id or None,
            "place_id": place_ids.get(candidate.geonames_id),
            "score": candidate.score,
        }

    return {
        "places": [
            {
                "mention": mention.mention,
                "start": mention.start,
                "end": mention.end,
                "ambiguous": mention.ambiguous,
                "candidates": [candidate_json(c) for c in mention.candidates],
            }
            for mention in found.places
        ],
        "dates": [
            {
                "mention": mention.phrase,
                "start": mention.start,
                "end": mention.end,
                "edtf": mention.parsed.edtf if mention.parsed else None,
                "earliest": mention.parsed.earliest.isoformat() if mention.parsed else None,
                "latest": mention.parsed.latest.isoformat() if mention.parsed else None,
                "label": mention.parsed.label if mention.parsed else None,
            }
            for mention in found.dates
        ],
        "events": [
            {
                "title": event.title,
                "date": event.date,
                "date_as_reported": event.date_as_reported,
                "place": candidate_json(event.place),
                "passage": {"start": event.passage_start, "end": event.passage_end},
            }
            for event in found.events
        ],
    }
