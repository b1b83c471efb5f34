"""Events for GIS tools: a GeoPackage (`events.gpkg`) and KML for Google Earth (`events.kml`).

Both carry the event table's columns (timeline/exports/table.py) as attributes, and the event id
twice: as the attribute `id`, which every conversion keeps, and as the feature's own id (the
GeoPackage's FID; the KML Placemark's id, `event-<id>`). Both filter exactly as the JSON list, on
the same visible_to() queryset, and leave out events without a location unless asked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Iterator

import numpy as np
import shapely
from django import forms
from django.db.models import Count, Max
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from pyogrio.raw import write as ogr_write
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView

from places import geojson
from project.filters import StrictBooleanField
from project.renderers import JSONRenderer
from project.tabular import FirstRendererNegotiation
from timeline.exports import kml, table
from timeline.exports.geojson import END_OF_DAY, START_OF_DAY, EventsGeoJSONView
from timeline.exports.table import utc
from timeline.filters import EventFilter
from timeline.models import Event

GPKG_MEDIA_TYPE = "application/geopackage+sqlite3"
FEATURE_COUNT_HEADER = "X-Feature-Count"
LAYER = "events"
CHUNK_SIZE = 5000  # per pyogrio write: each opens the file once

# Attribute types: what is not listed here is text.
INTEGERS = frozenset(
    {"id", "place_id", "source_count", "time_precision", "geo_precision", "iso", "timestamp"}
)
REALS = frozenset({"latitude", "longitude"})
DATES = frozenset({"earliest", "latest", "event_date"})
TIMES = ("start", "end")  # earliest at 00:00:00 and latest at 23:59:59 UTC, for time sliders


class GISOptionsForm(forms.Form):
    # TextInput: the default select widget turns unknown words into "unset" instead of an error.
    include_unlocated = StrictBooleanField(required=False, widget=forms.TextInput)
    download = StrictBooleanField(required=False, widget=forms.TextInput)


def documented_gis(media_type: str, *, summary: str):
    return extend_schema_view(
        get=extend_schema(
            summary=summary,
            description="Attributes: the event table's columns (see events.csv) and start, "
            "end; the event id is the attribute id and the feature's own id.",
            parameters=[
                OpenApiParameter(
                    "include_unlocated",
                    bool,
                    description="Also the events without a location, with no geometry",
                ),
                OpenApiParameter(
                    "download", bool, description="Send Content-Disposition: attachment"
                ),
            ],
            responses={(200, media_type): OpenApiTypes.BINARY, 400: OpenApiTypes.OBJECT},
            filters=True,
        )
    )


class EventsGISView(GenericAPIView):
    """The filtered events as one GIS file; subclasses write the format."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRendererNegotiation
    pagination_class = None
    filterset_class = EventFilter
    options_class = GISOptionsForm
    extension = ""

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).chronological()

    def get(self, request, *args, **kwargs):
        options = self.options_class(request.query_params)
        if not options.is_valid():
            raise ValidationError(options.errors)
        queryset = self.filter_queryset(self.get_queryset())
        if not options.cleaned_data["include_unlocated"]:
            queryset = queryset.filter(EventsGeoJSONView.located)
        stats = queryset.order_by().aggregate(count=Count("pk"), last_change=Max("updated_at"))
        count = stats["count"]
        self.last_change = stats["last_change"]
        columns = list(table.columns_for(request.user))
        url_prefix = request.build_absolute_uri(reverse("event-list"))
        chunks = table.table_chunks(
            queryset, [*columns, "place_geometry"], url_prefix=url_prefix, size=CHUNK_SIZE
        )
        response = self.respond(columns, chunks)
        response[FEATURE_COUNT_HEADER] = str(count)
        if options.cleaned_data["download"]:
            response["Content-Disposition"] = f'attachment; filename="events.{self.extension}"'
        return response

    def respond(self, columns: list[str], chunks: Iterator[list[list]]):
        raise NotImplementedError


def location(row: list, columns: list[str]) -> dict | None:
    """The event's GeoJSON geometry: its place's area if it has one, else its point."""
    return geojson.location(
        row[columns.index("longitude")], row[columns.index("latitude")], row[-1]
    )


def field_arrays(columns: list[str], rows: list[list]) -> tuple[list, list]:
    """Typed numpy arrays of the rows' attributes for pyogrio, and their null masks."""
    arrays, masks = [], []
    for index, name in enumerate(columns):
        values = [row[index] for row in rows]
        if name in INTEGERS:
            mask = np.array([value is None for value in values], dtype=bool)
            arrays.append(np.array([value or 0 for value in values], dtype=np.int64))
            masks.append(mask if mask.any() else None)
            continue
        if name in REALS:
            array = np.array([np.nan if value is None else value for value in values])
        elif name in DATES:
            array = np.array(values, dtype="datetime64[D]")
        else:
            array = np.array(values, dtype=object)
        arrays.append(array)
        masks.append(None)
    earliest, latest = arrays[columns.index("earliest")], arrays[columns.index("latest")]
    second = np.timedelta64(1, "s")
    arrays += [earliest.astype("datetime64[s]"), latest.astype("datetime64[s]") + 86399 * second]
    masks += [None, None]
    return arrays, masks


@documented_gis(GPKG_MEDIA_TYPE, summary="Events as a GeoPackage")
class EventsGeoPackageView(EventsGISView):
    extension = "gpkg"

    def respond(self, columns, chunks):
        handle, path = tempfile.mkstemp(suffix=".gpkg")
        os.close(handle)
        os.unlink(path)  # GDAL creates the file itself
        try:
            write_geopackage(path, columns, chunks, last_change=self.last_change)
            file = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
        finally:
            if os.path.exists(path):
                os.unlink(path)  # the open file stays readable until FileResponse closes it
        return FileResponse(file, content_type=GPKG_MEDIA_TYPE)


def write_geopackage(
    path: str, columns: list[str], chunks, *, last_change: dt.datetime | None
) -> None:
    """The GeoPackage, one pyogrio write per chunk so that memory stays one chunk; then each
    FID set to the event id, and the layer's last change to `last_change` (the events' latest
    updated_at) rather than the time of writing. GDAL writes a draft beside `path`, and SQLite's
    VACUUM INTO copies it to `path` compactly: GDAL's draft varies in how many transactions
    wrote it (a counter in the file's header), the copy does not, so the same events give the
    same bytes."""
    draft = f"{path.removesuffix('.gpkg')}.draft.gpkg"  # GDAL warns of any other extension
    try:
        _write_draft(draft, columns, chunks, last_change=last_change)
        with contextlib.closing(sqlite3.connect(draft)) as connection:
            connection.execute("VACUUM INTO ?", [path])
    finally:
        if os.path.exists(draft):
            os.unlink(draft)


def _write_draft(path: str, columns: list[str], chunks, *, last_change) -> None:
    place_index = columns.index("place_id")
    written = False
    for rows in chunks:
        geometries = {}  # per place: its events share it
        for row in rows:
            if row[place_index] not in geometries:
                shape = location(row, columns)
                geometries[row[place_index]] = (
                    shapely.to_wkb(shapely.geometry.shape(shape)) if shape else None
                )
        wkb = np.array([geometries[row[place_index]] for row in rows], dtype=object)
        _write_layer(path, columns, rows, wkb, append=written)
        written = True
    if not written:  # an empty match: the layer and its fields, no features
        _write_layer(path, columns, [], np.array([], dtype=object), append=False)
    set_fids_to_ids(path, last_change=utc(last_change) if last_change else EPOCH)


def _write_layer(path: str, columns: list[str], rows: list[list], wkb, *, append: bool) -> None:
    arrays, masks = field_arrays(columns, rows)
    ogr_write(
        path,
        geometry=wkb,
        field_data=arrays,
        field_mask=masks,
        fields=[*columns, *TIMES],
        layer=LAYER,
        driver="GPKG",
        geometry_type="Unknown",
        crs="EPSG:4326",
        dataset_options={"VERSION": "1.2"},  # what GDAL before 3.7 and older QGIS read
        # No R-tree: its triggers call GDAL's SQL functions, which the FID update below (plain
        # sqlite3) cannot; QGIS and GDAL build one on request.
        layer_options={"SPATIAL_INDEX": "NO"},
        append=append,
    )


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def set_fids_to_ids(path: str, *, last_change: dt.datetime) -> None:
    """Every feature's FID becomes its event id. pyogrio writes a GeoPackage's FIDs only in
    one call (a field named fid; appending with it fails), so the chunks get 1..n and the FID,
    the table's INTEGER PRIMARY KEY, is set here in two steps: no two rows ever share a key."""
    with sqlite3.connect(path) as connection:
        connection.execute(f'UPDATE "{LAYER}" SET fid = -id')
        connection.execute(f'UPDATE "{LAYER}" SET fid = -fid')
        connection.execute(
            "UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?",
            [last_change.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z", LAYER],
        )
    connection.close()


KML_TYPES = dict.fromkeys(INTEGERS, kml.INT) | dict.fromkeys(REALS, kml.DOUBLE)


@documented_gis(kml.MEDIA_TYPE, summary="Events as KML, for Google Earth's time slider")
class EventsKMLView(EventsGISView):
    extension = "kml"

    def respond(self, columns, chunks):
        return StreamingHttpResponse(
            (piece.encode() for piece in self.pieces(columns, chunks)),
            content_type=kml.MEDIA_TYPE,
        )

    @staticmethod
    def pieces(columns: list[str], chunks) -> Iterator[str]:
        fields = [(name, KML_TYPES.get(name, kml.STRING)) for name in columns]
        yield kml.header(LAYER, fields)
        index = {name: position for position, name in enumerate(columns)}
        for rows in chunks:
            yield "".join(
                kml.placemark(
                    placemark_id=f"event-{row[index['id']]}",
                    name=row[index["title"]],
                    description=row[index["summary"]],
                    begin=row[index["earliest"]] + START_OF_DAY,
                    end=row[index["latest"]] + END_OF_DAY,
                    values=[(name, _kml_value(row[position])) for name, position in index.items()],
                    shape=location(row, columns),
                )
                for row in rows
            )
        yield kml.FOOTER


def _kml_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value
