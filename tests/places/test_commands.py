from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from places import gazetteer
from places.geocoding import stored_gazetteer_entries
from places.models import GazetteerPlace


@pytest.fixture
def offline(gazetteer_index, settings):
    settings.GEOCODER = "offline"
    yield gazetteer_index
    gazetteer.set_index(gazetteer_index)


def test_build_gazetteer_is_idempotent_and_feeds_the_index(
    offline, gazetteer_entries, db, django_assert_num_queries
):
    call_command("build_gazetteer", stdout=StringIO())
    out = StringIO()
    call_command("build_gazetteer", stdout=out)
    assert GazetteerPlace.objects.count() == len(gazetteer_entries) > 5000
    assert f"{len(gazetteer_entries)} places" in out.getvalue()
    izium = GazetteerPlace.objects.get(geonames_id=707292)
    assert (izium.name, izium.admin1, izium.country_code) == ("Izyum", "Kharkiv Oblast", "UA")
    assert "Izioum" in izium.alternate_names
    assert not GazetteerPlace.objects.filter(country_code="RU", population__lt=15_000).exists()
    assert not GazetteerPlace.objects.filter(country_code="UA", population__lt=500).exists()
    with django_assert_num_queries(1):
        index = gazetteer.get_index(stored_gazetteer_entries)  # from the table the command filled
    assert index is not offline and len(index) == len(gazetteer_entries)
    with django_assert_num_queries(0):  # built once, never re-read per query
        assert gazetteer.get_index(stored_gazetteer_entries) is index
        location = gazetteer.Gazetteer(load_entries=stored_gazetteer_entries).geocode("Izioum")
        assert location.raw["geonames_id"] == 707292


def test_geocode_command_prints_candidates(offline, db):
    out = StringIO()
    call_command("geocode", "Izioum", stdout=out)
    assert out.getvalue().splitlines()[0] == (
        "1. Izyum (Kharkiv Oblast, UA) 49.20697, 37.27679 score 1.0 via offline, "
        "matched 'Izioum', geonames 707292, population 45884"
    )


def test_geocode_command_no_match_and_bad_input(offline, db):
    out = StringIO()
    call_command("geocode", "Qqqqzzzxxx", stdout=out)
    assert out.getvalue() == "No match for 'Qqqqzzzxxx'.\n"
    with pytest.raises(CommandError, match="Give a place name"):
        call_command("geocode", " ")
