"""The matching events counted per place, as GeoJSON: what a map of many events draws.

One Feature per place, never one per event, so a map of 100,000 events loads a few thousand
small Features instead of tens of megabytes. It reads through the same path as every output:
Event.objects.visible_to(user), then EventFilter (so bad filters get the same 400); the count,
earliest and latest of a place are those of the events this reader may see and asked for.
The GROUP BY place reads the index event_place_chronology (place, visibility, earliest, ...).
"""

from __future__ import annotations

from django.db.models import Count, Max, Min, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from places import geojson
from places.models import Place
from project.renderers import JSONRenderer
from project.sql import IDS, in_ids
from timeline.filters import EventFilter
from timeline.models import Event, can_see_restricted

# The places of a few thousand groups at once: through the ORM's IN lookup this took longer
# than the GROUP BY itself (see project.sql.in_ids).
PLACES_SQL = (
    f"SELECT id, name, precision, longitude, latitude, geometry FROM {Place._meta.db_table} "
    f"WHERE id {IDS} ORDER BY id"
)


class GeoJSONRenderer(JSONRenderer):
    media_type = geojson.MEDIA_TYPE
    format = "geojson"


class EventPlacesGeoJSONView(GenericAPIView):
    """Places with matching events: `count`, the `earliest` and `latest` possible days of
    their events, the place's name and precision; an area's geometry where the place has one.
    For readers who may see restricted events, `restricted` counts those among them."""

    filterset_class = EventFilter
    pagination_class = None
    renderer_classes = [GeoJSONRenderer, JSONRenderer]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user)

    @extend_schema(
        summary="Matching events counted per place, as a GeoJSON FeatureCollection",
        responses={200: OpenApiTypes.OBJECT},
        filters=True,
    )
    def get(self, request, *args, **kwargs):
        with_restricted = can_see_restricted(request.user)
        aggregates = {"count": Count("*"), "earliest": Min("earliest"), "latest": Max("latest")}
        if with_restricted:
            aggregates["restricted"] = Count("id", filter=Q(visibility=Event.Visibility.RESTRICTED))
        per_place = {
            row["place_id"]: row
            for row in self.filter_queryset(self.get_queryset())
            .order_by()
            .filter(place__isnull=False)
            .values("place_id")
            .annotate(**aggregates)
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
            features.append(
                {"type": "Feature", "id": place_id, "geometry": location, "properties": properties}
            )
            if geometry:  # an area; a point's bounds are itself
                boxes.append(geojson.geometry_bounds(location))
            else:
                boxes.append((longitude, latitude, longitude, latitude))
        return Response(
            {
                "type": "FeatureCollection",
                "bbox": geojson.merge_bounds(*boxes),
                "features": features,
            }
        )
