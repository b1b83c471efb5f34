"""GeoJSON exports, streamed from the database in chunks: the generic export view, and the
places' own (`places.geojson`). The events' export builds on the same view on the timeline side.

Every export starts from the same queryset and filters as its JSON list, so nothing here decides
who sees what. Invalid parameters are a 400 before the first byte is streamed.

Why the bbox comes first: the unlocated count must go in a response header, so one aggregate
query runs before streaming anyway; the same query yields the points' bounds for free. Putting
the bbox in the collection header (RFC 7946 allows any member order) lets a streaming reader
size its map before the features arrive.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.db.models import Count, Max, Min, Q
from django.http import StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation

from places import geojson
from places.models import Place, PlaceName
from places.views import PlaceViewSet
from project.filters import StrictBooleanField
from project.renderers import JSONRenderer
from project.sql import in_ids, row_chunks

CHUNK_SIZE = 2000
UNLOCATED_HEADER = "X-Unlocated-Count"
FEATURE_COUNT_HEADER = "X-Feature-Count"
SEQUENCE_ACCEPT = (geojson.SEQUENCE_MEDIA_TYPE, "application/json-seq")


PLACE_FIELDS = list(geojson.PLACE_COLUMNS)


class ExportOptionsForm(forms.Form):
    # TextInput: the default select widget turns unknown words into "unset" instead of an error.
    include_unlocated = StrictBooleanField(required=False, widget=forms.TextInput)
    download = StrictBooleanField(required=False, widget=forms.TextInput)


class IgnoreAcceptNegotiation(DefaultContentNegotiation):
    """Errors are always JSON; the export picks its own media type from Accept."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


EXPORT_PARAMETERS = [
    OpenApiParameter(
        "include_unlocated", bool, description="Also the records without a location, geometry null"
    ),
    OpenApiParameter("download", bool, description="Send Content-Disposition: attachment"),
]


def documented(*media_types: str, summary: str):
    """OpenAPI for an export: the list's filters, the export options, a GeoJSON body."""
    responses = {(200, media_type): OpenApiTypes.OBJECT for media_type in media_types}
    responses[400] = OpenApiTypes.OBJECT
    return extend_schema_view(
        get=extend_schema(
            summary=summary, parameters=EXPORT_PARAMETERS, responses=responses, filters=True
        )
    )


class GeoJSONExportView(GenericAPIView):
    """A FeatureCollection (or a sequence) of one resource, filtered as its JSON list."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = IgnoreAcceptNegotiation
    pagination_class = None
    options_class = ExportOptionsForm
    filename = "export"
    located = Q()
    point_fields = ("longitude", "latitude")
    area_field = "geometry"

    def get(self, request, *args, **kwargs):
        options = self.options_class(request.query_params)
        if not options.is_valid():
            raise ValidationError(options.errors)
        include_unlocated = bool(options.cleaned_data["include_unlocated"])
        queryset = self.filter_queryset(self.get_queryset())

        longitude, latitude = self.point_fields
        points_only = Q(**{f"{self.area_field}__isnull": True})
        stats = queryset.order_by().aggregate(
            total=Count("pk"),
            located=Count("pk", filter=self.located),
            min_lon=Min(longitude, filter=points_only),
            min_lat=Min(latitude, filter=points_only),
            max_lon=Max(longitude, filter=points_only),
            max_lat=Max(latitude, filter=points_only),
        )
        areas = self.area_geometries(queryset)
        bbox = geojson.merge_bounds(
            (stats["min_lon"], stats["min_lat"], stats["max_lon"], stats["max_lat"]),
            *(geojson.geometry_bounds(area) for area in areas),
        )
        unlocated = stats["total"] - stats["located"]
        if not include_unlocated:
            queryset = queryset.filter(self.located)

        chunks = self.feature_chunks(queryset)
        if self.wants_lines:
            sequence = self.wants_sequence(request)
            body = geojson.lines(chunks, record_separator=sequence)
            content_type = geojson.SEQUENCE_MEDIA_TYPE if sequence else geojson.LINES_MEDIA_TYPE
            extension = "geojsons" if sequence else "geojsonl"
        else:
            body = geojson.collection(chunks, bbox=bbox)
            content_type = geojson.MEDIA_TYPE
            extension = "geojson"
        response = StreamingHttpResponse(body, content_type=content_type)
        response[UNLOCATED_HEADER] = str(unlocated)
        response[FEATURE_COUNT_HEADER] = str(
            stats["total"] if include_unlocated else stats["located"]
        )
        if self.wants_lines:
            response["Vary"] = "Accept"
        if options.cleaned_data["download"]:
            response["Content-Disposition"] = f'attachment; filename="{self.filename}.{extension}"'
        return response

    wants_lines = False

    @staticmethod
    def wants_sequence(request) -> bool:
        accept = request.META.get("HTTP_ACCEPT", "")
        media_types = {part.split(";")[0].strip().lower() for part in accept.split(",")}
        return any(media_type in media_types for media_type in SEQUENCE_ACCEPT)

    def area_geometries(self, queryset):
        """The distinct area geometries in the export (few: one per place, not per row)."""
        raise NotImplementedError

    def feature_chunks(self, queryset):
        """Lists of Features, one per chunk of rows. Whatever can fail (compiling the query)
        happens when this is called, before the response starts; the chunks come lazily."""
        raise NotImplementedError


@documented(geojson.MEDIA_TYPE, summary="Places as a GeoJSON FeatureCollection")
class PlacesGeoJSONView(GeoJSONExportView):
    # The place list's own filters, whatever they are, so both outputs filter alike.
    filter_backends = PlaceViewSet.filter_backends
    filterset_class = getattr(PlaceViewSet, "filterset_class", None)
    filterset_fields = getattr(PlaceViewSet, "filterset_fields", None)
    filename = "places"
    located = Q(longitude__isnull=False) | Q(geometry__isnull=False)

    def get_queryset(self):
        return Place.objects.order_by("name", "id")

    def area_geometries(self, queryset):
        return queryset.filter(geometry__isnull=False).order_by().values_list("geometry", flat=True)

    def feature_chunks(self, queryset):
        # The rows' query is compiled now, before the response starts (see row_chunks).
        chunks = row_chunks(queryset.values_list(*PLACE_FIELDS), len(PLACE_FIELDS), CHUNK_SIZE)
        url_prefix = self.request.build_absolute_uri(reverse("place-list"))
        return (
            geojson.place_features(
                chunk,
                alternate_names=_alternate_names([row[0] for row in chunk]),
                url_prefix=url_prefix,
            )
            for chunk in chunks
        )


NAMES_SQL = f"SELECT place_id, name FROM {PlaceName._meta.db_table} WHERE place_id IN ({{ids}})"


def _alternate_names(ids) -> dict[int, str]:
    grouped = defaultdict(list)
    for place_id, name in in_ids(NAMES_SQL, ids):
        grouped[place_id].append(name)
    return {place_id: geojson.names_label(names) for place_id, names in grouped.items()}
