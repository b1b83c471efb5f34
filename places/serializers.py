from rest_framework import serializers

from places.geocoding import MAX_LIMIT, MAX_QUERY_LENGTH
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
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    country_code = serializers.CharField()
    admin1 = serializers.CharField(help_text="First-level region")
    population = serializers.IntegerField(allow_null=True)
    score = serializers.FloatField(
        allow_null=True, help_text="Match quality in [0, 1], lowered when qualifiers disagree"
    )
    geonames_id = serializers.IntegerField(allow_null=True)
    place_id = serializers.IntegerField(
        allow_null=True, help_text="The Place with this geonames_id, if there is one"
    )
    provider = serializers.CharField(help_text="offline, nominatim, photon or pelias")


class GeocodeResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    results = GeocodeResultSerializer(many=True)
    attribution = serializers.CharField()
