"""Events as a table: one row per event, our columns and ACLED's beside them. The CSV and XLSX
exports write this table; the GIS exports carry the same values as attributes.

Each column is a function of one event's row from the read model (timeline/reads.py) and its
related rows; only the related rows a chosen column needs are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter

from timeline import dates, reads
from timeline.exports import acled
from timeline.exports.geojson import actors_label
from timeline.models import can_see_drafts, can_see_restricted

CHUNK_SIZE = 2000
LIST_SEPARATOR = "; "

# The read model's columns the table is built from.
READ = (
    "id",
    "title",
    "summary",
    "type",
    "date",
    "date_as_reported",
    "earliest",
    "latest",
    "precision",
    "approximate",
    "uncertain",
    "place_id",
    "place_name",
    "place_latitude",
    "place_longitude",
    "place_precision",
    "place_geometry",
    "admin1",
    "country_code",
    "location_note",
    "confidence",
    "visibility",
    "status",
    "updated_at",
)


def utc(value) -> dt.datetime | None:
    """A datetime from a raw row as an aware UTC datetime: SQLite gives naive UTC text."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def tags(row: dict) -> str:
    """ACLED-style tags: what the other columns cannot say about how certain the record is."""
    found = []
    if reads.flag(row["approximate"]):
        found.append("date approximate")
    if reads.flag(row["uncertain"]):
        found.append("date uncertain")
    if any(actor["is_pseudonym"] for actor in row["actors"]):
        found.append("pseudonyms")
    return LIST_SEPARATOR.join(found)


def outlets(citations: list[dict]) -> str:
    return LIST_SEPARATOR.join(dict.fromkeys(citation["outlet"] for citation in citations))


# Column name -> (related rows it needs, value from the row). Ours first, then ACLED's; the
# order here is the files' default column order.
Column = tuple[frozenset[str], Callable[[dict], object]]
NONE: frozenset[str] = frozenset()
ACTORS, CITATIONS = frozenset({"actors"}), frozenset({"citations"})
TABLE: dict[str, Column] = {
    "id": (NONE, itemgetter("id")),
    "title": (NONE, itemgetter("title")),
    "summary": (NONE, itemgetter("summary")),
    "type": (NONE, itemgetter("type")),
    "date": (NONE, itemgetter("date")),
    "earliest": (NONE, itemgetter("earliest")),
    "latest": (NONE, itemgetter("latest")),
    "precision": (NONE, itemgetter("precision")),
    "label": (
        NONE,
        lambda row: dates.stored_label(
            row["date"],
            dt.date.fromisoformat(row["earliest"]),
            dt.date.fromisoformat(row["latest"]),
        ),
    ),
    "date_as_reported": (NONE, itemgetter("date_as_reported")),
    "place_id": (NONE, itemgetter("place_id")),
    "place_name": (NONE, itemgetter("place_name")),
    "latitude": (NONE, itemgetter("place_latitude")),
    "longitude": (NONE, itemgetter("place_longitude")),
    "place_precision": (NONE, itemgetter("place_precision")),
    "location_note": (NONE, itemgetter("location_note")),
    "admin1": (NONE, itemgetter("admin1")),
    "country_code": (NONE, itemgetter("country_code")),
    "actors": (ACTORS, lambda row: actors_label(row["actors"])),
    "sources": (
        CITATIONS,
        lambda row: LIST_SEPARATOR.join(str(c["source_id"]) for c in row["citations"]),
    ),
    "source_count": (CITATIONS, lambda row: len(row["citations"])),
    "confidence": (NONE, itemgetter("confidence")),
    "url": (NONE, lambda row: f"{row['url_prefix']}{row['id']}/"),
    "updated_at": (NONE, lambda row: row["updated_at"].isoformat().replace("+00:00", "Z")),
    # ACLED's codebook
    "event_date": (
        NONE,
        lambda row: acled.event_date(
            row["date"],
            dt.date.fromisoformat(row["earliest"]),
            dt.date.fromisoformat(row["latest"]),
        ),
    ),
    "time_precision": (
        NONE,
        lambda row: acled.time_precision(row["precision"], reads.flag(row["approximate"])),
    ),
    "geo_precision": (NONE, lambda row: acled.geo_precision(row["place_precision"])),
    "iso": (NONE, lambda row: acled.country(row["country_code"])[0]),
    "country": (NONE, lambda row: acled.country(row["country_code"])[1]),
    "location": (NONE, itemgetter("place_name")),
    "source": (CITATIONS, lambda row: outlets(row["citations"])),
    "notes": (NONE, itemgetter("summary")),
    "tags": (ACTORS, tags),
    "timestamp": (NONE, lambda row: int(row["updated_at"].timestamp())),
}
COLUMNS = tuple(TABLE)
ACLED_COLUMNS = COLUMNS[COLUMNS.index("event_date") :]
# Columns only some readers have: visibility for those who may see restricted events, status
# for those who may see drafts (so an import of the file keeps a draft a draft). The GIS
# exports read a place's area from place_geometry, which no one asks for by name.
HIDDEN: dict[str, Column] = {
    "visibility": (NONE, itemgetter("visibility")),
    "status": (NONE, itemgetter("status")),
    "place_geometry": (NONE, itemgetter("place_geometry")),
}
# Who may have each of those columns, in the order they follow COLUMNS.
GATED = {"visibility": can_see_restricted, "status": can_see_drafts}
ALL_COLUMNS = (*COLUMNS, *GATED)


def columns_for(user) -> tuple[str, ...]:
    """The columns `user` may ask for, in their default order."""
    return (*COLUMNS, *(name for name, may_see in GATED.items() if may_see(user)))


def column(name: str) -> Column:
    return HIDDEN[name] if name in HIDDEN else TABLE[name]


def table_chunks(
    queryset, columns: Sequence[str], *, url_prefix: str, size: int = CHUNK_SIZE
) -> Iterator[list[list]]:
    """The events of `queryset` as rows of the named columns, a chunk at a time, in the
    queryset's order; one query per chunk for the events and one per kind of related row the
    columns need."""
    values = [column(name)[1] for name in columns]
    related = frozenset().union(*(column(name)[0] for name in columns))
    for chunk in reads.chunks(queryset, READ, size):
        ids = [row[0] for row in chunk]
        actors = reads.actor_names_by_event(ids) if "actors" in related else {}
        citations = reads.cited_sources_by_event(ids) if "citations" in related else {}
        rows = []
        for row in reads.as_dicts(chunk, READ):
            row["updated_at"] = utc(row["updated_at"])  # once for updated_at and timestamp
            row["actors"] = actors.get(row["id"], ())
            row["citations"] = citations.get(row["id"], ())
            row["url_prefix"] = url_prefix
            rows.append([value(row) for value in values])
        yield rows
