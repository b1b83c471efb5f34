from rest_framework import serializers

from places.models import Place, PlaceName


class PlaceNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlaceName
        fields = ["id", "name", "language", "kind"]


class PlaceSummarySerializer(serializers.ModelSerializer):
    """A place as it appears inside another record."""

    class Meta:
        model = Place
        fields = ["id", "name", "latitude", "longitude"]


class PlaceSerializer(serializers.ModelSerializer):
    names = PlaceNameSerializer(many=True, read_only=True)
    parent_id = serializers.PrimaryKeyRelatedField(source="parent", read_only=True)

    class Meta:
        model = Place
        fields = [
            "id",
            "name",
            "kind",
            "parent_id",
            "country_code",
            "admin1",
            "latitude",
            "longitude",
            "geometry",
            "precision",
            "geonames_id",
            "geocode_provider",
            "geocode_query",
            "geocode_matched_name",
            "geocoded_at",
            "names",
            "notes",
            "created_at",
            "updated_at",
        ]
