"""The offline gazetteer, behind geopy's `Geocoder` interface.

The index is opened once per process, lazily, by the loader its caller hands it
(places.geocoding opens the memory-mapped world index that `manage.py build_gazetteer` wrote),
and every query after that is answered from it. No Django inside: it knows no model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from places.matching import GazetteerIndex, Lookup, Match

PROVIDER = "offline"
DEFAULT_LIMIT = 5

_index: GazetteerIndex | None = None
_index_lock = threading.Lock()


def get_index(load_index: Callable[[], GazetteerIndex]) -> GazetteerIndex:
    """Return the process's index, opening it with `load_index()` on first use (in Django,
    places.geocoding.gazetteer_index() passes the loader for GAZETTEER_DIR)."""
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = load_index()
    return _index


def set_index(index: GazetteerIndex | None) -> None:
    """Replace the process's index (None: reopen on next use), e.g. after build_gazetteer."""
    global _index
    with _index_lock:
        _index = index


def match_to_raw(match: Match, *, ambiguous: bool = False) -> dict:
    """Return a match as the plain dict geopy keeps in `Location.raw`."""
    entry = match.entry
    return {
        "geonames_id": entry.geonames_id or None,
        "name": entry.name,
        "matched_name": match.matched_name,
        "match": match.how,
        "kind": entry.kind,
        "precision": entry.precision,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
        "country_code": entry.country_code,
        "admin1": entry.admin1,
        "population": entry.population,
        "score": match.score,
        "distance_km": match.distance_km,
        "ambiguous": ambiguous,
    }


def _location(match: Match, *, ambiguous: bool = False) -> Location:
    entry = match.entry
    parts = (entry.name, entry.admin1 if entry.admin1 != entry.name else "", entry.country_code)
    return Location(
        ", ".join(part for part in parts if part),
        (entry.latitude, entry.longitude),
        match_to_raw(match, ambiguous=ambiguous),
    )


class Gazetteer(Geocoder):
    """GeoNames places, regions and countries of the whole world, matched offline in any
    common spelling.

    It never touches the network; `scheme`, `timeout` and the like are accepted for geopy's
    sake and ignored.
    """

    def __init__(
        self,
        *,
        index: GazetteerIndex | None = None,
        load_index: Callable[[], GazetteerIndex] | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self._index = index
        self._load_index = load_index

    @property
    def index(self) -> GazetteerIndex:
        return self._index or get_index(self._load_index)

    def lookup(self, query, limit: int = DEFAULT_LIMIT) -> Lookup:
        """Return the ranked matches of a query and whether it is ambiguous."""
        return self.index.lookup(str(query), limit)

    def geocode(self, query, *, exactly_one=True, limit=None):
        """Return the best Location (exactly_one) or a list of them; None when nothing
        matches, as geopy's geocoders do. `Location.raw["ambiguous"]` says whether another
        candidate is as likely."""
        found = self.lookup(query, 1 if exactly_one else (limit or DEFAULT_LIMIT))
        locations = [_location(match, ambiguous=found.ambiguous) for match in found.matches]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one=True, limit=None):
        """Return the nearest place (exactly_one) or the nearest few to a point ("lat, lon",
        a geopy Point or a pair), with `raw["distance_km"]`; None if none is near."""
        point = Point(query)
        matches = self.index.nearest(
            point.latitude, point.longitude, 1 if exactly_one else (limit or DEFAULT_LIMIT)
        )
        locations = [_location(match) for match in matches]
        if not locations:
            return None
        return locations[0] if exactly_one else locations
