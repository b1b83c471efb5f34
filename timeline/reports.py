"""From a pasted report to draft events, and the events a draft may repeat.

`report_create` writes what `POST /api/v1/reports/` is given (the proposals of
`POST /api/v1/reports/extract/`, as an editor corrected them): the source, if it is new, and one
draft event per proposal, each citing the source with the passage of the text that supports it.
All of it in one transaction, through the same services and write gate as every other write.

`event_duplicates` finds, among the events a user may see, those a draft may repeat
(timeline/duplicates.py decides; this module only brings the nearby, overlapping events).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from places.geometry import bbox_around
from places.models import Place
from project.writes import at_path
from timeline import duplicates, services
from timeline.models import Event, EventType, Source

ERROR_NO_DATE = (
    "Give the event's date (EDTF or a phrase): the report has no publication date to bound it."
)
# An event a report tells of happened on or before the day it was published.
UNDATED_BEFORE = "[..{published}]"
LOCATION = "characters {start}–{end} of the report"


@dataclass(frozen=True)
class DraftSpec:
    """One event to create, checked: a date (EDTF, or None for 'on or before publication'),
    a place or None, and the passage's offsets in the report's text."""

    title: str
    type: EventType | None  # None: the "other" type is gone; event_create reports it
    date: str | None
    date_as_reported: str
    place: Place | None
    start: int
    end: int
    summary: str = ""


def undated(source: Source) -> str | None:
    """The date of an event a report tells of without one: on or before its publication."""
    if source.published_latest is None:
        return None
    return UNDATED_BEFORE.format(published=source.published_latest.isoformat())


def report_create(
    *, text: str, source: Source | Mapping, events: Sequence[DraftSpec], user
) -> tuple[Source, list[Event]]:
    """Create the source (when given as a mapping of its fields) and the draft events, each
    citing it with its passage. One transaction: a bad event leaves nothing behind."""
    with transaction.atomic():
        if not isinstance(source, Source):
            source = services.source_create(**source)
        created = []
        for index, spec in enumerate(events):
            date = spec.date or undated(source)
            if date is None:
                raise ValidationError({f"events.{index}.date": [ERROR_NO_DATE]})
            try:
                event = services.event_create(
                    title=spec.title,
                    type=spec.type,
                    date=date,
                    place=spec.place,
                    date_as_reported=spec.date_as_reported,
                    summary=spec.summary,
                    status=Event.Status.DRAFT,
                    citations=[
                        {
                            "source": source,
                            "supports": text[spec.start : spec.end].strip(),
                            "location": LOCATION.format(start=spec.start, end=spec.end),
                        }
                    ],
                )
            except ValidationError as error:
                raise at_path(error, f"events.{index}") from error
            services.check_visible_after_write(user, event)
            created.append(event)
    return source, created


def event_duplicates(user, event: Event) -> list[int]:
    """Ids of the events `user` may see that `event` may repeat, the likeliest first. The
    query brings the events in a box around the place whose spans overlap; the pure module
    decides with the exact distance and the titles."""
    place = event.place
    if place is None or place.latitude is None or place.longitude is None:
        return []
    nearby = (
        Event.objects.visible_to(user)
        .overlapping(event.earliest, event.latest)
        .in_bbox(bbox_around(place.longitude, place.latitude, duplicates.MAX_DISTANCE_KM))
        .exclude(pk=event.pk)
        .values_list("id", "title", "earliest", "latest", "place__longitude", "place__latitude")[
            :500
        ]  # a cap: a busy town on a busy day still answers at once
    )
    return duplicates.possible_duplicates(
        occurrence(event), [duplicates.Occurrence(*row) for row in nearby]
    )


def occurrence(event: Event) -> duplicates.Occurrence:
    place = event.place
    return duplicates.Occurrence(
        id=event.pk,
        title=event.title,
        earliest=event.earliest,
        latest=event.latest,
        longitude=place.longitude if place else None,
        latitude=place.latitude if place else None,
    )
