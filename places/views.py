from rest_framework import viewsets

from places.models import Place
from places.serializers import PlaceSerializer


class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlaceSerializer
    queryset = Place.objects.prefetch_related("names").order_by("name", "id")
