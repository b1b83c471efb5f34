"""Events as GeoJSON: a FeatureCollection (`events.geojson`), or one Feature per line
(`events.geojsonl`, or an RFC 8142 sequence by Accept), streamed in chunks.

The request handling, bbox and counting are the generic export's (places/geojson_views.py);
this module says what an event's Feature holds, from the read model's columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter

from django.db.models import Q
from django.urls import reverse

from places import geojson
from places.geojson_views import GeoJSONExportView, documented
from places.models import Place
from timeline import dates, reads
from timeline.filters import EventFilter
from timeline.models import Event, can_see_drafts, can_see_restricted

CHUNK_SIZE = 2000

# The read model's columns a Feature carries as properties, in this order, after the id (also
# the Feature's own: GIS conversions that renumber features keep the property); then start,
# end, label, actors, sources (their ids, as the CSV's column), source_count and url are
# derived; visibility is added for those who may see restricted events, and status for those
# who may see drafts.
PROPERTIES = (
    "title",
    "summary",
    "type",
    "date",
    "earliest",
    "latest",
    "precision",
    "place_id",
    "place_name",
    "place_precision",
    "location_note",
    "confidence",
)
LOCATION = ("place_longitude", "place_latitude", "place_geometry")
COLUMNS = ("id", *PROPERTIES, *LOCATION, "visibility", "status")

PSEUDONYM = " (pseudonym)"
START_OF_DAY = "T00:00:00Z"
END_OF_DAY = "T23:59:59Z"


def actors_label(actors: Iterable[dict]) -> str:
    """An event's actors as one string, 'Yuri (pseudonym); Russian armed forces': each name
    once, in the order added. Flat, since GIS tools show nested values as opaque text."""
    names = (actor["name"] + (PSEUDONYM if actor["is_pseudonym"] else "") for actor in actors)
    return geojson.LIST_SEPARATOR.join(dict.fromkeys(names))


def event_features(
    rows: Iterable[Sequence],
    *,
    actors: Mapping[int, list[dict]],
    sources: Mapping[int, list[int]],
    url_prefix: str,
    with_visibility: bool,
    with_status: bool,
    geometries: geojson.GeometryCache,
) -> list[dict]:
    """Features for one chunk of rows (tuples of COLUMNS).

    `actors` and `sources` (the ids cited) are keyed by event id; an event's URL is
    `url_prefix` (the absolute URL of the event list) plus '<id>/'. `geometries` keeps each place's encoded
    geometry for the events that follow at the same place (one GeometryCache per export)."""
    properties_of = itemgetter(*range(1, 1 + len(PROPERTIES)))
    location_of = itemgetter(*range(1 + len(PROPERTIES), 1 + len(PROPERTIES) + len(LOCATION)))
    place_index, earliest_index = COLUMNS.index("place_id"), COLUMNS.index("earliest")
    cached = geometries.items
    features = []
    for row in rows:
        event_id, place_id = row[0], row[place_index]
        if place_id is None:
            geometry = None
        elif place_id in cached:
            geometry = cached[place_id]
        else:
            geometry = geometries.add(place_id, geojson.location(*location_of(row)))
        properties = {"id": event_id}
        properties.update(zip(PROPERTIES, properties_of(row), strict=True))
        properties["start"] = row[earliest_index] + START_OF_DAY
        properties["end"] = properties["latest"] + END_OF_DAY
        properties["label"] = dates.stored_label(
            properties["date"],
            dt.date.fromisoformat(properties["earliest"]),
            dt.date.fromisoformat(properties["latest"]),
        )
        properties["actors"] = actors_label(actors.get(event_id, ()))
        cited = sources.get(event_id, ())
        properties["sources"] = geojson.LIST_SEPARATOR.join(map(str, cited))
        properties["source_count"] = len(cited)
        properties["url"] = f"{url_prefix}{event_id}/"
        if with_visibility:
            properties["visibility"] = row[-2]
        if with_status:
            properties["status"] = row[-1]
        features.append(
            {"type": "Feature", "id": event_id, "geometry": geometry, "properties": properties}
        )
    return features


@documented(geojson.MEDIA_TYPE, summary="Events as a GeoJSON FeatureCollection")
class EventsGeoJSONView(GeoJSONExportView):
    filterset_class = EventFilter
    filename = "events"
    located = Q(place__longitude__isnull=False) | Q(place__geometry__isnull=False)
    point_fields = ("place__longitude", "place__latitude")
    area_field = "place__geometry"

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).chronological()

    def area_geometries(self, queryset):
        return Place.objects.filter(
            geometry__isnull=False, pk__in=queryset.order_by().values("place_id")
        ).values_list("geometry", flat=True)

    def feature_chunks(self, queryset):
        # The rows' query is compiled now, before the response starts (see row_chunks).
        chunks = reads.chunks(queryset, COLUMNS, CHUNK_SIZE)
        return self.features(
            chunks,
            url_prefix=self.request.build_absolute_uri(reverse("event-list")),
            with_visibility=can_see_restricted(self.request.user),
            with_status=can_see_drafts(self.request.user),
        )

    @staticmethod
    def features(chunks, *, url_prefix: str, with_visibility: bool, with_status: bool):
        geometries = geojson.GeometryCache()
        for chunk in chunks:
            ids = [row[0] for row in chunk]
            yield event_features(
                chunk,
                actors=reads.actors_by_event(ids),
                sources=reads.source_ids_by_event(ids),
                url_prefix=url_prefix,
                with_visibility=with_visibility,
                with_status=with_status,
                geometries=geometries,
            )


@documented(
    geojson.LINES_MEDIA_TYPE,
    geojson.SEQUENCE_MEDIA_TYPE,
    summary="Events as newline-delimited GeoJSON, or an RFC 8142 sequence by Accept",
)
class EventsGeoJSONLinesView(EventsGeoJSONView):
    wants_lines = True
