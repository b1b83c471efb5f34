from django.db import transaction
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from project.concurrency import ConditionalUpdateMixin
from timeline.filters import ActorFilter, EventFilter, SourceFilter
from timeline.models import Actor, Event, Source
from timeline.serializers import ActorSerializer, EventSerializer, SourceSerializer

ERROR_RESTRICTED_WRITE = (
    "Only users who may view restricted events (permission timeline.view_restricted_event) "
    "may make an event restricted."
)


class EventViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet):
    """Events, with their actors, citations and figures. Restricted events exist only for users
    who may view them: for everyone else they are 404 on every method and absent from counts."""

    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).with_related().chronological()

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()
            self._check_still_visible(serializer.instance)

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()
            self._check_still_visible(serializer.instance)

    def _check_still_visible(self, event: Event) -> None:
        """No one writes an event they could not then read; the write rolls back."""
        if not Event.objects.visible_to(self.request.user).filter(pk=event.pk).exists():
            raise PermissionDenied(ERROR_RESTRICTED_WRITE)


class SourceViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet):
    """Reports. A source still cited by an event, or copied from, cannot be deleted (409)."""

    serializer_class = SourceSerializer
    queryset = Source.objects.order_by("published_earliest", "id")
    filterset_class = SourceFilter


class ActorViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet):
    """People, units, forces and organisations; `is_pseudonym` marks changed names."""

    serializer_class = ActorSerializer
    queryset = Actor.objects.order_by("name", "id")
    filterset_class = ActorFilter
