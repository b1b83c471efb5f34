import pytest

from places.models import Place
from tests.dataset import PLACE

CHANGELIST = "/admin/places/place/"
IZIUM_PAGE = f"/admin/places/place/{PLACE['Izium']}/change/"


@pytest.fixture
def offline(gazetteer_index, settings):
    settings.GEOCODER = "offline"


def test_change_page_has_the_map_from_our_own_static_files(admin_client_logged_in, dataset):
    response = admin_client_logged_in.get(IZIUM_PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="place-map"' in html and 'data-tile-url=""' in html
    assert "/static/places/leaflet/leaflet.js" in html
    assert "/static/places/leaflet/leaflet.css" in html
    assert "/static/places/js/place_map.js" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_tile_url_setting_reaches_the_map(admin_client_logged_in, dataset, settings):
    settings.MAP_TILE_URL = "http://tiles.example/{z}/{x}/{y}.png"
    html = admin_client_logged_in.get(IZIUM_PAGE).content.decode()
    assert 'data-tile-url="http://tiles.example/{z}/{x}/{y}.png"' in html


def test_admin_action_geocodes_selected_places(admin_client_logged_in, offline):
    town = Place.objects.create(name="Severodonetsk", latitude=1.0, longitude=1.0)
    nowhere = Place.objects.create(name="Qqqqzzzxxx")
    response = admin_client_logged_in.post(
        CHANGELIST,
        {"action": "geocode_selected", "_selected_action": [town.pk, nowhere.pk]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["Geocoded 1: Severodonetsk.", "No match for 1: Qqqqzzzxxx."]
    town.refresh_from_db()
    assert (town.latitude, town.longitude, town.geonames_id) == (48.94414, 38.48754, 691999)
    assert town.geocode_provider == "offline" and town.history.count() == 2
    nowhere.refresh_from_db()
    assert not nowhere.has_point


def test_adding_a_place_in_the_admin_geocodes_it(admin_client_logged_in, offline):
    response = admin_client_logged_in.post(
        "/admin/places/place/add/",
        {
            "name": "Svatovo",
            "kind": "settlement",
            "precision": "settlement",
            "country_code": "",
            "admin1": "",
            "latitude": "",
            "longitude": "",
            "geometry": "null",
            "notes": "",
            "names-TOTAL_FORMS": "0",
            "names-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    place = Place.objects.get(name="Svatovo")
    assert (place.geonames_id, place.admin1, place.geocode_matched_name) == (
        692118,
        "Luhansk Oblast",
        "Svatovo",
    )
    assert place.history.count() == 1  # geocoded before the one save


def test_an_ambiguous_name_tells_the_editor_which_place_was_taken(admin_client_logged_in, offline):
    response = admin_client_logged_in.post(
        "/admin/places/place/add/",
        {
            "name": "Novoselivka",
            "kind": "settlement",
            "precision": "settlement",
            "country_code": "",
            "admin1": "",
            "latitude": "",
            "longitude": "",
            "geometry": "null",
            "notes": "",
            "names-TOTAL_FORMS": "0",
            "names-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    place = Place.objects.get(name="Novoselivka")
    [warning] = [str(m) for m in response.context["messages"] if "several places" in str(m)]
    assert f"took Novoselivka ({place.admin1}, UA; {place.latitude:.4f}" in warning
    assert warning.count("Novoselivka (") >= 3  # the one taken and the others offered
