"""Filters for places, and the spatial filter fields every located record shares: a bbox, a
point with a radius, an area. Bad geometry is a form error (a 400 naming the parameter)."""

from __future__ import annotations

import json

import shapely
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django_filters import rest_framework as filters

from places import geometry
from places.models import Place, PlaceName
from project.filters import IdFilter, TextSearchFilter, UpdatedSinceFilter, user_error

ERROR_WITHIN = "'within' takes a GeoJSON Polygon or MultiPolygon, or the same as WKT."


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
        if isinstance(value, dict):  # a JSON body (POST …/search/) carries the object itself
            value = json.dumps(value)
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


class BBoxFilter(filters.CharFilter):
    """Records whose point lies in minLon,minLat,maxLon,maxLat (the queryset's `in_bbox`)."""

    field_class = BBoxField

    def filter(self, qs, value):
        return qs.in_bbox(value) if value else qs


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
    rows = Place.objects.located().in_bbox(geometry.bbox_around(longitude, latitude, radius_km))
    return [
        place_id
        for place_id, lon, lat in rows.values_list("id", "longitude", "latitude")
        if geometry.haversine_km(longitude, latitude, lon, lat) <= radius_km
    ]


class PlaceNameFilter(TextSearchFilter):
    """Text in the place's own fields (`name` by default) or in any of its alternate names, in
    any script."""

    def __init__(self, *args, fields: tuple[str, ...] = ("name",), **kwargs):
        super().__init__(*args, fields=fields, **kwargs)

    def condition(self, value: str) -> Q:
        alternate = PlaceName.objects.filter(name__icontains=value).values("place_id")
        return super().condition(value) | Q(pk__in=alternate)


class PlaceFilter(filters.FilterSet):
    name = PlaceNameFilter(label="Text in the name or an alternate name, in any script")
    q = PlaceNameFilter(
        fields=("name", "admin1", "notes"),
        label="Text in any name, the region (admin1) or the notes",
    )
    kind = filters.ChoiceFilter(choices=Place.Kind.choices, label="Kind of place")
    country_code = filters.CharFilter(
        lookup_expr="iexact", max_length=2, label="ISO 3166-1 alpha-2 country code, e.g. UA"
    )
    admin1 = filters.CharFilter(
        lookup_expr="iexact", max_length=100, label="First-level region, e.g. Luhansk"
    )
    parent = IdFilter(queryset=Place.objects.all(), label="Places directly inside this place id")
    bbox = BBoxFilter(
        label="Places whose point lies in this box: minLon,minLat,maxLon,maxLat (WGS 84 degrees)"
    )
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Place
        fields = []
