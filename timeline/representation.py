"""The event list's items, built from `.values()` rows instead of EventSerializer.

Why: a 50-event page of `GET /api/v1/events/` took 22 ms at 10k events on SQLite while its SQL
took under 1 ms; the rest was model instances for the events and their prefetched actors,
citations and figures, then DRF's per-field serializer calls on each of them. Built from rows,
the same page took 8 ms (medians through the WSGI handler, a date window and a bbox alike), and
about 5 ms once the related rows were read raw (below), of which about 2 ms is what an empty
page costs too.

EventSerializer stays the one definition of an event: detail, writes and the OpenAPI schema use
it. tests/timeline/test_representation.py holds the list to it: for every event of the shipped
dataset and more, the list's response is byte for byte what DRF's own list with EventSerializer
answers. A field added to the serializer fails that test until it is added here too.
"""

from __future__ import annotations

from collections import defaultdict

from rest_framework import serializers

from project.sql import in_ids
from timeline import dates
from timeline.models import Actor, Citation, EventActor, Figure, Source

EVENT_FIELDS = (
    "id",
    "title",
    "summary",
    "type_id",
    "date",
    "earliest",
    "latest",
    "precision",
    "approximate",
    "uncertain",
    "place_id",
    "place__name",
    "place__latitude",
    "place__longitude",
    "location_note",
    "confidence",
    "visibility",
    "created_at",
    "updated_at",
)

# The serializer's own field classes format dates and times, so the text cannot drift from it.
_DATE = serializers.DateField()


def event_rows(queryset):
    """The fields an item needs, place summary joined in, in the queryset's order."""
    return queryset.values(*EVENT_FIELDS)


def event_items(rows) -> list[dict]:
    """Items for a page of event_rows(): one query each for actors, citations and figures."""
    rows = list(rows)
    ids = [row["id"] for row in rows]
    actors = actors_by_event(ids)
    citations = citations_by_event(ids)
    figures = figures_by_event(ids)
    times = page_datetime_field()
    return [
        event_item(row, actors[row["id"]], citations[row["id"]], figures[row["id"]], times)
        for row in rows
    ]


def page_datetime_field() -> serializers.DateTimeField:
    """DRF's DateTimeField with the time zone it would use looked up once, not per value: the
    lookup (through asgiref's Local) was most of an item's time, and a page has one time zone."""
    return serializers.DateTimeField(
        default_timezone=serializers.DateTimeField().default_timezone()
    )


def event_item(
    row: dict, actors: list, citations: list, figures: list, times: serializers.DateTimeField
) -> dict:
    """One event as EventSerializer shows it, keys in its order."""
    return {
        "id": row["id"],
        "title": row["title"],
        "summary": row["summary"],
        "type": row["type_id"],
        "date": row["date"],
        "earliest": _DATE.to_representation(row["earliest"]),
        "latest": _DATE.to_representation(row["latest"]),
        "precision": row["precision"],
        "approximate": row["approximate"],
        "uncertain": row["uncertain"],
        "label": dates.parse(row["date"]).label,  # Event.label, from the same (cached) parse
        "place_id": row["place_id"],
        "place": place_summary(row),
        "location_note": row["location_note"],
        "actors": actors,
        "citations": citations,
        "figures": figures,
        "confidence": row["confidence"],
        "visibility": row["visibility"],
        "created_at": times.to_representation(row["created_at"]),
        "updated_at": times.to_representation(row["updated_at"]),
    }


def place_summary(row: dict) -> dict | None:
    """The place as PlaceSummarySerializer shows it, or None for an event without one."""
    if row["place_id"] is None:
        return None
    return {
        "id": row["place_id"],
        "name": row["place__name"],
        "latitude": row["place__latitude"],
        "longitude": row["place__longitude"],
    }


# Each model's Meta ordering is ["event", "id"]: per event, by id, which is what the detail's
# prefetch gives. The queries order by event_id and id: the same lists, without joining the
# events again. They are raw SQL (project.sql.in_ids): through the ORM, building and compiling
# them took about three times as long as running them. Joins are written as CROSS JOIN with the
# condition in WHERE, as the export's are, so that SQLite starts from the event ids' index.
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


def _flag(value) -> bool | None:
    """A boolean column as the serializer gives it: SQLite's raw rows hold 0 and 1."""
    return None if value is None else bool(value)


def actors_by_event(event_ids: list[int]) -> defaultdict[int, list[dict]]:
    """Each event's actors as EventActorSerializer shows them; pseudonyms stay marked."""
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


def citations_by_event(event_ids: list[int]) -> defaultdict[int, list[dict]]:
    """Each event's citations as CitationSerializer shows them."""
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


def figures_by_event(event_ids: list[int]) -> defaultdict[int, list[dict]]:
    """Each event's figures as FigureSerializer shows them: `claimed_by` and its pseudonym flag
    are null when the figure is the source's own estimate."""
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
                "claimed_by_is_pseudonym": _flag(claimed_by_is_pseudonym),
                "source_id": source_id,
                "notes": notes,
            }
        )
    return found
