from django.db.models import Prefetch
from rest_framework import viewsets

from project.concurrency import ConditionalUpdateMixin
from timeline.filters import EventFilter
from timeline.models import Actor, Citation, Event, EventActor, Figure, Source
from timeline.serializers import ActorSerializer, EventSerializer, SourceSerializer


class EventViewSet(ConditionalUpdateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return (
            Event.objects.visible_to(self.request.user)
            .with_place()
            .prefetch_related(
                Prefetch("event_actors", EventActor.objects.select_related("actor")),
                Prefetch("citations", Citation.objects.select_related("source")),
                Prefetch("figures", Figure.objects.select_related("claimed_by")),
            )
            .chronological()
        )


class SourceViewSet(ConditionalUpdateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SourceSerializer
    queryset = Source.objects.order_by("published_earliest", "id")


class ActorViewSet(ConditionalUpdateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ActorSerializer
    queryset = Actor.objects.order_by("name", "id")
