from django.db import transaction
from rest_framework import viewsets

from project.concurrency import ConditionalUpdateMixin
from project.pagination import PagedRows
from timeline import representation, services
from timeline.filters import ActorFilter, EventFilter, SourceFilter
from timeline.models import Actor, Event, Source
from timeline.serializers import ActorSerializer, EventSerializer, SourceSerializer


class EventViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet):
    """Events, with their actors, citations and figures. Restricted events exist only for users
    who may view them: for everyone else they are 404 on every method and absent from counts."""

    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        events = Event.objects.visible_to(self.request.user).chronological()
        if self.action == "list":
            return events  # read as rows, see list()
        return events.with_related()

    # No docstring: drf-spectacular would make it the list's description in the schema.
    def list(self, request, *args, **kwargs):
        # Items built from rows, not serializer instances: the same JSON, which
        # tests/timeline/test_representation.py checks, in a fraction of the time.
        events = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(PagedRows(events, representation.event_rows(events)))
        return self.get_paginated_response(representation.event_items(page))

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()
            services.check_visible_after_write(self.request.user, serializer.instance)

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()
            services.check_visible_after_write(self.request.user, serializer.instance)


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
