"""The read model of an event: the one declaration of the columns an event is read with, and of
its related rows (actors, citations, figures, source counts).

Every output of events builds its items from here: the JSON list (`representation.py`), the
timeline (`timeline.py`) and the exports (`exports/`). Each picks, by name, the columns it shows;
none reads an event another way. A new column is declared once, in COLUMNS, and every output
that names it has it.

Rows are read as tuples (`values_list`) rather than model instances: a page or an export chunk
is one query for the events and one per kind of related row, whatever its size. The related rows
are read with raw SQL keyed by event id (`project.sql.in_ids`); see docs/decisions/.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import CharField, F, Func

from project.sql import in_ids, row_chunks
from timeline.models import Actor, Citation, EventActor, Figure, Source


class IsoDate(Func):
    """A date as 'YYYY-MM-DD' text from the database, on both databases alike. SQLite stores
    dates as that text; PostgreSQL's own cast to text follows the server's DateStyle (German
    gives '05.01.2023'), so it formats explicitly."""

    arity = 1
    output_field = CharField()
    template = "CAST(%(expressions)s AS TEXT)"

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="TO_CHAR(%(expressions)s, 'YYYY-MM-DD')")


# The columns an event is read with, by the name every output uses for them.
COLUMNS = {
    "id": F("id"),
    "title": F("title"),
    "summary": F("summary"),
    "type": F("type_id"),
    "date": F("date"),
    "date_as_reported": F("date_as_reported"),
    "earliest": IsoDate("earliest"),
    "latest": IsoDate("latest"),
    "precision": F("precision"),
    "approximate": F("approximate"),
    "uncertain": F("uncertain"),
    "place_id": F("place_id"),
    "place_name": F("place__name"),
    "place_latitude": F("place__latitude"),
    "place_longitude": F("place__longitude"),
    "place_precision": F("place__precision"),
    "place_geometry": F("place__geometry"),
    "admin1": F("place__admin1"),
    "country_code": F("place__country_code"),
    "location_note": F("location_note"),
    "confidence": F("confidence"),
    "visibility": F("visibility"),
    "status": F("status"),
    "created_at": F("created_at"),
    "updated_at": F("updated_at"),
}


def select(queryset, names: Sequence[str], *extra: str):
    """The queryset's events as tuples of the named columns (then of `extra` annotations), in
    its own order, filters and visibility."""
    return queryset.values_list(*(COLUMNS[name] for name in names), *extra)


def as_dicts(rows: Iterable[Sequence], names: Sequence[str]) -> list[dict]:
    """Tuples from select() as dicts keyed by column name: for pages, whose items name them."""
    return [dict(zip(names, row, strict=True)) for row in rows]


def chunks(queryset, names: Sequence[str], size: int) -> Iterator[list[tuple]]:
    """select()'s tuples in chunks of `size`, for exports: memory stays one chunk at any size.
    Dates arrive as IsoDate's text; booleans and JSON as the driver gives them (project.sql)."""
    return row_chunks(select(queryset, names), len(names), size)


def flag(value) -> bool | None:
    """A boolean column from a raw row: SQLite gives 0 and 1."""
    return None if value is None else bool(value)


# Each model's Meta ordering is ["event", "id"]: per event, by id, which is what the detail's
# prefetch gives. The queries order by event_id and id, the same lists without joining the
# events again. Joins are CROSS JOIN with the condition in WHERE so that SQLite starts from the
# event ids' index (a plain JOIN scanned every actor); PostgreSQL plans it as an inner join.
ACTORS_SQL = (
    "SELECT link.event_id, link.actor_id, actor.name, actor.kind, actor.is_pseudonym, link.role"
    f" FROM {EventActor._meta.db_table} link CROSS JOIN {Actor._meta.db_table} actor"
    " WHERE actor.id = link.actor_id AND link.event_id IN ({ids})"
    " ORDER BY link.event_id, link.id"
)
CITATIONS_SQL = (
    "SELECT citation.event_id, citation.id, citation.source_id, source.outlet,"
    " citation.supports, citation.contradicts_id, citation.location"
    f" FROM {Citation._meta.db_table} citation CROSS JOIN {Source._meta.db_table} source"
    " WHERE source.id = citation.source_id AND citation.event_id IN ({ids})"
    " ORDER BY citation.event_id, citation.id"
)
FIGURES_SQL = (
    "SELECT figure.event_id, figure.id, figure.counted, figure.value_min, figure.value_max,"
    " figure.qualifier, figure.stated, figure.claimed_by_id, claimant.name,"
    " claimant.is_pseudonym, figure.source_id, figure.notes"
    f" FROM {Figure._meta.db_table} figure"
    f" LEFT JOIN {Actor._meta.db_table} claimant ON claimant.id = figure.claimed_by_id"
    " WHERE figure.event_id IN ({ids})"
    " ORDER BY figure.event_id, figure.id"
)
# What a table or a map names, without the roles and what each citation supports (long text):
# an export of a million events reads only these.
ACTOR_NAMES_SQL = (
    "SELECT link.event_id, actor.name, actor.is_pseudonym"
    f" FROM {EventActor._meta.db_table} link CROSS JOIN {Actor._meta.db_table} actor"
    " WHERE actor.id = link.actor_id AND link.event_id IN ({ids})"
    " ORDER BY link.event_id, link.id"
)
CITED_SOURCES_SQL = (
    "SELECT citation.event_id, citation.source_id, source.outlet"
    f" FROM {Citation._meta.db_table} citation CROSS JOIN {Source._meta.db_table} source"
    " WHERE source.id = citation.source_id AND citation.event_id IN ({ids})"
    " ORDER BY citation.event_id, citation.id"
)
SOURCE_IDS_SQL = (
    f"SELECT event_id, source_id FROM {Citation._meta.db_table}"
    " WHERE event_id IN ({ids}) ORDER BY event_id, id"
)
SOURCE_COUNTS_SQL = (
    f"SELECT event_id, COUNT(*) FROM {Citation._meta.db_table}"
    " WHERE event_id IN ({ids}) GROUP BY event_id"
)


def actors_by_event(event_ids: Iterable[int]) -> defaultdict[int, list[dict]]:
    """Each event's actors, in the order they were added, with their role; pseudonyms marked."""
    found = defaultdict(list)
    for event_id, actor_id, name, kind, is_pseudonym, role in in_ids(ACTORS_SQL, event_ids):
        found[event_id].append(
            {
                "actor_id": actor_id,
                "name": name,
                "kind": kind,
                "is_pseudonym": bool(is_pseudonym),
                "role": role,
            }
        )
    return found


def citations_by_event(event_ids: Iterable[int]) -> defaultdict[int, list[dict]]:
    """Each event's citations: which source, what it supports, whom it contradicts, where."""
    found = defaultdict(list)
    for event_id, citation_id, source_id, outlet, supports, contradicts_id, location in in_ids(
        CITATIONS_SQL, event_ids
    ):
        found[event_id].append(
            {
                "id": citation_id,
                "source_id": source_id,
                "outlet": outlet,
                "supports": supports,
                "contradicts_id": contradicts_id,
                "location": location,
            }
        )
    return found


def actor_names_by_event(event_ids: Iterable[int]) -> defaultdict[int, list[dict]]:
    """Each event's actors' names, in the order added, pseudonyms marked; not their roles."""
    found = defaultdict(list)
    for event_id, name, is_pseudonym in in_ids(ACTOR_NAMES_SQL, event_ids):
        found[event_id].append({"name": name, "is_pseudonym": bool(is_pseudonym)})
    return found


def cited_sources_by_event(event_ids: Iterable[int]) -> defaultdict[int, list[dict]]:
    """Each event's cited sources, id and outlet, in the order cited; not what they support."""
    found = defaultdict(list)
    for event_id, source_id, outlet in in_ids(CITED_SOURCES_SQL, event_ids):
        found[event_id].append({"source_id": source_id, "outlet": outlet})
    return found


def figures_by_event(event_ids: Iterable[int]) -> defaultdict[int, list[dict]]:
    """Each event's figures with their claimant: `claimed_by` and its pseudonym flag are null
    when the figure is the source's own estimate."""
    found = defaultdict(list)
    for row in in_ids(FIGURES_SQL, event_ids):
        (event_id, figure_id, counted, value_min, value_max, qualifier, stated) = row[:7]
        claimed_by_id, claimed_by, claimed_by_is_pseudonym, source_id, notes = row[7:]
        found[event_id].append(
            {
                "id": figure_id,
                "counted": counted,
                "value_min": value_min,
                "value_max": value_max,
                "qualifier": qualifier,
                "stated": stated,
                "claimed_by_id": claimed_by_id,
                "claimed_by": claimed_by,
                "claimed_by_is_pseudonym": flag(claimed_by_is_pseudonym),
                "source_id": source_id,
                "notes": notes,
            }
        )
    return found


def source_ids_by_event(event_ids: Iterable[int]) -> defaultdict[int, list[int]]:
    """The ids of the sources each event cites, in the order cited, in one query."""
    found = defaultdict(list)
    for event_id, source_id in in_ids(SOURCE_IDS_SQL, event_ids):
        found[event_id].append(source_id)
    return found


def source_counts(event_ids: Iterable[int]) -> dict[int, int]:
    """How many citations each event has, in one query; events citing none are absent.

    Not a subquery per row: SQLite evaluates a row's subqueries before sorting, so for every
    match of the filter, not only the page's."""
    return dict(in_ids(SOURCE_COUNTS_SQL, event_ids))


def place_summary(row: dict) -> dict | None:
    """The event's place as PlaceSummarySerializer shows it, or None for an event without one."""
    if row["place_id"] is None:
        return None
    return {
        "id": row["place_id"],
        "name": row["place_name"],
        "latitude": row["place_latitude"],
        "longitude": row["place_longitude"],
    }
