"""The one FilterSet for events. The JSON list, the timeline and the GeoJSON export all filter
through EventFilter, after Event.objects.visible_to(user) has applied the visibility gate.
Every parameter's label is its description in the OpenAPI schema."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django_filters import rest_framework as filters

from places.filters import AreaField, BBoxFilter, LonLatField, place_ids_near, place_ids_within
from places.models import Place, PlaceName
from project.filters import (
    IdFilter,
    IsoDateFilter,
    SlugChoicesFilter,
    StrictBooleanFilter,
    TextSearchFilter,
    UpdatedSinceFilter,
)
from timeline.models import Actor, Citation, Event, EventActor, EventType, Source

ERROR_WINDOW = "'to' must not come before 'from'."
ERROR_RADIUS_WITHOUT_NEAR = "'radius_km' goes with 'near=lon,lat'."
ERROR_SPATIAL_CONFLICT = "Use only one of bbox, near and within."
ERROR_PUBLISHED_WINDOW = "'published_to' must not come before 'published_from'."


class SearchFilter(filters.CharFilter):
    """Title, summary, location note, and the place's name in any of its spellings."""

    def filter(self, qs, value):
        if not value:
            return qs
        place_ids = PlaceName.objects.filter(name__icontains=value).values("place_id")
        return qs.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(location_note__icontains=value)
            | Q(place__name__icontains=value)
            | Q(place_id__in=place_ids)
        )


class LonLatFilter(filters.CharFilter):
    field_class = LonLatField


class AreaFilter(filters.CharFilter):
    field_class = AreaField


class EventFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", ERROR_WINDOW)
        if data.get("radius_km") is not None and not data.get("near") and "near" not in self.errors:
            self.add_error("radius_km", ERROR_RADIUS_WITHOUT_NEAR)
        spatial = [name for name in ("bbox", "near", "within") if self.data.get(name)]
        if len(spatial) > 1:
            self.add_error(spatial[1], ERROR_SPATIAL_CONFLICT)
        return data


class ChronologicalOrderingFilter(filters.OrderingFilter):
    """Client ordering, always finished with id so that pages are stable."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value if param], "id")


class EventFilter(filters.FilterSet):
    # "from" and "to" are Python keywords, so they cannot be written as names in a class body.
    # The body's namespace is a dict, and django-filter declares every Filter it finds there.
    vars().update(
        {
            "from": IsoDateFilter(
                method="filter_from",
                label="Events that may have happened on or after this day (ISO date): "
                "their latest possible day is not before it",
            ),
            "to": IsoDateFilter(
                method="filter_to",
                label="Events that may have happened on or before this day (ISO date): "
                "their earliest possible day is not after it",
            ),
        }
    )
    # An event has one type: no DISTINCT, which made the database sort every match first.
    type = SlugChoicesFilter(
        queryset=EventType.objects.all(),
        to_field_name="slug",
        distinct=False,
        label="Event type slug (e.g. detention); repeat the parameter for several types",
    )
    place = IdFilter(
        queryset=Place.objects.all(),
        method="filter_place",
        label="Events at this place id (with include_children, also at the places inside it)",
    )
    include_children = StrictBooleanFilter(
        method="filter_nothing",
        label="true: with place, also the events at the places inside it (read by place)",
    )
    actor = IdFilter(
        queryset=Actor.objects.all(),
        field_name="event_actors__actor",
        method="filter_actor",
        label="Events involving this actor id",
    )
    source = IdFilter(
        queryset=Source.objects.all(),
        field_name="citations__source",
        method="filter_source",
        label="Events citing this source id",
    )
    confidence = filters.ChoiceFilter(
        choices=Event.Confidence.choices, label="How well the sources establish the event"
    )
    visibility = filters.ChoiceFilter(
        choices=Event.Visibility.choices,
        label="public or restricted (restricted events exist only for users who may see them)",
    )
    q = SearchFilter(
        max_length=settings.SEARCH_MAX_LENGTH,
        label="Text in the title, summary, location note or any name of the place",
    )
    bbox = BBoxFilter(
        label="Events whose place's point lies in this box: minLon,minLat,maxLon,maxLat "
        "(WGS 84 degrees); not with near or within"
    )
    near = LonLatFilter(
        method="filter_near",
        label="Events within radius_km of this point, lon,lat (WGS 84 degrees), by great-circle "
        "distance; not with bbox or within",
    )
    radius_km = filters.NumberFilter(
        method="filter_nothing",
        min_value=0.001,
        max_value=20000,
        label="With near: the radius in km (default 10; read by near)",
    )
    within = AreaFilter(
        method="filter_within",
        label="Events whose place's point lies inside this Polygon or MultiPolygon, as GeoJSON "
        "or WKT; not with bbox or near",
    )
    updated_since = UpdatedSinceFilter()
    ordering = ChronologicalOrderingFilter(
        fields=(("earliest", "earliest"), ("updated_at", "updated_at")),
        label="earliest, -earliest, updated_at or -updated_at (default: chronological)",
    )

    class Meta:
        model = Event
        fields = []
        form = EventFilterForm

    def filter_from(self, queryset, name, value):
        return queryset.overlapping(start=value)

    def filter_to(self, queryset, name, value):
        return queryset.overlapping(end=value)

    def filter_place(self, queryset, name, value):
        if self.form.cleaned_data.get("include_children"):
            return queryset.filter(place_id__in=Place.objects.descendant_ids(value.pk))
        return queryset.filter(place=value)

    def filter_actor(self, queryset, name, value):
        return queryset.filter(pk__in=EventActor.objects.filter(actor=value).values("event_id"))

    def filter_source(self, queryset, name, value):
        return queryset.filter(pk__in=Citation.objects.filter(source=value).values("event_id"))

    def filter_near(self, queryset, name, value):
        radius_km = self.form.cleaned_data.get("radius_km")
        if radius_km is None:
            radius_km = settings.NEAR_DEFAULT_RADIUS_KM
        return queryset.filter(place_id__in=place_ids_near(value, float(radius_km)))

    def filter_within(self, queryset, name, value):
        return queryset.filter(place_id__in=place_ids_within(value))

    def filter_nothing(self, queryset, name, value):
        """Parameters that another filter reads (include_children, radius_km)."""
        return queryset


class SourceFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and end < start:
            self.add_error("published_to", ERROR_PUBLISHED_WINDOW)
        return data


class SourceFilter(filters.FilterSet):
    q = TextSearchFilter(
        fields=("outlet", "title", "authors", "notes"),
        label="Text in outlet, title, authors or notes",
    )
    outlet = filters.CharFilter(
        lookup_expr="icontains", max_length=settings.SEARCH_MAX_LENGTH, label="Text in the outlet"
    )
    kind = filters.ChoiceFilter(choices=Source.Kind.choices, label="Kind of source")
    language = filters.CharFilter(lookup_expr="iexact", max_length=20, label="BCP 47 code")
    copy_of = IdFilter(queryset=Source.objects.all(), label="Copies of this source id")
    derived_from = IdFilter(queryset=Source.objects.all(), label="Sources derived from this id")
    published_from = IsoDateFilter(
        field_name="published_latest",
        lookup_expr="gte",
        label="Possibly published on or after this day (ISO date)",
    )
    published_to = IsoDateFilter(
        field_name="published_earliest",
        lookup_expr="lte",
        label="Possibly published on or before this day (ISO date)",
    )
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Source
        fields = []
        form = SourceFilterForm


class ActorFilter(filters.FilterSet):
    q = TextSearchFilter(
        fields=("name", "aliases", "description"), label="Text in name, aliases or description"
    )
    name = TextSearchFilter(fields=("name", "aliases"), label="Text in the name or an alias")
    kind = filters.ChoiceFilter(choices=Actor.Kind.choices, label="Kind of actor")
    is_pseudonym = StrictBooleanFilter(label="true: only changed names; false: only real names")
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Actor
        fields = []
