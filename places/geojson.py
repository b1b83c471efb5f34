"""GeoJSON writing: database rows in, RFC 7946 bytes out, one chunk at a time. Pure module,
no Django inside.

What mapping tools need, and why each rule is here:

- RFC 7946: lon,lat order; no `crs`; coordinates rounded to 6 decimals (about 0.1 m, more than
  any place here is known to); polygons wound by the right-hand rule (places.geometry stores
  them so; rounding keeps the winding).
- Flat properties, scalars only: QGIS and kepler.gl turn nested objects into opaque strings.
- `start`/`end` as ISO datetimes so that time-enabled tools (kepler.gl, QGIS's temporal
  controller) animate without a field calculator; `earliest`/`latest` stay plain dates.
- A stable numeric `id` on every Feature: the record's primary key, so the same event has the
  same id in every export, and GDAL takes it as the feature id (FID).

Rows come as tuples (a place's in PLACE_COLUMNS order; other records' features are built by
their own exports with GeometryCache, location() and the writers below).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import orjson

DECIMALS = 6
# An export keeps each place's encoded geometry for the events that follow at the same place,
# up to this many bytes; then it starts afresh, so memory stays bounded whatever the places.
GEOMETRY_CACHE_BYTES = 8 * 1024 * 1024
MEDIA_TYPE = "application/geo+json"
SEQUENCE_MEDIA_TYPE = "application/geo+json-seq"  # RFC 8142: RS before, LF after each text
LINES_MEDIA_TYPE = "application/x-ndjson"  # one Feature per line: newline-delimited JSON
RECORD_SEPARATOR = b"\x1e"

PLACE_COLUMNS = (
    "id",
    "name",
    "kind",
    "country_code",
    "admin1",
    "precision",
    "geonames_id",
    "parent_id",
    "longitude",
    "latitude",
    "geometry",
)

LIST_SEPARATOR = "; "


def _round(value):
    if isinstance(value, list):
        return [_round(item) for item in value]
    return round(value, DECIMALS)


def round_geometry(geometry: Mapping | str | bytes) -> dict:
    """Return a GeoJSON geometry with every coordinate rounded to DECIMALS places; it may come
    as JSON text, as some database drivers return it."""
    if isinstance(geometry, (str, bytes)):
        geometry = orjson.loads(geometry)
    return {"type": geometry["type"], "coordinates": _round(list(geometry["coordinates"]))}


def point(longitude: float, latitude: float) -> dict:
    """Return a rounded GeoJSON Point."""
    return {"type": "Point", "coordinates": [round(longitude, DECIMALS), round(latitude, DECIMALS)]}


def location(longitude, latitude, geometry) -> dict | None:
    """A place's geometry if it has one (an area), else its point, else None."""
    if geometry:
        return round_geometry(geometry)
    if longitude is None or latitude is None:
        return None
    return point(longitude, latitude)


def geometry_bounds(geometry: Mapping | str | bytes) -> tuple[float, float, float, float]:
    """(minLon, minLat, maxLon, maxLat) of any GeoJSON geometry, from its coordinates."""
    if isinstance(geometry, (str, bytes)):
        geometry = orjson.loads(geometry)
    longitudes: list[float] = []
    latitudes: list[float] = []

    def walk(value):
        if value and isinstance(value[0], (int, float)):
            longitudes.append(value[0])
            latitudes.append(value[1])
        else:
            for item in value:
                walk(item)

    walk(geometry["coordinates"])
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def merge_bounds(*boxes) -> list[float] | None:
    """The rounded bbox that covers every given (minLon, minLat, maxLon, maxLat); None if none.

    Rounding is monotonic, so the bbox of rounded coordinates is the rounded bbox."""
    boxes = [box for box in boxes if box is not None and None not in box]
    if not boxes:
        return None
    return [
        round(min(box[0] for box in boxes), DECIMALS),
        round(min(box[1] for box in boxes), DECIMALS),
        round(max(box[2] for box in boxes), DECIMALS),
        round(max(box[3] for box in boxes), DECIMALS),
    ]


def names_label(names: Iterable[str]) -> str:
    """Alternate names as one string, sorted and without repeats."""
    return LIST_SEPARATOR.join(sorted(set(names)))


class GeometryCache:
    """Each place's geometry, rounded and encoded once (an orjson.Fragment, whose bytes orjson
    copies), for the events that follow at the same place; within a byte budget, counting the
    encoded bytes plus a dict entry's overhead, so an export's memory stays bounded."""

    ENTRY_OVERHEAD = 200

    def __init__(self, budget: int | None = None):
        self.items: dict[int, orjson.Fragment | None] = {}
        self.size = 0
        self.budget = GEOMETRY_CACHE_BYTES if budget is None else budget

    def add(self, place_id: int, geometry: dict | None):
        """Encode and keep `geometry` (None for a place without a location); return it."""
        encoded = None if geometry is None else orjson.dumps(geometry)
        size = self.ENTRY_OVERHEAD + (len(encoded) if encoded else 0)
        if self.size + size > self.budget:
            self.items.clear()
            self.size = 0
        fragment = None if encoded is None else orjson.Fragment(encoded)
        self.items[place_id] = fragment
        self.size += size
        return fragment


def place_features(
    rows: Iterable[Sequence], *, alternate_names: Mapping[int, str], url_prefix: str
) -> list[dict]:
    """Features for one chunk of place rows (tuples in PLACE_COLUMNS order).

    The geometry is the place's area when it has one, else its point; `longitude`/`latitude`
    always carry the point, so an area's point survives a round trip."""
    features = []
    append = features.append
    for (
        place_id,
        name,
        kind,
        country_code,
        admin1,
        precision,
        geonames_id,
        parent_id,
        longitude,
        latitude,
        geometry,
    ) in rows:
        has_point = longitude is not None and latitude is not None
        append(
            {
                "type": "Feature",
                "id": place_id,
                "geometry": location(longitude, latitude, geometry),
                "properties": {
                    "name": name,
                    "kind": kind,
                    "country_code": country_code,
                    "admin1": admin1,
                    "precision": precision,
                    "geonames_id": geonames_id,
                    "parent_id": parent_id,
                    "alternate_names": alternate_names.get(place_id, ""),
                    "longitude": round(longitude, DECIMALS) if has_point else None,
                    "latitude": round(latitude, DECIMALS) if has_point else None,
                    "url": f"{url_prefix}{place_id}/",
                },
            }
        )
    return features


def collection(
    chunks: Iterable[list[dict]], *, bbox: Sequence[float] | None = None
) -> Iterator[bytes]:
    """A FeatureCollection as a stream of bytes: the header (with the bbox, known in advance)
    first, then each chunk of features serialised in one orjson call, then the closing."""
    header = {"type": "FeatureCollection"}
    if bbox is not None:
        header["bbox"] = list(bbox)
    # '{"type":"FeatureCollection","bbox":[...]' + ',"features":['
    yield orjson.dumps(header)[:-1] + b',"features":['
    first = True
    for chunk in chunks:
        if not chunk:
            continue
        if not first:
            yield b","  # a separate write: prefixing would copy the whole chunk's bytes
        yield orjson.dumps(chunk)[1:-1]  # one call per chunk; strip the list's brackets
        first = False
    yield b"]}\n"


def lines(chunks: Iterable[list[dict]], *, record_separator: bool = False) -> Iterator[bytes]:
    """One Feature per line (newline-delimited), or, with record_separator, an RFC 8142
    sequence where each Feature is preceded by RS (0x1E) and followed by LF."""
    prefix = RECORD_SEPARATOR if record_separator else b""
    dumps = orjson.dumps
    for chunk in chunks:
        if chunk:
            yield b"".join([prefix + dumps(feature) + b"\n" for feature in chunk])
