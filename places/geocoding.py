"""Geocoding for the rest of the project: `geocode(query, limit)` returns result dicts.

This is the only module that knows which provider is in use (setting `GEOCODER`): the offline
GeoNames gazetteer, or geopy's own Nominatim, Photon or Pelias behind a RateLimiter, whose
answers are cached in the database so that no query goes to the network twice.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, Pelias, Photon

from places import gazetteer, geonames
from places.gazetteer import PROVIDER as OFFLINE
from places.geonames import ATTRIBUTION as GEONAMES_ATTRIBUTION
from places.matching import MAX_QUERY_LENGTH, GazetteerIndex
from places.models import GeocodeCacheEntry, Place

logger = logging.getLogger(__name__)

MAX_LIMIT = 20
# Online answers are fetched and cached at this size, whatever limit the caller asks for.
ONLINE_FETCH_LIMIT = MAX_LIMIT

# A result's fields, in the order the API documents them.
RESULT_FIELDS = (
    "name",
    "matched_name",
    "match",
    "kind",
    "precision",
    "latitude",
    "longitude",
    "country_code",
    "admin1",
    "population",
    "score",
    "distance_km",
    "geonames_id",
    "place_id",
    "provider",
)
REVERSE_LIMIT = 5

ERROR_QUERY_EMPTY = "Give a place name to look up."
ERROR_QUERY_TOO_LONG = f"A query is at most {MAX_QUERY_LENGTH} characters."
ERROR_LIMIT = f"limit must be between 1 and {MAX_LIMIT}."
ERROR_UNAVAILABLE = "The {provider} geocoder could not be reached: {reason}."

ATTRIBUTIONS = {
    OFFLINE: GEONAMES_ATTRIBUTION,
    "nominatim": "Data © OpenStreetMap contributors, ODbL 1.0, via Nominatim.",
    "photon": "Data © OpenStreetMap contributors, ODbL 1.0, via Photon.",
    "pelias": "Data from the Pelias service's sources (OpenStreetMap, OpenAddresses, "
    "GeoNames, Who's On First); see its attribution.",
}


class GeocodingError(Exception):
    """An online geocoder failed; the message is meant for the user."""


def provider() -> str:
    """Return the name of the geocoder in use."""
    return settings.GEOCODER


def attribution() -> str:
    """Return the attribution the data of the geocoder in use requires."""
    return ATTRIBUTIONS[provider()]


def check_query(query: str, limit: int) -> str:
    """Return the query stripped, or raise ValueError with a message for the user."""
    query = str(query or "").strip()
    if not query:
        raise ValueError(ERROR_QUERY_EMPTY)
    if len(query) > MAX_QUERY_LENGTH:
        raise ValueError(ERROR_QUERY_TOO_LONG)
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(ERROR_LIMIT)
    return query


def geocode(query: str, limit: int = 5) -> list[dict]:
    """Return up to `limit` candidates for a place name, best first (see README: Geocoding)."""
    return lookup(query, limit)[0]


def lookup(query: str, limit: int = 5) -> tuple[list[dict], bool | None]:
    """Return the candidates for a place name, best first, and whether the answer is ambiguous
    (None when the provider does not say: the online ones)."""
    query = check_query(query, limit)
    name = provider()
    if name == OFFLINE:
        found = _gazetteer().lookup(query, limit)
        results = [gazetteer.match_to_raw(match) for match in found.matches]
        ambiguous = found.ambiguous
    else:
        results = _online_cached(name, query)[:limit]
        ambiguous = None
    return _with_place_ids([{**result, "provider": name} for result in results]), ambiguous


def reverse(latitude: float, longitude: float, limit: int = REVERSE_LIMIT) -> dict:
    """Return the places nearest to a point, and the region and country of the nearest one,
    from the offline gazetteer (whatever GEOCODER says: reverse geocoding never goes online)."""
    index = _gazetteer().index
    nearest = index.nearest(latitude, longitude, limit)
    region = country = None
    if nearest:
        first = nearest[0].entry
        region = index.area(first.country_code, first.admin1_code, first.admin1)
        country = index.area(first.country_code)
    return {
        "results": _with_place_ids(
            [{**gazetteer.match_to_raw(match), "provider": OFFLINE} for match in nearest]
        ),
        "region": _area(region),
        "country": _area(country),
    }


def _area(entry) -> dict | None:
    if entry is None:
        return None
    return {
        "name": entry.name,
        "kind": entry.kind,
        "country_code": entry.country_code,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
    }


def open_gazetteer_index() -> GazetteerIndex:
    """Return the world index under GAZETTEER_DIR, building it first if it is missing (a fresh
    checkout before `make setup`: slow once, and said in the log)."""
    if not geonames.index_directory(settings.GAZETTEER_DIR).exists():
        logger.warning(
            "No gazetteer index in %s for this code; building it now (run "
            "`manage.py build_gazetteer` at deploy time instead).",
            settings.GAZETTEER_DIR,
        )
    return geonames.world_index(settings.GAZETTEER_DIR)


def gazetteer_index() -> GazetteerIndex:
    """Return the process's offline gazetteer index (the lookup API of places.matching)."""
    return _gazetteer().index


@lru_cache(maxsize=1)
def _gazetteer() -> gazetteer.Gazetteer:
    """One Gazetteer per process: building one loads the system CA bundle."""
    return gazetteer.Gazetteer(load_index=open_gazetteer_index)


def place_ids_by_geonames_id(geonames_ids) -> dict[int, int]:
    """The stored Place of each GeoNames id, in one query. Regions and countries of the gazetteer
    have no GeoNames id of their own (0 or None): they have no stored Place by it."""
    ids = {geonames_id for geonames_id in geonames_ids if geonames_id}
    if not ids:
        return {}
    return dict(Place.objects.filter(geonames_id__in=ids).values_list("geonames_id", "id"))


def _with_place_ids(results: list[dict]) -> list[dict]:
    places = place_ids_by_geonames_id(result.get("geonames_id") for result in results)
    return [
        {
            **{field: result.get(field) for field in RESULT_FIELDS},
            "place_id": places.get(result.get("geonames_id")),
        }
        for result in results
    ]


# Online providers -----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _online_geocoder(
    name: str,
    domain: str,
    scheme: str,
    user_agent: str,
    api_key: str,
    timeout: float,
    min_delay: float,
):
    common = {"scheme": scheme, "user_agent": user_agent, "timeout": timeout}
    if name == "nominatim":
        geocoder = Nominatim(domain=domain or "nominatim.openstreetmap.org", **common)
        call = lambda query: geocoder.geocode(  # noqa: E731
            query, exactly_one=False, limit=ONLINE_FETCH_LIMIT, addressdetails=True
        )
    elif name == "photon":
        geocoder = Photon(domain=domain or "photon.komoot.io", **common)
        call = lambda query: geocoder.geocode(  # noqa: E731
            query, exactly_one=False, limit=ONLINE_FETCH_LIMIT
        )
    else:
        geocoder = Pelias(domain or "api.geocode.earth", api_key or None, **common)
        call = lambda query: geocoder.geocode(query, exactly_one=False)  # noqa: E731
    # Errors propagate at once (no retry, not swallowed): a request must not hang on a dead
    # service, and a failure must never be cached as "no match".
    return RateLimiter(call, min_delay_seconds=min_delay, max_retries=0, swallow_exceptions=False)


def _online_cached(name: str, query: str) -> list[dict]:
    key = " ".join(query.split())
    cached = GeocodeCacheEntry.objects.filter(provider=name, query=key).first()
    if cached is not None:
        return cached.results
    lookup = _online_geocoder(
        name,
        settings.GEOCODER_DOMAIN,
        settings.GEOCODER_SCHEME,
        settings.GEOCODER_USER_AGENT,
        settings.GEOCODER_API_KEY,
        settings.GEOCODER_TIMEOUT,
        settings.GEOCODER_MIN_DELAY,
    )
    try:
        locations = lookup(key) or []
    except GeopyError as error:
        raise GeocodingError(ERROR_UNAVAILABLE.format(provider=name, reason=error)) from error
    results = [_online_result(name, location) for location in locations][:ONLINE_FETCH_LIMIT]
    try:
        with transaction.atomic():
            GeocodeCacheEntry.objects.create(provider=name, query=key, results=results)
    except IntegrityError:
        pass  # another request cached the same query meanwhile
    return results


def _online_result(name: str, location) -> dict:
    raw = location.raw or {}
    if name == "nominatim":
        address = raw.get("address") or {}
        label = raw.get("name") or str(raw.get("display_name", "")).split(",")[0]
        country_code = str(address.get("country_code", "")).upper()
        admin1 = address.get("state", "")
        score = raw.get("importance")
        population = None
    else:
        properties = raw.get("properties") or {}
        label = properties.get("name", "")
        country_code = str(
            properties.get("countrycode") or properties.get("country_code") or ""
        ).upper()[:2]
        admin1 = properties.get("state") or properties.get("region") or ""
        score = properties.get("confidence")
        population = properties.get("population")
    return {
        "geonames_id": None,
        "name": label or location.address,
        "matched_name": label or location.address,
        "match": None,
        "kind": None,
        "precision": None,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "country_code": country_code,
        "admin1": admin1,
        "population": population,
        "score": round(float(score), 3) if score is not None else None,
    }
