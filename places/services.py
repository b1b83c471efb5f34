"""Writes for places: full_clean() before save(), and a place with its alternate names in one
transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction

from places.models import Place
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


def place_create(*, name: str, names: Iterable[Mapping] = (), **fields) -> Place:
    """Create a place with its alternate names ({name, language, kind})."""
    with transaction.atomic():
        place = clean_and_save(assign(Place(), {"name": name, **fields}, PLACE_FIELDS))
        replace_items(place.names, names, path="names")
    return place


def place_update(place: Place, *, names: Iterable[Mapping] | None = None, **fields) -> Place:
    """Change a place; a list of names, when given, replaces the old one."""
    with transaction.atomic():
        clean_and_save(assign(place, fields, PLACE_FIELDS))
        if names is not None:
            replace_items(place.names, names, path="names")
    return place
