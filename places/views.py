from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from places import geocoding
from places.filters import PlaceFilter
from places.models import Place
from places.serializers import (
    GeocodeQuerySerializer,
    GeocodeResponseSerializer,
    PlaceSerializer,
    ReverseQuerySerializer,
    ReverseResponseSerializer,
)
from project.concurrency import ConditionalUpdateMixin
from project.parameters import KnownParametersMixin


class PlaceViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet):
    """Places with their alternate names. A place with events or places inside it cannot be
    deleted (409)."""

    serializer_class = PlaceSerializer
    queryset = Place.objects.prefetch_related("names").order_by("name", "id")
    filterset_class = PlaceFilter


class GeocodeView(KnownParametersMixin, APIView):
    """Look a place name up in the gazetteer (or the configured online geocoder)."""

    permission_classes = [AllowAny]
    options_class = GeocodeQuerySerializer

    @extend_schema(
        operation_id="geocode",
        summary="Geocode a place name",
        description=(
            "Candidates for a place name in any common spelling or script, best first: ranked "
            "by agreement with trailing region/country qualifiers, then match quality, then "
            "population. Settlements, first-level regions and countries are all candidates. "
            "Each says how it matched and its score; `ambiguous` says when the first is not "
            "clearly the one meant. No match is a 200 with empty `results`. Offline data from "
            "GeoNames (CC BY 4.0)."
        ),
        parameters=[GeocodeQuerySerializer],
        responses={
            200: GeocodeResponseSerializer,
            400: OpenApiTypes.OBJECT,
            503: OpenApiTypes.OBJECT,
        },
        tags=["geocode"],
    )
    def get(self, request):
        params = self.options_class(data=request.query_params)
        params.is_valid(raise_exception=True)
        query, limit = params.validated_data["q"], params.validated_data["limit"]
        try:
            results, ambiguous = geocoding.lookup(query, limit=limit)
        except geocoding.GeocodingError as error:
            return Response({"detail": str(error)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response(
            {
                "query": query,
                "ambiguous": ambiguous,
                "results": results,
                "attribution": geocoding.attribution(),
            }
        )


class GeocodeReverseView(KnownParametersMixin, APIView):
    """The places nearest to a point, from the offline gazetteer."""

    permission_classes = [AllowAny]
    options_class = ReverseQuerySerializer

    @extend_schema(
        operation_id="geocode_reverse",
        summary="Reverse-geocode a point",
        description=(
            "The settlements nearest to a point (GeoNames places of 500+ people), nearest "
            "first with their distance, and the first-level region and country of the nearest "
            "one. Always answered offline, whatever geocoder is configured. A point with no "
            "place within about 1,300 km (open sea) gives empty `results`. Data from GeoNames "
            "(CC BY 4.0)."
        ),
        parameters=[ReverseQuerySerializer],
        responses={200: ReverseResponseSerializer, 400: OpenApiTypes.OBJECT},
        tags=["geocode"],
    )
    def get(self, request):
        params = self.options_class(data=request.query_params)
        params.is_valid(raise_exception=True)
        latitude, longitude = params.validated_data["lat"], params.validated_data["lon"]
        found = geocoding.reverse(latitude, longitude, limit=params.validated_data["limit"])
        return Response(
            {
                "latitude": latitude,
                "longitude": longitude,
                **found,
                "attribution": geocoding.ATTRIBUTIONS[geocoding.OFFLINE],
            }
        )
