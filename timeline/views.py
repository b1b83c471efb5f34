from collections.abc import Mapping

from django.db import transaction
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.settings import api_settings

from project.concurrency import ConditionalUpdateMixin
from project.pagination import PagedRows
from timeline import representation, services
from timeline.filters import ActorFilter, EventFilter, SourceFilter
from timeline.models import Actor, Event, Source
from timeline.serializers import ActorSerializer, EventSerializer, SourceSerializer

ERROR_SEARCH_BODY = "The body must be a JSON object of filters, as the list's parameters."


class EventViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet):
    """Events, with their actors, citations and figures. Restricted events exist only for users
    who may view them: for everyone else they are 404 on every method and absent from counts."""

    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        events = Event.objects.visible_to(self.request.user).chronological()
        if self.action in ("list", "search"):
            return events  # read as rows, see list_rows()
        return events.with_related()

    # No docstring: drf-spectacular would make it the list's description in the schema.
    def list(self, request, *args, **kwargs):
        # Items built from rows, not serializer instances: the same JSON, which
        # tests/timeline/test_representation.py checks, in a fraction of the time.
        return self.list_rows(self.filter_queryset(self.get_queryset()))

    @extend_schema(
        operation_id="events_search",
        summary="The event list, filtered by a JSON body",
        description=(
            "The same filters as GET /api/v1/events/, given as a JSON object in the body, for "
            "those too long for a URL: a `within` polygon of up to WITHIN_MAX_VERTICES vertices "
            "(a GeoJSON object or WKT), or many `type`s as a list. `page` and `page_size` stay in "
            "the query string. A read: anyone may call it, and it sees what the list shows."
        ),
        request=OpenApiTypes.OBJECT,
        responses={200: EventSerializer(many=True)},
        filters=False,
    )
    @action(detail=False, methods=["post"], permission_classes=[AllowAny])
    def search(self, request):
        if not isinstance(request.data, Mapping):
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [ERROR_SEARCH_BODY]})
        events = self.get_queryset()
        filters = EventFilter(request.data, queryset=events, request=request)
        if not filters.is_valid():
            raise translate_validation(filters.errors)
        return self.list_rows(filters.qs)

    def list_rows(self, events):
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
