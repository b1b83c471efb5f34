"""timeline/duplicates.py: when a new event may repeat one already recorded."""

import datetime as dt

import pytest

from timeline.duplicates import (
    MAX_DISTANCE_KM,
    MIN_TITLE_SIMILARITY,
    Occurrence,
    duplicate_score,
    possible_duplicates,
    title_similarity,
)

D = dt.date
# A town and points about 3 km and about 11 km north of it (0.01° of latitude is ~1.1 km).
TOWN = (38.80, 48.50)
NEAR = (38.80, 48.527)
FAR = (38.80, 48.60)


def event(
    id=None, title="Residents of Testivka detained", span=("2022-03-21", "2022-03-31"), at=TOWN
):
    earliest, latest = (D.fromisoformat(day) for day in span)
    longitude, latitude = at if at else (None, None)
    return Occurrence(id, title, earliest, latest, longitude, latitude)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Residents of Testivka detained", "residents of testivka detained."),
        ("Residents of Testivka detained", "Testivka: residents detained by soldiers"),
        ("Two men held at the Testivka checkpoint", "Checkpoint at Testivka: two men held"),
    ],
)
def test_titles_alike_in_other_words_or_order(first, second):
    assert title_similarity(first, second) >= MIN_TITLE_SIMILARITY


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Residents of Testivka detained", "School shelled in Testivka"),
        ("Two men held at a checkpoint", "Mobilisation notices handed out at a market"),
    ],
)
def test_titles_about_other_things(first, second):
    assert title_similarity(first, second) < MIN_TITLE_SIMILARITY


def test_the_same_event_from_a_copied_report_is_flagged():
    copy = event(title="Testivka residents detained", span=("2022-03-28", "2022-03-28"))
    assert duplicate_score(copy, event(id=7)) is not None


@pytest.mark.parametrize(
    ("why", "other"),
    [
        ("too far", event(id=7, at=FAR)),
        ("dates apart", event(id=7, span=("2022-05-01", "2022-05-31"))),
        ("another kind of event", event(id=7, title="School shelled in Testivka")),
        ("no point", event(id=7, at=None)),
        ("itself", event(id=None)),
    ],
)
def test_not_flagged(why, other):
    new = event(id=None if why != "itself" else 3)
    other = other if why != "itself" else event(id=3)
    assert duplicate_score(new, other) is None, why


def test_a_near_village_is_still_the_same_place():
    assert MAX_DISTANCE_KM > 3.5
    assert duplicate_score(event(), event(id=7, at=NEAR)) is not None


def test_the_likeliest_first_then_by_id():
    candidates = [
        event(id=9, title="Testivka: residents detained by soldiers"),
        event(id=4, title="Residents of Testivka detained"),
        event(id=2, title="Residents of Testivka detained"),
        event(id=5, title="School shelled in Testivka"),
    ]
    assert possible_duplicates(event(), candidates) == [2, 4, 9]
