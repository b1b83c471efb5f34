from collections.abc import Mapping

from django.db import transaction
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from project.concurrency import ConditionalUpdateMixin
from project.pagination import PagedRows
from project.parameters import (
    check_names,
    check_parameters,
    filterset_parameters,
    form_data,
    known_parameters,
)
from timeline import reports, representation, services
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
        check_parameters(request, known_parameters(self))  # the query string: pages only
        if not isinstance(request.data, Mapping):
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [ERROR_SEARCH_BODY]})
        check_names(request.data, filterset_parameters(EventFilter))
        events = self.get_queryset()
        filters = EventFilter(form_data(request.data), queryset=events, request=request)
        if not filters.is_valid():
            raise translate_validation(filters.errors)
        return self.list_rows(filters.qs)

    def list_rows(self, events):
        page = self.paginate_queryset(PagedRows(events, representation.event_rows(events)))
        return self.get_paginated_response(representation.event_items(page))

    def perform_create(self, serializer):
        user = self.request.user
        status = serializer.validated_data.get("status") or services.default_status(user)
        services.check_status_write(user, before=None, after=status)
        with transaction.atomic():
            serializer.save(status=status)
            services.check_visible_after_write(user, serializer.instance)

    def perform_update(self, serializer):
        user = self.request.user
        before = serializer.instance.status
        services.check_status_write(
            user, before=before, after=serializer.validated_data.get("status", before)
        )
        with transaction.atomic():
            serializer.save(reviewer=user)
            services.check_visible_after_write(user, serializer.instance)

    @extend_schema(
        operation_id="events_duplicates",
        summary="Events this one may repeat",
        description=(
            "The ids of events, among those you may see, that this one may repeat, the "
            "likeliest first: a place within 5 km, overlapping dates and a similar title "
            "(see Drafts and review in the docs). For reviewers deciding whether to publish a "
            "draft; a read like the detail, a 404 for an event you may not see."
        ),
        responses={
            200: inline_serializer(
                "PossibleDuplicates",
                {
                    "id": serializers.IntegerField(),
                    "possible_duplicates": serializers.ListField(child=serializers.IntegerField()),
                },
            )
        },
        filters=False,
    )
    @action(detail=True, methods=["get"])
    def duplicates(self, request, pk=None):
        event = self.get_object()
        return Response(
            {"id": event.pk, "possible_duplicates": reports.event_duplicates(request.user, event)}
        )

    @extend_schema(
        operation_id="events_publish",
        summary="Publish a draft",
        description=(
            "Makes a draft event published, recording who published it and when (the history "
            "keeps the change). Needs the permission timeline.publish_event (403 otherwise). "
            "A draft without a place or a date is refused with a 400 naming the field; an "
            "event that is already published is a 400 naming `status`."
        ),
        request=None,
        responses={200: EventSerializer},
    )
    # Signed-in users only; the service checks timeline.publish_event once the event is found,
    # so that an event the user may not see stays a 404.
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def publish(self, request, pk=None):
        event = self.get_object()
        with transaction.atomic():
            services.event_publish(event, user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=event.pk)).data)


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
