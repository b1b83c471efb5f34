from rest_framework import viewsets

from places.filters import PlaceFilter
from places.models import Place
from places.serializers import PlaceSerializer


class PlaceViewSet(viewsets.ModelViewSet):
    """Places with their alternate names. A place with events or places inside it cannot be
    deleted (409)."""

    serializer_class = PlaceSerializer
    queryset = Place.objects.prefetch_related("names").order_by("name", "id")
    filterset_class = PlaceFilter
