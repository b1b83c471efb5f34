"""Actors and sources as a table cell names them: the exports write an event's actors as
'Yuri (pseudonym); Russian armed forces' and its sources as their ids, '1; 3'. An import reads
the cell back into references it can match against the database.

Matching is exact after normalisation: Unicode compatibility forms folded, case ignored, runs
of white space read as one space. Nothing fuzzier: a near miss creates a record, it never
links the wrong one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

SEPARATOR = ";"
PSEUDONYM = "(pseudonym)"
OUTLET_SEPARATOR = ": "  # a source's name as the admin shows it, 'BBC News: Title'


def name_key(text: str) -> str:
    """The key two names must share to be the same name: 'Wagner  group' is 'wagner group'."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def split_cell(cell: str) -> list[str]:
    """The names in a cell, in order, each once (by key), blanks left out."""
    names: dict[str, str] = {}
    for part in cell.split(SEPARATOR):
        name = " ".join(part.split())
        if name:
            names.setdefault(name_key(name), name)
    return list(names.values())


@dataclass(frozen=True)
class ActorReference:
    name: str
    is_pseudonym: bool


def actor_reference(text: str) -> ActorReference:
    """'Yuri (pseudonym)' is the pseudonym Yuri, as the exports mark one."""
    stripped = " ".join(text.split())
    if name_key(stripped).endswith(PSEUDONYM):
        name = stripped[: -len(PSEUDONYM)].strip()
        if name:
            return ActorReference(name, True)
    return ActorReference(stripped, False)


@dataclass(frozen=True)
class SourceReference:
    """A source by id ('12'), by title, or by 'outlet: title'."""

    text: str
    source_id: int | None = None
    outlet: str | None = None
    title: str | None = None


def source_reference(text: str) -> SourceReference:
    stripped = " ".join(text.split())
    if stripped.isascii() and stripped.isdigit():
        return SourceReference(stripped, source_id=int(stripped))
    outlet, separator, title = stripped.partition(OUTLET_SEPARATOR)
    if separator and outlet.strip() and title.strip():
        return SourceReference(stripped, outlet=outlet.strip(), title=title.strip())
    return SourceReference(stripped)
