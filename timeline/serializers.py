"""One serializer per resource, for reads and writes alike. Related records are written by id
(`place_id`, `source_id`, ...); nested lists are written in the shape they are read, and the
write itself goes through timeline.services."""

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from places.models import Place
from places.serializers import PlaceSummarySerializer
from project.serializers import related_id
from timeline import dates, phrases, services
from timeline.models import Actor, Citation, Event, EventActor, EventType, Figure, Source


def checked_edtf(value: str) -> str:
    """Check an EDTF date with the other fields, so that one 400 lists every problem.
    The model checks it again on save; this only reports it earlier."""
    if value:
        try:
            dates.parse(value)
        except dates.DateError as error:
            raise serializers.ValidationError(str(error)) from error
    return value


def parsed_phrase(value: str | None, ref=None):
    """A date phrase or EDTF, parsed (relative phrases count from `ref`); None when blank. A
    date it cannot read is a ValidationError with the parser's reason."""
    if value is None or not value.strip():
        return None
    try:
        return phrases.parse_phrase(value, ref)
    except dates.DateError as error:
        raise serializers.ValidationError(str(error)) from error


class SourceSerializer(serializers.ModelSerializer):
    copy_of_id = related_id(
        Source.objects.all(), "source", source="copy_of", allow_null=True, required=False
    )
    derived_from_id = related_id(
        Source.objects.all(), "source", source="derived_from", allow_null=True, required=False
    )
    published_label = serializers.CharField(read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "outlet",
            "title",
            "authors",
            "url",
            "published",
            "published_earliest",
            "published_latest",
            "published_label",
            "language",
            "kind",
            "copy_of_id",
            "derived_from_id",
            "notes",
            "created_at",
            "updated_at",
        ]

    def validate_published(self, value):
        return checked_edtf(value)

    def create(self, validated_data):
        return services.source_create(**validated_data)

    def update(self, instance, validated_data):
        return services.source_update(instance, **validated_data)


class ActorSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=100
    )

    class Meta:
        model = Actor
        fields = [
            "id",
            "name",
            "kind",
            "is_pseudonym",
            "aliases",
            "description",
            "created_at",
            "updated_at",
        ]

    def create(self, validated_data):
        return services.actor_create(**validated_data)

    def update(self, instance, validated_data):
        return services.actor_update(instance, **validated_data)


class EventActorSerializer(serializers.ModelSerializer):
    actor_id = related_id(Actor.objects.all(), "actor", source="actor")
    name = serializers.CharField(source="actor.name", read_only=True)
    kind = serializers.CharField(source="actor.kind", read_only=True)
    is_pseudonym = serializers.BooleanField(source="actor.is_pseudonym", read_only=True)

    class Meta:
        model = EventActor
        fields = ["actor_id", "name", "kind", "is_pseudonym", "role"]


class CitationSerializer(serializers.ModelSerializer):
    source_id = related_id(Source.objects.all(), "source", source="source")
    outlet = serializers.CharField(source="source.outlet", read_only=True)
    contradicts_id = related_id(
        Source.objects.all(), "source", source="contradicts", allow_null=True, required=False
    )

    class Meta:
        model = Citation
        fields = ["id", "source_id", "outlet", "supports", "contradicts_id", "location"]


class FigureSerializer(serializers.ModelSerializer):
    claimed_by_id = related_id(
        Actor.objects.all(), "actor", source="claimed_by", allow_null=True, required=False
    )
    claimed_by = serializers.CharField(
        source="claimed_by.name", read_only=True, allow_null=True, default=None
    )
    claimed_by_is_pseudonym = serializers.BooleanField(
        source="claimed_by.is_pseudonym", read_only=True, allow_null=True, default=None
    )
    source_id = related_id(Source.objects.all(), "source", source="source")

    class Meta:
        model = Figure
        fields = [
            "id",
            "counted",
            "value_min",
            "value_max",
            "qualifier",
            "stated",
            "claimed_by_id",
            "claimed_by",
            "claimed_by_is_pseudonym",
            "source_id",
            "notes",
        ]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An event with its actors, citations and figures",
            request_only=True,
            value={
                "title": "Refusers held at a base near Perevalsk",
                "type": "detention",
                "date": "2022-06~",
                "place_id": 12,
                "actors": [{"actor_id": 5, "role": "detained"}],
                "citations": [
                    {"source_id": 5, "supports": "Yuri describes the base.", "location": "para 4"}
                ],
                "figures": [
                    {
                        "counted": "soldiers held",
                        "value_min": 10,
                        "value_max": 20,
                        "qualifier": "range",
                        "claimed_by_id": 6,
                        "source_id": 5,
                    }
                ],
            },
        )
    ]
)
class EventSerializer(serializers.ModelSerializer):
    type = related_id(
        EventType.objects.all(),
        "event type",
        error_messages={
            "does_not_exist": "No event type '{pk_value}'.",
            "incorrect_type": "An event type is a slug such as 'battle', not {data_type}.",
        },
    )
    place_id = related_id(
        Place.objects.all(), "place", source="place", allow_null=True, required=False
    )
    place = PlaceSummarySerializer(read_only=True, allow_null=True)
    label = serializers.CharField(read_only=True)
    # Capped here too, so that an oversized list is refused before each item is validated.
    actors = EventActorSerializer(
        source="event_actors", many=True, required=False, max_length=settings.EVENT_MAX_NESTED_ITEMS
    )
    citations = CitationSerializer(
        many=True, required=False, max_length=settings.EVENT_MAX_NESTED_ITEMS
    )
    figures = FigureSerializer(
        many=True, required=False, max_length=settings.EVENT_MAX_NESTED_ITEMS
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "summary",
            "type",
            "date",
            "date_as_reported",
            "earliest",
            "latest",
            "precision",
            "approximate",
            "uncertain",
            "label",
            "place_id",
            "place",
            "location_note",
            "actors",
            "citations",
            "figures",
            "confidence",
            "visibility",
            "status",
            "created_at",
            "updated_at",
        ]

    def validate_date(self, value):
        return checked_edtf(value)

    def create(self, validated_data):
        return services.event_create(**self._service_arguments(validated_data))

    def update(self, instance, validated_data):
        return services.event_update(instance, **self._service_arguments(validated_data))

    @staticmethod
    def _service_arguments(validated_data: dict) -> dict:
        arguments = dict(validated_data)
        if "event_actors" in arguments:
            arguments["actors"] = arguments.pop("event_actors")
        return arguments
