from rest_framework import viewsets

from places.models import Place
from places.serializers import PlaceSerializer
from project.concurrency import ConditionalUpdateMixin


class PlaceViewSet(ConditionalUpdateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PlaceSerializer
    queryset = Place.objects.prefetch_related("names").order_by("name", "id")
