"""Geometry checks for places and spatial filters. Pure module, no Django inside.

Everything is lon/lat (WGS 84), as RFC 7946 requires. Polygons are returned wound by the
right-hand rule (exterior counter-clockwise), so that what we store is what we export.
"""

from __future__ import annotations

import math

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

ALLOWED_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
MAX_VERTICES = 10_000

ERROR_NOT_OBJECT = "A geometry is a GeoJSON object with 'type' and 'coordinates'."
ERROR_TYPE = "Geometry type must be one of: " + ", ".join(ALLOWED_TYPES) + "."
ERROR_UNREADABLE = "The geometry could not be read: {reason}."
ERROR_NOT_FINITE = "Coordinates must be finite numbers."
ERROR_RANGE = "Coordinates must be longitude -180..180 and latitude -90..90, in that order."
ERROR_INVALID = "The geometry is not valid: {reason}."
ERROR_EMPTY = "The geometry is empty."
ERROR_TOO_MANY_VERTICES = "The geometry has more than {maximum} vertices."
ERROR_BBOX = "A bbox is four numbers: minLon,minLat,maxLon,maxLat."
ERROR_BBOX_ORDER = "A bbox's minimum must not exceed its maximum."
ERROR_POINT = "A point is two numbers: lon,lat."


class GeometryError(ValueError):
    """A geometry or bbox that cannot be used; the message is meant for the user."""


def check_lon_lat(longitude: float, latitude: float) -> None:
    """Raise GeometryError unless the pair is a finite lon/lat in range."""
    if not (math.isfinite(longitude) and math.isfinite(latitude)):
        raise GeometryError(ERROR_NOT_FINITE)
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise GeometryError(ERROR_RANGE)


def _orient(geometry):
    if geometry.geom_type == "Polygon":
        return orient(geometry, sign=1.0)
    if geometry.geom_type == "MultiPolygon":
        return shapely.MultiPolygon([orient(part, sign=1.0) for part in geometry.geoms])
    return geometry


def to_shape(value, *, max_vertices: int = MAX_VERTICES):
    """Return a valid shapely geometry for a GeoJSON dict, or raise GeometryError."""
    if not isinstance(value, dict) or "type" not in value:
        raise GeometryError(ERROR_NOT_OBJECT)
    if value.get("type") not in ALLOWED_TYPES:
        raise GeometryError(ERROR_TYPE)
    try:
        geometry = shape(value)
    except Exception as error:  # shapely raises several types for malformed input
        raise GeometryError(ERROR_UNREADABLE.format(reason=_short(error))) from error
    return _checked(geometry, max_vertices=max_vertices)


def from_wkt(text: str, *, max_vertices: int = MAX_VERTICES):
    """Return a valid shapely geometry for WKT text, or raise GeometryError."""
    try:
        geometry = shapely.from_wkt(text)
    except Exception as error:
        raise GeometryError(ERROR_UNREADABLE.format(reason=_short(error))) from error
    if geometry.geom_type not in ALLOWED_TYPES:
        raise GeometryError(ERROR_TYPE)
    return _checked(geometry, max_vertices=max_vertices)


def _checked(geometry, *, max_vertices: int):
    if geometry.is_empty:
        raise GeometryError(ERROR_EMPTY)
    if shapely.get_num_coordinates(geometry) > max_vertices:
        raise GeometryError(ERROR_TOO_MANY_VERTICES.format(maximum=max_vertices))
    coordinates = shapely.get_coordinates(geometry)
    if not all(math.isfinite(number) for number in coordinates.flat):
        raise GeometryError(ERROR_NOT_FINITE)
    minx, miny, maxx, maxy = geometry.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise GeometryError(ERROR_RANGE)
    if not geometry.is_valid:
        raise GeometryError(ERROR_INVALID.format(reason=shapely.is_valid_reason(geometry)))
    return _orient(geometry)


def normalize(value) -> dict:
    """Return the GeoJSON dict of a checked, right-hand-wound geometry."""
    return _as_geojson(to_shape(value))


def _as_geojson(geometry) -> dict:
    data = mapping(geometry)
    return {"type": data["type"], "coordinates": _lists(data["coordinates"])}


def _lists(value):
    if isinstance(value, (list, tuple)):
        return [_lists(item) for item in value]
    return value


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """Parse 'minLon,minLat,maxLon,maxLat' into floats, or raise GeometryError."""
    numbers = _numbers(text, 4, ERROR_BBOX)
    min_lon, min_lat, max_lon, max_lat = numbers
    check_lon_lat(min_lon, min_lat)
    check_lon_lat(max_lon, max_lat)
    if min_lon > max_lon or min_lat > max_lat:
        raise GeometryError(ERROR_BBOX_ORDER)
    return min_lon, min_lat, max_lon, max_lat


def parse_point(text: str) -> tuple[float, float]:
    """Parse 'lon,lat' into floats, or raise GeometryError."""
    longitude, latitude = _numbers(text, 2, ERROR_POINT)
    check_lon_lat(longitude, latitude)
    return longitude, latitude


def _numbers(text: str, count: int, message: str) -> list[float]:
    parts = str(text).split(",")
    if len(parts) != count:
        raise GeometryError(message)
    try:
        numbers = [float(part) for part in parts]
    except ValueError as error:
        raise GeometryError(message) from error
    if not all(math.isfinite(number) for number in numbers):
        raise GeometryError(ERROR_NOT_FINITE)
    return numbers


def _short(error: Exception) -> str:
    lines = str(error).splitlines()  # GEOS can raise with an empty message
    return (lines[0][:200] if lines else "") or type(error).__name__


EARTH_RADIUS_KM = 6371.0088


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    lon1, lat1, lon2, lat2 = map(math.radians, (lon1, lat1, lon2, lat2))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bbox_around(longitude: float, latitude: float, radius_km: float) -> tuple:
    """(minLon, minLat, maxLon, maxLat) that holds every point within radius_km of a point."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = math.cos(math.radians(latitude))
    dlon = 180.0 if cos_lat < 1e-6 else min(180.0, dlat / cos_lat)
    return (
        max(-180.0, longitude - dlon),
        max(-90.0, latitude - dlat),
        min(180.0, longitude + dlon),
        min(90.0, latitude + dlat),
    )
