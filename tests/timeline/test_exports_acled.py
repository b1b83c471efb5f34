"""ACLED's codebook conventions (timeline/exports/acled.py)."""

import datetime as dt

import pytest

from timeline import dates
from timeline.exports import acled


@pytest.mark.parametrize(
    ("date", "event_date", "time_precision"),
    [
        ("2022-06-15", "2022-06-15", 1),
        ("2022-06-15~", "2022-06-15", 2),  # about a day: a few days
        ("2022-03-07/2022-03-10", "2022-03-08", 2),
        ("2022-06", "2022-06-15", 3),  # a month at its midpoint
        ("2022-06-21/2022-06-30", "2022-06-25", 3),
        ("2022", "2022-07-02", 3),
        ("[..2022-08-03]", "2022-08-03", 3),  # before a day: that day, not the middle of 10 years
        ("2022-03-01/..", "2022-03-01", 3),
        ("../2022-06-30", "2022-06-30", 3),
        ("2022-06-15/", "2022-06-15", 3),
    ],
)
def test_event_date_and_time_precision(date, event_date, time_precision):
    info = dates.parse(date)  # the stored fields, as the export reads them
    coded = acled.event_date(info.edtf, info.earliest, info.latest)
    assert coded == dt.date.fromisoformat(event_date)
    assert info.earliest <= coded <= info.latest
    assert acled.time_precision(info.precision, info.approximate) == time_precision


@pytest.mark.parametrize(
    ("place_precision", "geo_precision"),
    [
        ("exact", 1),
        ("settlement", 1),
        ("district", 2),
        ("region", 3),
        ("country", 3),
        (None, None),
        ("", None),
    ],
)
def test_geo_precision(place_precision, geo_precision):
    assert acled.geo_precision(place_precision) == geo_precision


def test_country_is_the_numeric_code_and_the_name():
    assert acled.country("UA") == (804, "Ukraine")
    assert acled.country("ru") == (643, "Russia")
    assert acled.country("") == (None, "")
    assert acled.country("XX") == (None, "")
