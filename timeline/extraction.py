"""From a pasted report to proposed events: the places and dates in its text and one proposed
event per sentence that holds both. Pure module, no Django inside; nothing is written.

Places come from `places.mentions` (the gazetteer), dates from `timeline.phrases` (anchored on
the report's publication date when given). A sentence that names a place and a date becomes a
proposal: its title is the sentence (trimmed), its date the first date phrase in it that could
be read, its place the best candidate of the first place in it. Every proposal keeps the
offsets of its sentence, so that an editor sees what supports it, and a draft cites it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from places.matching import GazetteerIndex
from places.mentions import Candidate, PlaceMention, find_places
from timeline import phrases

MAX_TEXT_LENGTH = 200_000
TITLE_LENGTH = 120

# A sentence ends at . ! ? (and Arabic ؟) before a space, or at a blank line; not after a
# title or an initial ("Gen. Lapin", "St. Petersburg", "J. Smith").
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])[\"'»”)\]]*\s+|\n\s*\n")
_NOT_AN_END = re.compile(
    r"(?:\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|St|Ste|No|Nos|vs|approx|ca|cf|"
    r"e\.g|i\.e|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|м|г|с|ул|обл|р-н)\.)$"
)


@dataclass(frozen=True, slots=True)
class ProposedEvent:
    """A sentence that names a place and a date, read as a draft event."""

    title: str
    date: str | None
    date_as_reported: str
    place: Candidate | None
    passage_start: int
    passage_end: int


@dataclass(frozen=True, slots=True)
class Extraction:
    places: list[PlaceMention]
    dates: list[phrases.DateMention]
    events: list[ProposedEvent]


def extract(text: str, index: GazetteerIndex, ref: dt.date | None = None) -> Extraction:
    """Return the places, dates and proposed events of a text; `ref` is the day the report was
    published, which anchors relative phrases ("last week"); without it they stay unanchored."""
    text = str(text)
    places = find_places(text, index)
    found_dates: list[phrases.DateMention] = []
    events = []
    next_place = 0  # places and sentences are both in text order: one pass over each
    for start, end in sentences(text):
        # Sentence by sentence: no date phrase spans two, and the scanner's cost grows faster
        # than the length of what it reads.
        in_dates = [
            mention._replace(start=mention.start + start, end=mention.end + start)
            for mention in phrases.find_dates(text[start:end], ref)
        ]
        found_dates.extend(in_dates)
        while next_place < len(places) and places[next_place].start < start:
            next_place += 1
        in_places = []
        while next_place < len(places) and places[next_place].end <= end:
            in_places.append(places[next_place])
            next_place += 1
        if not in_places or not in_dates:
            continue
        dated = next((m for m in in_dates if m.parsed is not None), in_dates[0])
        events.append(
            ProposedEvent(
                title=title_of(text[start:end]),
                date=dated.parsed.edtf if dated.parsed is not None else None,
                date_as_reported=dated.phrase,
                place=in_places[0].candidates[0],
                passage_start=start,
                passage_end=end,
            )
        )
    return Extraction(places=places, dates=found_dates, events=events)


def sentences(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the text's sentences, surrounding spaces left out."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _NOT_AN_END.search(text[max(start, match.start() - 8) : match.start()]):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for start, end in spans:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            trimmed.append((start + left, start + right))
    return trimmed


def title_of(sentence: str) -> str:
    """Return a sentence as a title: one line, at most TITLE_LENGTH characters, cut at a word."""
    title = " ".join(sentence.split())
    if len(title) <= TITLE_LENGTH:
        return title
    cut = title[: TITLE_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–—-") + "…"
