from rest_framework import serializers

from places.serializers import PlaceSummarySerializer
from timeline.models import Actor, Citation, Event, EventActor, Figure, Source


class SourceSerializer(serializers.ModelSerializer):
    copy_of_id = serializers.PrimaryKeyRelatedField(source="copy_of", read_only=True)
    derived_from_id = serializers.PrimaryKeyRelatedField(source="derived_from", read_only=True)

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
            "language",
            "kind",
            "copy_of_id",
            "derived_from_id",
            "notes",
            "created_at",
            "updated_at",
        ]


class ActorSerializer(serializers.ModelSerializer):
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


class EventActorSerializer(serializers.ModelSerializer):
    actor_id = serializers.IntegerField(source="actor.id", read_only=True)
    name = serializers.CharField(source="actor.name", read_only=True)
    kind = serializers.CharField(source="actor.kind", read_only=True)
    is_pseudonym = serializers.BooleanField(source="actor.is_pseudonym", read_only=True)

    class Meta:
        model = EventActor
        fields = ["actor_id", "name", "kind", "is_pseudonym", "role"]


class CitationSerializer(serializers.ModelSerializer):
    source_id = serializers.IntegerField(read_only=True)
    outlet = serializers.CharField(source="source.outlet", read_only=True)
    contradicts_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Citation
        fields = ["id", "source_id", "outlet", "supports", "contradicts_id", "location"]


class FigureSerializer(serializers.ModelSerializer):
    claimed_by_id = serializers.IntegerField(read_only=True, allow_null=True)
    claimed_by = serializers.CharField(
        source="claimed_by.name", read_only=True, allow_null=True, default=None
    )
    source_id = serializers.IntegerField(read_only=True)

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
            "source_id",
            "notes",
        ]


class EventSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="type_id", read_only=True)
    place = PlaceSummarySerializer(read_only=True, allow_null=True)
    label = serializers.CharField(read_only=True)
    actors = EventActorSerializer(source="event_actors", many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    figures = FigureSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "summary",
            "type",
            "date",
            "earliest",
            "latest",
            "precision",
            "approximate",
            "uncertain",
            "label",
            "place",
            "location_note",
            "actors",
            "citations",
            "figures",
            "confidence",
            "visibility",
            "created_at",
            "updated_at",
        ]
