from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from places import services
from places.models import Place, PlaceName
from project.serializers import related_id

GEOJSON_GEOMETRY = {
    "type": "object",
    "description": "A GeoJSON geometry (RFC 7946), longitude before latitude.",
    "properties": {
        "type": {
            "type": "string",
            "enum": [
                "Point",
                "MultiPoint",
                "LineString",
                "MultiLineString",
                "Polygon",
                "MultiPolygon",
            ],
        },
        "coordinates": {"type": "array", "items": {}},
    },
    "required": ["type", "coordinates"],
}


@extend_schema_field(GEOJSON_GEOMETRY)
class GeometryField(serializers.JSONField):
    """GeoJSON in, GeoJSON out; the model checks it with shapely."""


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
    names = PlaceNameSerializer(many=True, required=False)
    parent_id = related_id(
        Place.objects.all(), "place", source="parent", allow_null=True, required=False
    )
    latitude = serializers.FloatField(min_value=-90, max_value=90, allow_null=True, required=False)
    longitude = serializers.FloatField(
        min_value=-180, max_value=180, allow_null=True, required=False
    )
    geometry = GeometryField(allow_null=True, required=False)

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

    def create(self, validated_data):
        return services.place_create(**validated_data)

    def update(self, instance, validated_data):
        return services.place_update(instance, **validated_data)
