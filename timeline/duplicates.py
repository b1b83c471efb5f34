"""Possible duplicates: is a new or draft event perhaps one already recorded?

Reports copy each other, so the same detention arrives twice, worded a little differently. Two
events are possible duplicates when all three hold:

- their places lie within MAX_DISTANCE_KM of each other (the same town, or the village next to
  it that another report names instead);
- their possible spans [earliest, latest] overlap (a "March 2022" and a "2022-03-28" may be one
  day);
- their titles are alike: rapidfuzz's token_set_ratio, on titles lower-cased and stripped of
  punctuation, is at least MIN_TITLE_SIMILARITY. Word order and extra words ("Residents of X
  detained" / "X: residents detained by soldiers") do not count against it.

Only a flag for a reviewer: nothing is merged or refused. Pure module, no Django inside; the
query that brings the nearby, overlapping events is in timeline/reports.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from places.geometry import haversine_km

MAX_DISTANCE_KM = 5.0
MIN_TITLE_SIMILARITY = 70.0

_NOT_A_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """What the comparison reads of an event."""

    id: int | None
    title: str
    earliest: dt.date
    latest: dt.date
    longitude: float | None
    latitude: float | None


def normalised_title(title: str) -> str:
    """Lower case, words only: punctuation and spacing do not make titles differ."""
    return " ".join(_NOT_A_WORD.sub(" ", title.casefold()).split())


def title_similarity(first: str, second: str) -> float:
    """How alike two titles are, from 0 to 100, whatever their word order or extra words."""
    return fuzz.token_set_ratio(normalised_title(first), normalised_title(second))


def overlap(first: Occurrence, second: Occurrence) -> bool:
    """True if the two possible spans share at least a day."""
    return first.earliest <= second.latest and second.earliest <= first.latest


def distance_km(first: Occurrence, second: Occurrence) -> float | None:
    """The distance between the two places, or None when either has no point."""
    if None in (first.longitude, first.latitude, second.longitude, second.latitude):
        return None
    return haversine_km(first.longitude, first.latitude, second.longitude, second.latitude)


def duplicate_score(new: Occurrence, existing: Occurrence) -> float | None:
    """The title similarity (0-100) if `existing` may be the same event as `new`, else None.
    Events without a point are never flagged: nearness cannot be told."""
    if new.id is not None and new.id == existing.id:
        return None
    distance = distance_km(new, existing)
    if distance is None or distance > MAX_DISTANCE_KM or not overlap(new, existing):
        return None
    similarity = title_similarity(new.title, existing.title)
    return similarity if similarity >= MIN_TITLE_SIMILARITY else None


def possible_duplicates(new: Occurrence, candidates: list[Occurrence]) -> list[int]:
    """The ids of the candidates that may be `new` again, the likeliest first (then by id)."""
    scored = []
    for existing in candidates:
        score = duplicate_score(new, existing)
        if score is not None and existing.id is not None:
            scored.append((-score, existing.id))
    return [event_id for _, event_id in sorted(scored)]
