"""The timeline endpoints: the whole timeline, a place's (with the places inside it) and an
actor's. They read through the same path as the event list: `Event.objects.visible_to(user)`,
then EventFilter through DRF's DjangoFilterBackend (so bad filters get the same 400), then
`timeline/timeline.py` shapes the rows."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from places.models import Place
from project.pagination import PagedRows, PageNumberPagination
from project.renderers import JSONRenderer
from timeline import timeline
from timeline.filters import EventFilter
from timeline.models import Actor, Event

ERROR_FORMAT = "Use format=json or format=timelinejs."
ERROR_GROUP_WITH_TIMELINEJS = "TimelineJS takes the events themselves; leave out group."


class TimelineJSRenderer(JSONRenderer):
    """Selected by ?format=timelinejs; the view then answers with a TimelineJS3 document."""

    format = "timelinejs"


class BucketPagination(PageNumberPagination):
    """Grouped output pages through buckets; each lists at most `per_bucket` events, so a page
    holds at most max_page_size × TIMELINE_MAX_PER_BUCKET events."""

    page_size = 50
    max_page_size = 100


class TimelineParams(forms.Form):
    group = forms.ChoiceField(choices=[(p, p) for p in timeline.PERIODS], required=False)
    group_by = forms.ChoiceField(choices=[(g, g) for g in timeline.GROUP_BY], required=False)
    per_bucket = forms.IntegerField(
        min_value=0, max_value=settings.TIMELINE_MAX_PER_BUCKET, required=False
    )


class TimelineView(generics.GenericAPIView):
    """Events in date order: earliest possible day first, then from most to least precise.

    `group=day|week|month|year` returns buckets of the events known to fall inside each period,
    and `spanning` for those whose possible span crosses a boundary. `format=timelinejs` returns
    a TimelineJS3 document of every matching event, up to TIMELINE_EXPORT_MAX_EVENTS.
    """

    filterset_class = EventFilter
    pagination_class = PageNumberPagination
    options_class = TimelineParams
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, TimelineJSRenderer]
    http_method_names = ["get", "head", "options"]
    title = "Chronotope timeline"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The scope first: an unknown place or actor is a 404 on every method, before the
        # parameters are read.
        self.get_queryset()

    @cached_property
    def events(self):
        """The visible events this timeline covers, before the request's filters; memoised:
        initial() resolves it, and get() reads it again."""
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the schema
            return Event.objects.none()
        return self.scope(Event.objects.visible_to(self.request.user).chronological())

    def get_queryset(self):
        return self.events

    def scope(self, queryset):
        return queryset

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404 as error:
            raise ValidationError({"format": [ERROR_FORMAT]}) from error

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "timelinejs"],
                description="json (the default), or timelinejs for a TimelineJS3 document",
            ),
            OpenApiParameter("page", int, description="A page number within the results"),
            OpenApiParameter(
                "page_size",
                int,
                description="Events (or, with group, buckets) per page; default 50",
            ),
            OpenApiParameter("group", str, enum=timeline.PERIODS, description="Return buckets"),
            OpenApiParameter(
                "per_bucket", int, description="Events listed per bucket (count is complete)"
            ),
            OpenApiParameter(
                "group_by", str, enum=timeline.GROUP_BY, description="TimelineJS group"
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
        filters=True,  # not a list view to drf-spectacular, but it takes EventFilter's filters
    )
    def get(self, request, *args, **kwargs):
        params = self.options_class(request.query_params)
        if not params.is_valid():
            raise translate_validation(params.errors)
        options = params.cleaned_data
        as_timelinejs = request.accepted_renderer.format == TimelineJSRenderer.format
        if as_timelinejs and options["group"]:
            raise ValidationError({"group": [ERROR_GROUP_WITH_TIMELINEJS]})
        queryset = self.filter_queryset(self.get_queryset())
        if as_timelinejs:
            return Response(self.timelinejs(queryset, options["group_by"] or "type"))
        if options["group"]:
            per_bucket = options["per_bucket"]
            if per_bucket is None:
                per_bucket = settings.TIMELINE_DEFAULT_PER_BUCKET
            return self.grouped(queryset, options["group"], per_bucket)
        page = self.paginate_queryset(PagedRows(queryset, timeline.rows(queryset)))
        return self.get_paginated_response(timeline.items(page))

    def grouped(self, queryset, period: str, per_bucket: int):
        paginator = BucketPagination()
        all_counts, spanning_count = timeline.bucket_counts(queryset, period)
        counts = paginator.paginate_queryset(all_counts, self.request, view=self)
        buckets = timeline.buckets(queryset, period, counts, per_bucket)
        across = timeline.spanning(queryset, period).order_by(*timeline.CHRONOLOGICAL)
        across_rows = timeline.rows(across[:per_bucket]) if per_bucket else []
        body = paginator.get_paginated_response(buckets).data
        return Response(
            {
                "group": period,
                "per_bucket": per_bucket,
                **body,
                "spanning": {"count": spanning_count, "events": timeline.items(across_rows)},
            }
        )

    def timelinejs(self, queryset, group_by: str) -> dict:
        limit = settings.TIMELINE_EXPORT_MAX_EVENTS
        event_rows = list(timeline.rows(queryset)[:limit])
        total = len(event_rows) if len(event_rows) < limit else queryset.count()
        return timeline.timelinejs(
            event_rows, title=self.get_title(), total=total, limit=limit, group_by=group_by
        )

    def get_title(self) -> str:
        return self.title


class PlaceTimelineView(TimelineView):
    """The timeline of a place and of every place inside it."""

    def scope(self, queryset):
        self.place = get_object_or_404(Place, pk=self.kwargs["pk"])
        data = {"place": self.place.pk, "include_children": "true"}
        return EventFilter(data, queryset=queryset).qs

    def get_title(self) -> str:
        return f"Timeline: {self.place.name}"


class ActorTimelineView(TimelineView):
    """The timeline of the events an actor took part in."""

    def scope(self, queryset):
        self.actor = get_object_or_404(Actor, pk=self.kwargs["pk"])
        return EventFilter({"actor": self.actor.pk}, queryset=queryset).qs

    def get_title(self) -> str:
        return f"Timeline: {self.actor.name}"
