"""Writes for places: full_clean() before save(), a place with its alternate names in one
transaction, and geocoding of a place saved without a point.

Geocoding happens here (and in the admin, through these functions), never in `Place.save()`:
with an online provider it is network I/O, which does not belong in `save()` nor in these
functions' transactions (the API's and the admin form's request-wide transactions still hold
it), and `bulk_create` and fixtures would skip it anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from places import geocoding
from places.models import Place
from places.names import fold
from places.regions import COUNTRIES
from project.writes import assign, clean_and_save, replace_items

PLACE_FIELDS = (
    "name",
    "kind",
    "parent",
    "country_code",
    "admin1",
    "latitude",
    "longitude",
    "geometry",
    "precision",
    "geonames_id",
    "geocode_provider",
    "geocode_query",
    "geocode_matched_name",
    "geocoded_at",
    "notes",
)
# Kinds a settlement's point suits; regions, countries and areas are not geocoded to a town.
GEOCODED_KINDS = (Place.Kind.SETTLEMENT, Place.Kind.FACILITY, Place.Kind.DISTRICT)
# How many candidates are offered when a geocoded name could mean several places.
CANDIDATES_SHOWN = 8


def place_create(*, name: str, names: Iterable[Mapping] = (), **fields: Any) -> Place:
    """Create a place with its alternate names ({name, language, kind}); one without a point
    is geocoded."""
    place = assign(Place(), {"name": name, **fields}, PLACE_FIELDS)
    geocode_into(place)  # before this function's transaction: an online geocoder is network I/O
    with transaction.atomic():
        clean_and_save(place)
        replace_items(place.names, names, path="names")
    return place


def place_update(place: Place, *, names: Iterable[Mapping] | None = None, **fields: Any) -> Place:
    """Change a place; a list of names, when given, replaces the old one. A place left without
    a point is geocoded."""
    assign(place, fields, PLACE_FIELDS)
    geocode_into(place)
    with transaction.atomic():
        clean_and_save(place)
        if names is not None:
            replace_items(place.names, names, path="names")
    return place


def place_geocode(place: Place) -> bool:
    """Replace a place's point with the geocoder's best candidate and save it (the admin
    action). Return False, and store nothing, when nothing matches or the match does not
    validate."""
    if not geocode_into(place, force=True):
        return False
    try:
        with transaction.atomic():
            clean_and_save(place)
    except ValidationError:
        return False
    return True


def place_candidates(place: Place, limit: int = CANDIDATES_SHOWN) -> tuple[list[dict], bool]:
    """Return the candidates of the query a place was geocoded from, best first, and whether
    that query was ambiguous (False when the geocoder does not say, or is unreachable, or is
    not the one that geocoded the place: its candidates would be another's)."""
    if (
        not place.geocode_query
        or place.geocode_provider != geocoding.provider()
        or place.kind not in GEOCODED_KINDS  # a region now: its point is not a town's
    ):
        return [], False
    try:
        results, ambiguous = geocoding.lookup(place.geocode_query, limit=limit)
    except (geocoding.GeocodingError, ValueError):
        return [], False
    return results, bool(ambiguous)


def place_query(place: Place) -> str:
    """Return the query that geocodes a place: its name, qualified by region and country."""
    country = COUNTRIES.get(place.country_code, (place.country_code,))[0]
    return ", ".join(part for part in (place.name, place.admin1, country) if part)


def geocode_into(place: Place, *, force: bool = False) -> bool:
    """Give a settlement, facility or district without a point (with one too, when `force`)
    the best candidate's point and record where it came from, without saving. Return True if
    it matched. Never raise for no match or an unreachable geocoder: saving must not depend
    on it.

    A place with only one coordinate is left alone, so that full_clean() says what is wrong.
    """
    given = place.latitude is not None or place.longitude is not None
    if (given and not force) or place.kind not in GEOCODED_KINDS:
        return False
    if not fold(place.name):
        return False
    query = place_query(place)[: geocoding.MAX_QUERY_LENGTH]
    try:
        results = geocoding.geocode(query, limit=1)
    except (geocoding.GeocodingError, ValueError):
        return False
    if not results:
        return False
    _take(place, results[0], query=query)
    return True


def place_pick_candidate(place: Place, *, geonames_id: int) -> bool:
    """Move a place, without saving, to another candidate of the query it was geocoded from
    (the one with this GeoNames id; the admin's picker): its point, region, country and
    GeoNames id become that candidate's (the id stays empty if another place already has it:
    the admin refuses that choice first). Return False, changing nothing, when the query has
    no such candidate."""
    results, _ambiguous = place_candidates(place)
    chosen = next((result for result in results if result["geonames_id"] == geonames_id), None)
    if chosen is None:
        return False
    place.country_code, place.admin1, place.geonames_id = "", "", None
    _take(place, chosen, query=place.geocode_query)
    return True


def _take(place: Place, result: dict, *, query: str) -> None:
    """Give a place a geocoding result's point and record where it came from."""
    place.latitude, place.longitude = result["latitude"], result["longitude"]
    place.precision = Place.Precision.SETTLEMENT
    place.country_code = place.country_code or result["country_code"] or ""
    place.admin1 = place.admin1 or result["admin1"] or ""
    place.geocode_provider = result["provider"]
    place.geocode_query = query
    place.geocode_matched_name = result["matched_name"][:200]
    place.geocoded_at = timezone.now()
    if result["geonames_id"] and place.geonames_id is None:
        taken = Place.objects.filter(geonames_id=result["geonames_id"]).exclude(pk=place.pk)
        if not taken.exists():
            place.geonames_id = result["geonames_id"]
