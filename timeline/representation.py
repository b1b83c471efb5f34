"""The event list's items, built from the read model's rows instead of EventSerializer.

EventSerializer stays the one definition of what an event shows: the detail, writes and the
OpenAPI schema use it, and its `Meta.fields` give the list's keys and their order. The list reads
the same fields as rows (timeline/reads.py) because model instances and per-field serializer
calls cost several times the query. tests/timeline/test_representation.py holds the list to the
serializer byte for byte, so a field added to the serializer and not to the read model fails it.
"""

from __future__ import annotations

import datetime as dt

from rest_framework import serializers

from timeline import dates, reads
from timeline.serializers import EventSerializer

# The list's item keys are the serializer's; these are computed rather than read as a column.
RELATED = ("actors", "citations", "figures")
COMPUTED = ("label", "place", *RELATED)
COLUMNS = [name for name in EventSerializer.Meta.fields if name not in COMPUTED]
DATETIMES = ("created_at", "updated_at")
PLACE_COLUMNS = ("place_name", "place_latitude", "place_longitude")


def event_rows(queryset):
    """The list's rows for `queryset`, sliceable for a page: tuples of the read model."""
    return reads.select(queryset, [*COLUMNS, *PLACE_COLUMNS])


def event_items(rows) -> list[dict]:
    """Items for a page of event_rows(): one query each for actors, citations and figures."""
    rows = reads.as_dicts(rows, [*COLUMNS, *PLACE_COLUMNS])
    ids = [row["id"] for row in rows]
    related = {
        "actors": reads.actors_by_event(ids),
        "citations": reads.citations_by_event(ids),
        "figures": reads.figures_by_event(ids),
    }
    times = page_datetime_field()
    return [event_item(row, related, times) for row in rows]


def page_datetime_field() -> serializers.DateTimeField:
    """DRF's DateTimeField with the time zone it would use looked up once, not per value: the
    lookup (through asgiref's Local) was most of an item's time, and a page has one time zone."""
    return serializers.DateTimeField(
        default_timezone=serializers.DateTimeField().default_timezone()
    )


def event_item(row: dict, related: dict, times: serializers.DateTimeField) -> dict:
    """One event as EventSerializer shows it, keys in its order."""
    for name in DATETIMES:
        row[name] = times.to_representation(row[name])
    # Event.label, from the stored bounds: parsing the EDTF again per distinct date made a
    # fresh process's first page slow (bench/RESULTS.md, issue #19).
    row["label"] = dates.stored_label(
        row["date"], dt.date.fromisoformat(row["earliest"]), dt.date.fromisoformat(row["latest"])
    )
    row["place"] = reads.place_summary(row)
    for name in RELATED:
        row[name] = related[name][row["id"]]
    return {name: row[name] for name in EventSerializer.Meta.fields}
