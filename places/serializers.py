from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from places import services
from places.geocoding import MAX_LIMIT, MAX_QUERY_LENGTH
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


class GeocodeQuerySerializer(serializers.Serializer):
    """The geocoder's query parameters; bad ones become a 400 naming the parameter."""

    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH,
        trim_whitespace=True,
        help_text="A place name in any spelling or script, optionally with region and country "
        "qualifiers: 'Brianka, Lugansk region', 'Popasna (Luhansk Oblast, Ukraine)', 'Ізюм'.",
    )
    limit = serializers.IntegerField(
        min_value=1,
        max_value=MAX_LIMIT,
        default=5,
        help_text=f"How many candidates, 1–{MAX_LIMIT}.",
    )


class GeocodeResultSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The place's name in the gazetteer")
    matched_name = serializers.CharField(help_text="The name the query matched")
    match = serializers.ChoiceField(
        choices=["exact", "alternate", "former", "transliteration", "partial", "typo", "nearest"],
        allow_null=True,
        help_text="How the query matched: the place's main name (exact), another of its names "
        "in any language or script (alternate), a name it had before a renaming or a spelling "
        "of one (former), another spelling of one of its names (transliteration), "
        "the first word of a longer name (partial), a name one or two letters off (typo); "
        "nearest for reverse geocoding. Null from online geocoders.",
    )
    # Plain strings, not choices: Place has its own kind and precision enums of other values.
    kind = serializers.CharField(
        allow_null=True, help_text="What it is: settlement, region or country"
    )
    precision = serializers.CharField(
        allow_null=True,
        help_text="How exactly its point places an event: settlement (a town's own point), "
        "region or country (a point inside one)",
    )
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    country_code = serializers.CharField()
    admin1 = serializers.CharField(help_text="First-level region")
    population = serializers.IntegerField(allow_null=True)
    score = serializers.FloatField(
        allow_null=True, help_text="Match quality in [0, 1], lowered when qualifiers disagree"
    )
    distance_km = serializers.FloatField(
        allow_null=True, help_text="Reverse geocoding only: distance from the given point"
    )
    geonames_id = serializers.IntegerField(
        allow_null=True, help_text="GeoNames id of a settlement; null for regions and countries"
    )
    place_id = serializers.IntegerField(
        allow_null=True, help_text="The Place with this geonames_id, if there is one"
    )
    provider = serializers.CharField(help_text="offline, nominatim, photon or pelias")


class GeocodeResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    ambiguous = serializers.BooleanField(
        allow_null=True,
        help_text="True when another candidate is as likely as the first: pick from `results` "
        "rather than take the first. Null when an online geocoder answered.",
    )
    results = GeocodeResultSerializer(many=True)
    attribution = serializers.CharField()


class ReverseQuerySerializer(serializers.Serializer):
    """Reverse geocoding's query parameters; bad ones become a 400 naming the parameter."""

    lat = serializers.FloatField(min_value=-90, max_value=90, help_text="Latitude, WGS 84")
    lon = serializers.FloatField(min_value=-180, max_value=180, help_text="Longitude, WGS 84")
    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, default=5, help_text=f"How many places, 1–{MAX_LIMIT}."
    )


class AreaSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    country_code = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()


class ReverseResponseSerializer(serializers.Serializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    results = GeocodeResultSerializer(many=True, help_text="The nearest places, nearest first")
    region = AreaSerializer(
        allow_null=True, help_text="The first-level region of the nearest place"
    )
    country = AreaSerializer(allow_null=True, help_text="The country of the nearest place")
    attribution = serializers.CharField()
