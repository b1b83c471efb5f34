"""The one FilterSet for events. The JSON list, the timeline and the GeoJSON export all filter
through EventFilter, after Event.objects.visible_to(user) has applied the visibility gate."""

from __future__ import annotations

import json
import math

import shapely
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from places import geometry
from places.models import Place, PlaceName
from project.filtering import FilterSet
from timeline.models import Actor, Citation, Event, EventActor, EventType, Source

EARTH_RADIUS_KM = 6371.0088

ERROR_WINDOW = "'to' must not come before 'from'."
ERROR_RADIUS_WITHOUT_NEAR = "'radius_km' goes with 'near=lon,lat'."
ERROR_WITHIN = "'within' takes a GeoJSON Polygon or MultiPolygon, or the same as WKT."
ERROR_BOOLEAN = "Use true or false."
ERROR_SPATIAL_CONFLICT = "Use only one of bbox, near and within."
ERROR_PUBLISHED_WINDOW = "'published_to' must not come before 'published_from'."


def user_error(error: Exception) -> ValidationError:
    """A ValidationError for a message that may quote the user's input: a '%' in it must not be
    read as a format directive (django-filter formats messages with their params)."""
    return ValidationError("%(message)s", params={"message": str(error)})


class StrictBooleanField(forms.NullBooleanField):
    """true/false/1/0/yes/no; anything else is an error, not silently 'unset'."""

    TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(ERROR_BOOLEAN)

    def validate(self, value):
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)  # the default widget turns junk into None
        super().__init__(*args, **kwargs)


class BBoxField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return geometry.parse_bbox(value)
        except geometry.GeometryError as error:
            raise user_error(error) from error


class LonLatField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return geometry.parse_point(value)
        except geometry.GeometryError as error:
            raise user_error(error) from error


class AreaField(forms.CharField):
    """A polygon as GeoJSON (object or Feature) or WKT, checked by places.geometry."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        max_vertices = settings.WITHIN_MAX_VERTICES
        try:
            if value.lstrip().startswith("{"):
                try:
                    data = json.loads(value)
                except ValueError as error:
                    raise geometry.GeometryError(ERROR_WITHIN) from error
                if isinstance(data, dict) and data.get("type") == "Feature":
                    data = data.get("geometry")
                area = geometry.to_shape(data, max_vertices=max_vertices)
            else:
                area = geometry.from_wkt(value, max_vertices=max_vertices)
        except geometry.GeometryError as error:
            raise user_error(error) from error
        if area.geom_type not in ("Polygon", "MultiPolygon"):
            raise ValidationError(ERROR_WITHIN)
        return area


@extend_schema_field(OpenApiTypes.STR)
class BBoxFilter(filters.Filter):
    field_class = BBoxField

    def filter(self, qs, value):
        return qs.in_bbox(value) if value else qs


@extend_schema_field(OpenApiTypes.STR)
class WithinFilter(filters.Filter):
    """Events whose place's point lies inside a polygon."""

    field_class = AreaField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(place_id__in=place_ids_within(value))


@extend_schema_field(OpenApiTypes.STR)
class NearFilter(filters.Filter):
    """Events within radius_km (default 10) of lon,lat, by great-circle distance."""

    field_class = LonLatField

    def filter(self, qs, value):
        if value is None:
            return qs
        radius_km = self.parent.form.cleaned_data.get("radius_km")
        radius_km = float(radius_km) if radius_km is not None else settings.NEAR_DEFAULT_RADIUS_KM
        return qs.filter(place_id__in=place_ids_near(value, radius_km))


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.ModelChoiceFilter):
    """A related record by id; an unknown id is a 400, not an empty list."""


class TextSearchFilter(filters.CharFilter):
    """Case-insensitive text in any of the record's own `fields`."""

    def __init__(self, *args, fields: tuple[str, ...], **kwargs):
        kwargs.setdefault("max_length", settings.SEARCH_MAX_LENGTH)
        super().__init__(*args, **kwargs)
        self.fields = fields

    def condition(self, value: str) -> Q:
        condition = Q()
        for field in self.fields:
            condition |= Q(**{f"{field}__icontains": value})
        return condition

    def filter(self, qs, value):
        return qs.filter(self.condition(value)) if value else qs


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


def place_ids_within(area) -> list[int]:
    """Ids of places whose point lies in a shapely area; SQL narrows to its bounds first."""
    rows = list(
        Place.objects.located().in_bbox(area.bounds).values_list("id", "longitude", "latitude")
    )
    if not rows:
        return []
    ids, longitudes, latitudes = zip(*rows, strict=True)
    inside = shapely.contains_xy(area, longitudes, latitudes)
    return [place_id for place_id, hit in zip(ids, inside, strict=True) if hit]


def place_ids_near(point: tuple[float, float], radius_km: float) -> list[int]:
    """Ids of places within radius_km of (lon, lat); SQL narrows to a bounding box first."""
    longitude, latitude = point
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = math.cos(math.radians(latitude))
    dlon = 180.0 if cos_lat < 1e-6 else min(180.0, dlat / cos_lat)
    bbox = (
        max(-180.0, longitude - dlon),
        max(-90.0, latitude - dlat),
        min(180.0, longitude + dlon),
        min(90.0, latitude + dlat),
    )
    rows = Place.objects.located().in_bbox(bbox).values_list("id", "longitude", "latitude")
    return [
        place_id
        for place_id, lon, lat in rows
        if haversine_km(longitude, latitude, lon, lat) <= radius_km
    ]


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (lon1, lat1, lon2, lat2))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


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


class EventFilter(FilterSet):
    date_from = filters.DateFilter(
        field_name="latest",
        lookup_expr="gte",
        label="Events possibly on or after this day (ISO date)",
    )
    date_to = filters.DateFilter(
        field_name="earliest",
        lookup_expr="lte",
        label="Events possibly on or before this day (ISO date)",
    )
    type = filters.ModelMultipleChoiceFilter(
        queryset=EventType.objects.all(),
        to_field_name="slug",
        label="Event type slug; repeat for several",
    )
    place = IdFilter(queryset=Place.objects.all(), method="filter_place", label="Place id")
    include_children = StrictBooleanFilter(
        method="filter_nothing", label="With place: also the places inside it"
    )
    actor = IdFilter(queryset=Actor.objects.all(), method="filter_actor", label="Actor id")
    source = IdFilter(queryset=Source.objects.all(), method="filter_source", label="Source id")
    confidence = filters.ChoiceFilter(choices=Event.Confidence.choices)
    visibility = filters.ChoiceFilter(choices=Event.Visibility.choices)
    q = SearchFilter(
        max_length=settings.SEARCH_MAX_LENGTH,
        label="Text in title, summary, location note or any name of the place",
    )
    bbox = BBoxFilter(label="minLon,minLat,maxLon,maxLat")
    near = NearFilter(label="lon,lat; with radius_km")
    radius_km = filters.NumberFilter(
        method="filter_nothing",
        min_value=0.001,
        max_value=20000,
        label="Radius for near, in km (default 10)",
    )
    within = WithinFilter(label="GeoJSON or WKT Polygon/MultiPolygon")
    ordering = ChronologicalOrderingFilter(
        fields=(("earliest", "earliest"), ("updated_at", "updated_at")),
        label="earliest, -earliest, updated_at or -updated_at",
    )

    class Meta:
        model = Event
        fields = []
        form = EventFilterForm

    def filter_place(self, queryset, name, value):
        if self.form.cleaned_data.get("include_children"):
            return queryset.filter(place_id__in=Place.objects.descendant_ids(value.pk))
        return queryset.filter(place=value)

    def filter_actor(self, queryset, name, value):
        return queryset.filter(pk__in=EventActor.objects.filter(actor=value).values("event_id"))

    def filter_source(self, queryset, name, value):
        return queryset.filter(pk__in=Citation.objects.filter(source=value).values("event_id"))

    def filter_nothing(self, queryset, name, value):
        """Parameters read by other filters (include_children, radius_km)."""
        return queryset


# "from" and "to" are Python keywords, so they are declared under other names and renamed here.
EventFilter.base_filters["from"] = EventFilter.base_filters.pop("date_from")
EventFilter.base_filters["to"] = EventFilter.base_filters.pop("date_to")


class SourceFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and end < start:
            self.add_error("published_to", ERROR_PUBLISHED_WINDOW)
        return data


class SourceFilter(FilterSet):
    q = TextSearchFilter(
        fields=("outlet", "title", "authors", "notes"),
        label="Text in outlet, title, authors or notes",
    )
    outlet = filters.CharFilter(
        lookup_expr="icontains", max_length=settings.SEARCH_MAX_LENGTH, label="Text in the outlet"
    )
    kind = filters.ChoiceFilter(choices=Source.Kind.choices)
    language = filters.CharFilter(lookup_expr="iexact", max_length=20, label="BCP 47 code")
    copy_of = IdFilter(queryset=Source.objects.all(), label="Copies of this source id")
    derived_from = IdFilter(queryset=Source.objects.all(), label="Sources derived from this id")
    published_from = filters.DateFilter(
        field_name="published_latest",
        lookup_expr="gte",
        label="Possibly published on or after this day (ISO date)",
    )
    published_to = filters.DateFilter(
        field_name="published_earliest",
        lookup_expr="lte",
        label="Possibly published on or before this day (ISO date)",
    )

    class Meta:
        model = Source
        fields = []
        form = SourceFilterForm


class ActorFilter(FilterSet):
    q = TextSearchFilter(
        fields=("name", "aliases", "description"), label="Text in name, aliases or description"
    )
    name = TextSearchFilter(fields=("name", "aliases"), label="Text in the name or an alias")
    kind = filters.ChoiceFilter(choices=Actor.Kind.choices)
    is_pseudonym = StrictBooleanFilter(label="true: only changed names; false: only real names")

    class Meta:
        model = Actor
        fields = []
