"""places/services.py: a place written without a point is geocoded by the services, never by
save(); the gazetteer is the one in tests/places/conftest.py."""

import pytest
from django.core.exceptions import ValidationError

from places.models import ERROR_HALF_POINT, Place
from places.services import (
    place_candidates,
    place_create,
    place_geocode,
    place_pick_candidate,
    place_update,
)


@pytest.fixture
def offline(gazetteer_index, settings):
    settings.GEOCODER = "offline"


def test_creating_a_place_without_a_point_geocodes_it(offline, db):
    place = place_create(name="Svatove", admin1="Luhansk Oblast", country_code="UA")
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (49.40926, 38.15534)
    assert place.geonames_id == 692118
    assert place.geocode_provider == "offline"
    assert place.geocode_query == "Svatove, Luhansk Oblast, Ukraine"
    assert place.geocode_matched_name == "Svatove"
    assert place.geocoded_at is not None
    assert place.precision == Place.Precision.SETTLEMENT
    assert place.history.count() == 1  # geocoded before the one save


def test_updating_a_place_left_without_a_point_geocodes_it(offline, db):
    place = place_create(name="Somewhere", latitude=1.0, longitude=2.0)
    place_update(place, name="Kremennaya", latitude=None, longitude=None)
    place.refresh_from_db()
    assert (place.latitude, place.longitude, place.geonames_id) == (49.04811, 38.21552, 704138)


def test_geocoding_fills_region_and_country(offline, db):
    place = place_create(name="Lisichansk")
    assert (place.country_code, place.admin1, place.geonames_id) == ("UA", "Luhansk Oblast", 702972)


def test_no_match_still_saves(offline, db):
    place = place_create(name="Qqqqzzzxxx")
    assert place.pk is not None and not place.has_point and place.geocode_provider == ""


def test_a_place_with_a_point_is_left_alone(offline, db):
    place = place_create(name="Izium", latitude=1.0, longitude=2.0)
    assert (place.latitude, place.longitude, place.geocode_provider) == (1.0, 2.0, "")


def test_half_a_point_is_refused_not_geocoded(offline, db):
    with pytest.raises(ValidationError) as error:
        place_create(name="Svatove", latitude=49.2)
    assert error.value.message_dict == {"latitude": [ERROR_HALF_POINT]}
    assert not Place.objects.filter(name="Svatove").exists()


def test_regions_are_not_geocoded_to_a_town(offline, db):
    place = place_create(name="Luhansk", kind=Place.Kind.REGION)
    assert not place.has_point


def test_geonames_id_only_when_free(offline, db):
    place_create(name="Rubizhne", latitude=49.0, longitude=38.4, geonames_id=695274)
    # In the world gazetteer a Chechen village also goes by "Rubeznoe": the country decides.
    second = place_create(name="Rubeznoe", country_code="UA")
    assert second.has_point and second.geonames_id is None


def test_saving_a_model_never_geocodes(offline, db):
    """Geocoding is the services' job: save(), bulk_create and fixtures store what they get."""
    place = Place.objects.create(name="Svatove")
    (bulk,) = Place.objects.bulk_create([Place(name="Kreminna")])
    place.refresh_from_db()
    bulk.refresh_from_db()
    assert not place.has_point and not bulk.has_point and place.geocode_provider == ""


def test_place_geocode_replaces_the_point_and_saves(offline, db):
    place = place_create(name="Severodonetsk", latitude=1.0, longitude=1.0)
    assert place_geocode(place)
    place.refresh_from_db()
    assert (place.latitude, place.longitude, place.geonames_id) == (48.94414, 38.48754, 691999)
    assert place.history.count() == 2


def test_place_geocode_without_a_match_stores_nothing(offline, db):
    place = place_create(name="Qqqqzzzxxx", latitude=1.0, longitude=1.0)
    assert not place_geocode(place)
    place.refresh_from_db()
    assert (place.latitude, place.longitude, place.history.count()) == (1.0, 1.0, 1)


def test_picking_another_candidate_of_an_ambiguous_query(offline, db):
    place = place_create(name="Novoselivka")
    candidates, ambiguous = place_candidates(place)
    assert ambiguous and candidates[0]["geonames_id"] == place.geonames_id
    other = candidates[2]
    assert place_pick_candidate(place, geonames_id=other["geonames_id"])  # not saved yet
    assert (place.latitude, place.longitude, place.geonames_id) == (
        other["latitude"],
        other["longitude"],
        other["geonames_id"],
    )
    assert (place.admin1, place.country_code) == (other["admin1"], "UA")
    assert place.geocode_query == "Novoselivka"


def test_a_geonames_id_the_query_did_not_offer_changes_nothing(offline, db):
    place = place_create(name="Novoselivka")
    before = (place.latitude, place.longitude, place.geonames_id, place.admin1)
    assert not place_pick_candidate(place, geonames_id=707292)  # Izium
    assert (place.latitude, place.longitude, place.geonames_id, place.admin1) == before


def test_a_place_never_geocoded_has_no_candidates(offline, db):
    place = place_create(name="Somewhere", latitude=1.0, longitude=2.0)
    assert place_candidates(place) == ([], False)
