"""The matching events counted per place, as GeoJSON: what a map of many events draws.

One Feature per place, never one per event, so a map of 100,000 events loads a few thousand
small Features instead of tens of megabytes. It reads through the same path as every output:
Event.objects.visible_to(user), then EventFilter (so bad filters get the same 400); the count,
earliest and latest of a place are those of the events this reader may see and asked for.
The GROUP BY place reads the index event_place_chronology (place, visibility, earliest, ...).

With `months=true` each place also carries its counts by month: per pair of months its
events' earliest and latest possible days fall in, the first month (counted from the
collection's `months.zero`), the span to the last month, and how many events; so a client can
count any window of whole months itself, exactly: an event overlaps the months A..B when its
last month is not before A and its first month not after B. The explorer's brush redraws the
map from these without asking the server again.
"""

from __future__ import annotations

from django import forms
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Substr
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from places import geojson
from places.models import Place
from project.filters import StrictBooleanField
from project.renderers import JSONRenderer
from project.sql import IDS, in_ids
from timeline.filters import EventFilter
from timeline.models import Event, can_see_restricted
from timeline.reads import IsoDate

# The places of a few thousand groups at once: through the ORM's IN lookup this took longer
# than the GROUP BY itself (see project.sql.in_ids).
PLACES_SQL = (
    f"SELECT id, name, precision, longitude, latitude, geometry FROM {Place._meta.db_table} "
    f"WHERE id {IDS} ORDER BY id"
)


def month_of(field: str):
    """'YYYY-MM' of a date column, in the database, whatever PostgreSQL's DateStyle."""
    return Substr(IsoDate(field), 1, 7)


# A place's `months`: these numbers per cell, one cell after another in one flat list (as
# nested lists of ISO months it was much larger; bench/RESULTS.md, issue #19).
MONTH_CELL = ("first", "span", "count")


class PlacesParams(forms.Form):
    # The default widget would read "1" and junk alike as "not given".
    months = StrictBooleanField(required=False, widget=forms.TextInput)


class GeoJSONRenderer(JSONRenderer):
    media_type = geojson.MEDIA_TYPE
    format = "geojson"


class EventPlacesGeoJSONView(GenericAPIView):
    """Places with matching events: `count`, the `earliest` and `latest` possible days of
    their events, the place's name and precision; an area's geometry where the place has one.
    For readers who may see restricted events, `restricted` counts those among them."""

    filterset_class = EventFilter
    pagination_class = None
    options_class = PlacesParams
    renderer_classes = [GeoJSONRenderer, JSONRenderer]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user)

    @extend_schema(
        summary="Matching events counted per place, as a GeoJSON FeatureCollection",
        parameters=[
            OpenApiParameter(
                "months",
                bool,
                description="Also each place's counts by [first month, last month] of its "
                "events' possible dates (and restricted ones among them, for who may see them)",
            )
        ],
        responses={200: OpenApiTypes.OBJECT},
        filters=True,
    )
    def get(self, request, *args, **kwargs):
        params = self.options_class(request.query_params)
        if not params.is_valid():
            raise translate_validation(params.errors)
        with_months = bool(params.cleaned_data["months"])
        with_restricted = can_see_restricted(request.user)
        aggregates = {"count": Count("*"), "earliest": Min("earliest"), "latest": Max("latest")}
        if with_restricted:
            aggregates["restricted"] = Count("id", filter=Q(visibility=Event.Visibility.RESTRICTED))
        located = self.filter_queryset(self.get_queryset()).order_by().filter(place__isnull=False)
        collection = {"type": "FeatureCollection"}
        if with_months:
            per_place = by_place_and_months(located, aggregates, with_restricted)
            collection["months"] = months_relative(per_place, with_restricted)
        else:
            per_place = {
                row["place_id"]: row for row in located.values("place_id").annotate(**aggregates)
            }
        places = in_ids(PLACES_SQL, sorted(per_place))
        features, boxes = [], []
        for place_id, name, precision, longitude, latitude, geometry in places:
            location = geojson.location(longitude, latitude, geometry)
            if location is None:
                continue
            row = per_place[place_id]
            properties = {
                "place_id": place_id,
                "place_name": name,
                "place_precision": precision,
                "count": row["count"],
                "earliest": row["earliest"].isoformat(),
                "latest": row["latest"].isoformat(),
            }
            if with_restricted:
                properties["restricted"] = row["restricted"]
            if with_months:
                properties["months"] = row["months"]
            features.append(
                {"type": "Feature", "id": place_id, "geometry": location, "properties": properties}
            )
            if geometry:  # an area; a point's bounds are itself
                boxes.append(geojson.geometry_bounds(location))
            else:
                boxes.append((longitude, latitude, longitude, latitude))
        collection.update(bbox=geojson.merge_bounds(*boxes), features=features)
        return Response(collection)


def by_place_and_months(located, aggregates: dict, with_restricted: bool) -> dict[int, dict]:
    """Per place: the aggregates of the plain query, and `months`, its cells flattened (see
    MONTH_CELL), from one GROUP BY (place, first month, last month). Months are numbered from
    the year 0 here; the view makes them relative to the collection's first."""
    cells = (
        located.annotate(first=month_of("earliest"), last=month_of("latest"))
        .values_list("place_id", "first", "last")
        .annotate(**aggregates)
        .order_by("place_id", "first", "last")
    )
    number: dict[str, int] = {}  # a few hundred distinct months: each parsed once
    per_place: dict[int, dict] = {}
    for place_id, first, last, count, earliest, latest, *restricted in cells:
        row = per_place.get(place_id)
        if row is None:
            row = per_place[place_id] = {
                "count": 0,
                "restricted": 0,
                "earliest": earliest,
                "latest": latest,
                "months": [],
            }
        row["count"] += count
        row["earliest"] = min(row["earliest"], earliest)
        row["latest"] = max(row["latest"], latest)
        if first not in number:
            number[first] = int(first[:4]) * 12 + int(first[5:7]) - 1
        if last not in number:
            number[last] = int(last[:4]) * 12 + int(last[5:7]) - 1
        row["months"] += [number[first], number[last] - number[first], count, *restricted]
        if with_restricted:
            row["restricted"] += restricted[0]
    return per_place


def months_relative(per_place: dict[int, dict], with_restricted: bool) -> dict:
    """Number each place's months from the first month of them all; say so in the collection."""
    width = len(MONTH_CELL) + with_restricted
    firsts = [row["months"][0] for row in per_place.values()]  # each place's cells in order
    zero = min(firsts, default=0)
    for row in per_place.values():
        months = row["months"]
        months[::width] = [first - zero for first in months[::width]]
    return {
        "zero": f"{zero // 12:04d}-{zero % 12 + 1:02d}",
        "cell": [*MONTH_CELL, "restricted"] if with_restricted else list(MONTH_CELL),
    }
