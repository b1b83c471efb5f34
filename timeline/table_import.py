"""Import of our own tables (events.csv, places.csv, events.xlsx) and GeoJSON exports: what the
exports wrote comes back, by id, all or nothing, and a dry run says row by row what would be
created, changed or left alone before anything is written.

A table's rows become the features of the GeoJSON import (timeline/geojson_import.py), which
owns the write path: the write gate, validation, places made for a location, one transaction.
This module only reads the file, undoes the exports' CSV-injection neutralising, and names each
problem by its line (CSV) or row (XLSX) and field instead of a feature's index.

Read back: an event's id, title, summary, type, date, date_as_reported, place (place_id, or a
place made from place_name, place_precision, latitude and longitude), location_note,
confidence, visibility, status, actors and sources (matched by name or id, or created, as the
GeoJSON import says); a place's id, name, kind, parent_id, country_code, admin1, latitude, longitude,
precision and geonames_id. A column the file leaves out leaves that field as it is: a file
without `actors` leaves every event's actors alone. Derived and summary columns (label,
source_count, the ACLED columns) are not read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from django.db import transaction
from openpyxl import load_workbook

from project.tabular import restore
from timeline.geojson_import import EVENT_TEXT as FEATURE_EVENT_TEXT
from timeline.geojson_import import GeoJSONImportError, ImportResult, geojson_import
from timeline.models import Event

ERROR_FORMAT = "{name}: the file must end in .csv, .xlsx or .geojson."
ERROR_ENCODING = "The file is not UTF-8 text."
ERROR_NO_HEADER = "The file has no header row."
ERROR_WHOLE_NUMBER = "line {line}: {name}: must be a whole number, or empty."
ERROR_NUMBER = "line {line}: {name}: must be a number, or empty."
ERROR_KIND = "The header names neither events (title, type, date) nor places (name)."

# The GeoJSON import's text properties, and the place a row names in its own columns (a feature
# carries its place as geometry).
EVENT_TEXT = (*FEATURE_EVENT_TEXT, "place_name", "place_precision")
PLACE_TEXT = ("name", "kind", "country_code", "admin1", "precision")
WHOLE_NUMBERS = ("id", "place_id", "parent_id", "geonames_id")
NUMBERS = ("latitude", "longitude")
FEATURE = re.compile(r"^Feature (\d+) \(id ([^)]*)\): (.*)$", re.S)


class TableImportError(ValueError):
    """A file that cannot be imported; `errors` name each line (or row) and field."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class RowLog(ImportResult):
    """ImportResult that also keeps, in file order, what happened to each record."""

    outcomes: dict[str, list[str]] = field(default_factory=lambda: {"event": [], "place": []})
    notes: dict[str, list[tuple[str, ...]]] = field(
        default_factory=lambda: {"event": [], "place": []}
    )

    def count(self, kind: str, outcome: str, notes: tuple[str, ...] = ()) -> None:
        super().count(kind, outcome, notes)
        if kind in self.outcomes:
            self.outcomes[kind].append(outcome)
            self.notes[kind].append(notes)


@dataclass
class FileReport:
    """One file's rows: (line, id, what happened), in file order; `notes` by line say which
    actors and sources a row created; `result` counts it all, with the actors and sources
    matched."""

    path: str
    rows: list[tuple[int, int | None, str]]
    notes: dict[int, tuple[str, ...]] = field(default_factory=dict)
    result: ImportResult = field(default_factory=ImportResult)


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(line or row number, {column: cell}) for each data row of a CSV or XLSX file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")  # Excel's byte order mark, if any
        except UnicodeDecodeError as error:
            raise TableImportError([ERROR_ENCODING]) from error
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        rows, line = [], reader.line_num
        for cells in reader:
            rows.append((line + 1, cells))  # the line the row starts on
            line = reader.line_num
    else:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
        rows = [(number, list(cells)) for number, cells in enumerate(values, start=2)]
        workbook.close()
    if not header:
        raise TableImportError([ERROR_NO_HEADER])
    names = [str(name or "").strip() for name in header]
    return [
        (line, dict(zip(names, cells, strict=False)))
        for line, cells in rows
        if any(cell not in (None, "") for cell in cells)
    ]


def _text(value) -> str:
    if value is None:
        return ""
    return restore(value) if isinstance(value, str) else str(value)


def _number(row, name, line, errors, *, whole: bool):
    value = row.get(name)
    if value is None or value == "":
        return None
    try:
        number = float(value)
        if whole:
            if not number.is_integer():
                raise ValueError(value)
            return int(number)
        return number
    except (TypeError, ValueError):
        message = ERROR_WHOLE_NUMBER if whole else ERROR_NUMBER
        errors.append(message.format(line=line, name=name))
        return None


def row_features(rows: list[tuple[int, dict]]) -> tuple[list[dict], list[str]]:
    """GeoJSON features for the rows, and the problems found reading them."""
    if not rows:
        return [], []
    columns = set(rows[0][1])
    if {"title", "type", "date"} <= columns:
        text_columns = EVENT_TEXT
    elif "name" in columns:
        text_columns = PLACE_TEXT
    else:
        raise TableImportError([ERROR_KIND])
    features, errors = [], []
    for line, row in rows:
        properties = {name: _text(row[name]) for name in text_columns if name in row}
        for name in ("visibility", "status", "confidence", "kind", "precision", "place_precision"):
            if properties.get(name) == "":
                del properties[name]  # empty: the model's default, as the GeoJSON import does
        for name in WHOLE_NUMBERS[1:]:
            if name in row:
                properties[name] = _number(row, name, line, errors, whole=True)
        longitude = _number(row, "longitude", line, errors, whole=False)
        latitude = _number(row, "latitude", line, errors, whole=False)
        if text_columns is PLACE_TEXT:
            properties["longitude"], properties["latitude"] = longitude, latitude
        located = text_columns is EVENT_TEXT and longitude is not None and latitude is not None
        features.append(
            {
                "type": "Feature",
                "id": _number(row, "id", line, errors, whole=True),
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]}
                if located
                else None,
                "properties": properties,
            }
        )
    return features, errors


def import_files(paths: list[Path], *, user=None, dry_run: bool = False) -> list[FileReport]:
    """Import the files in order (places before events) in one transaction; with `dry_run`,
    roll it back. Raise TableImportError, changing nothing, naming every bad line of every
    file."""
    reports, errors = [], []
    with transaction.atomic():
        for path in paths:
            log = RowLog()
            try:
                lines = _import_one(path, user, log)
            except TableImportError as error:
                errors.extend(f"{path.name}: {message}" for message in error.errors)
                continue
            reports.append(_report(path, lines, log))
        if errors:
            raise TableImportError(errors)
        if dry_run:
            transaction.set_rollback(True)
    return reports


def _import_one(path: Path, user, log: RowLog) -> list[tuple[int, int | None]]:
    """Import one file; return its (line, id) per record, in file order."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".geojson", ".json"):
        raise TableImportError([ERROR_FORMAT.format(name=path.name)])
    if suffix in (".geojson", ".json"):
        data = path.read_bytes()
        try:
            geojson_import(data=data, user=user, result=log)
        except GeoJSONImportError as error:
            raise TableImportError(error.errors) from error
        features = orjson.loads(data)["features"]
        return [(index, feature.get("id")) for index, feature in enumerate(features)]
    rows = read_rows(path)
    features, errors = row_features(rows)
    lines = [line for line, _ in rows]
    if errors:
        raise TableImportError(errors)
    if rows and not {"place_id", "latitude", "longitude"} & set(rows[0][1]):
        _keep_places(features, user)
    collection = orjson.dumps({"type": "FeatureCollection", "features": features})
    try:
        geojson_import(data=collection, user=user, result=log)
    except GeoJSONImportError as error:
        raise TableImportError([_by_line(message, lines) for message in error.errors]) from error
    return [(line, feature["id"]) for line, feature in zip(lines, features, strict=True)]


def _keep_places(features: list[dict], user) -> None:
    """A file without place columns leaves events' places alone (the GeoJSON import reads a
    missing place_id as no place), as it leaves any other column it does not have."""
    if "title" not in (features[0]["properties"] if features else {}):
        return  # places, not events
    ids = [feature["id"] for feature in features if feature["id"] is not None]
    events = Event.objects.all() if user is None else Event.objects.visible_to(user)
    places = dict(events.filter(pk__in=ids).values_list("pk", "place_id"))
    for feature in features:
        feature["properties"]["place_id"] = places.get(feature["id"])


def _by_line(message: str, lines: list[int]) -> str:
    """The GeoJSON import's 'Feature 3 (id 10): …' as 'line 5 (id 10): …'."""
    match = FEATURE.match(message)
    if not match:
        return message
    index, feature_id, problem = match.groups()
    return f"line {lines[int(index)]} (id {feature_id}): {problem}"


def _report(path: Path, lines, log: RowLog) -> FileReport:
    kind = "event" if log.outcomes["event"] else "place"
    rows = [
        (line, feature_id, outcome)
        for (line, feature_id), outcome in zip(lines, log.outcomes[kind], strict=False)
    ]
    notes = {line: notes for (line, _), notes in zip(lines, log.notes[kind], strict=False) if notes}
    return FileReport(path=str(path), rows=rows, notes=notes, result=log)
