"""KML 2.2 for Google Earth, written as text a piece at a time so that an export streams at any
size (simplekml and GDAL's LIBKML build the whole document in memory first). Pure: GeoJSON
geometries and plain values in, text out.

Each Placemark has a TimeSpan, which gives Google Earth its time slider, and its attributes as
typed ExtendedData (a Schema), which GDAL and QGIS read as fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

MEDIA_TYPE = "application/vnd.google-earth.kml+xml"
SCHEMA_ID = "fields"
INT, DOUBLE, STRING = "int", "double", "string"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value) -> str:
    """A value as XML character data: escaped, without the control characters XML forbids."""
    return escape(NOT_XML.sub("", str(value)))


def header(name: str, fields: Sequence[tuple[str, str]]) -> str:
    """The document's start: its name and the Schema of the attributes (name, KML type)."""
    simple_fields = "".join(
        f"<SimpleField type={quoteattr(kind)} name={quoteattr(field)}/>" for field, kind in fields
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2">\n'
        f"<Document><name>{text(name)}</name>\n"
        f"<Schema name={quoteattr(name)} id={quoteattr(SCHEMA_ID)}>{simple_fields}</Schema>\n"
    )


FOOTER = "</Document>\n</kml>\n"


def _coordinates(points: Iterable[Sequence[float]]) -> str:
    return " ".join(f"{point[0]},{point[1]}" for point in points)


def _polygon(rings: Sequence) -> str:
    outer, *inner = rings
    text = f"<outerBoundaryIs><LinearRing><coordinates>{_coordinates(outer)}</coordinates>"
    text += "</LinearRing></outerBoundaryIs>"
    for ring in inner:
        text += f"<innerBoundaryIs><LinearRing><coordinates>{_coordinates(ring)}</coordinates>"
        text += "</LinearRing></innerBoundaryIs>"
    return f"<Polygon>{text}</Polygon>"


def geometry(value: Mapping | None) -> str:
    """A GeoJSON geometry (longitude first, as KML has it too) as KML; '' for none."""
    if not value:
        return ""
    kind, coordinates = value["type"], value["coordinates"]
    if kind == "Point":
        return f"<Point><coordinates>{_coordinates([coordinates])}</coordinates></Point>"
    if kind == "LineString":
        return f"<LineString><coordinates>{_coordinates(coordinates)}</coordinates></LineString>"
    if kind == "Polygon":
        return _polygon(coordinates)
    parts = {
        "MultiPoint": lambda part: geometry({"type": "Point", "coordinates": part}),
        "MultiLineString": lambda part: geometry({"type": "LineString", "coordinates": part}),
        "MultiPolygon": _polygon,
    }[kind]
    return f"<MultiGeometry>{''.join(parts(part) for part in coordinates)}</MultiGeometry>"


def placemark(
    *,
    placemark_id: str,
    name: str,
    description: str,
    begin: str,
    end: str,
    values: Iterable[tuple[str, object]],
    shape: Mapping | None,
) -> str:
    """One Placemark; `values` are (field, value) pairs of the header's Schema, None left out."""
    data = "".join(
        f"<SimpleData name={quoteattr(field)}>{text(value)}</SimpleData>"
        for field, value in values
        if value is not None and value != ""
    )
    return (
        f"<Placemark id={quoteattr(placemark_id)}><name>{text(name)}</name>"
        f"<description>{text(description)}</description>"
        f"<TimeSpan><begin>{escape(begin)}</begin><end>{escape(end)}</end></TimeSpan>"
        f'<ExtendedData><SchemaData schemaUrl="#{SCHEMA_ID}">{data}</SchemaData></ExtendedData>'
        f"{geometry(shape)}</Placemark>\n"
    )
