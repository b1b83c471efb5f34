"""The shipped dataset's records that tests name, found by what they are rather than by their id.

`EVENT["held in Brianka"]` is the id of the event titled "A refusing soldier held in Brianka".
A key is a record's whole title or name, or a part of it that only one record's has; sources are
named R1–R5, the tags the dataset brief gives the reports and their titles end with. The ids
are read from the fixture files, not from the database, so they can be used at import time
(in URLs and parametrize lists). A key that finds no record, or more than one, fails when the
test module is imported, naming the key: a fixture edit breaks here, not in a test far away.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = (ROOT / "fixtures" / "places.json", ROOT / "fixtures" / "dataset.json")

# An id no record has: the 404 tests ask for it.
MISSING_ID = 999_999


class Records:
    """A kind of record in the fixtures, looked up by a key: exact, or a part of one key only."""

    def __init__(self, kind: str, by_key: dict[str, int]):
        self.kind = kind
        self.by_key = by_key

    def __getitem__(self, key: str) -> int:
        if key in self.by_key:
            return self.by_key[key]
        found = [name for name in self.by_key if key in name]
        if len(found) != 1:
            raise KeyError(f"{len(found)} {self.kind} records match {key!r}: {found}")
        return self.by_key[found[0]]

    def ids(self, *keys: str) -> list[int]:
        """The ids of the records the keys name, in the keys' order."""
        return [self[key] for key in keys]


ROWS = [row for path in FIXTURES for row in json.loads(path.read_text(encoding="utf-8"))]


def _by(model: str, key) -> Records:
    ids: dict[str, int] = {}
    for row in (row for row in ROWS if row["model"] == model):
        name = key(row["fields"])
        if name in ids:
            raise ValueError(f"two {model} records are keyed {name!r}")
        ids[name] = row["pk"]
    return Records(model, ids)


def _report_tag(fields: dict) -> str:
    tag = re.search(r"\((R\d+)\)$", fields["title"])
    if tag is None:
        raise ValueError(f"source title without a report tag: {fields['title']!r}")
    return tag.group(1)


EVENT = _by("timeline.event", lambda fields: fields["title"])
PLACE = _by("places.place", lambda fields: fields["name"])
ACTOR = _by("timeline.actor", lambda fields: fields["name"])
SOURCE = _by("timeline.source", _report_tag)
