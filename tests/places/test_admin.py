import re

import pytest

from places import services
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


def _change_data(place, **changes):
    """The change form of a place as the browser posts it, with `changes`."""
    data = {
        "name": place.name,
        "kind": place.kind,
        "parent": "",
        "country_code": place.country_code,
        "admin1": place.admin1,
        "notes": place.notes,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "precision": place.precision,
        "geometry": "null",
        "geonames_id": place.geonames_id,
        "names-TOTAL_FORMS": "0",
        "names-INITIAL_FORMS": "0",
    }
    return {**{key: "" if value is None else value for key, value in data.items()}, **changes}


def _choices(html):
    return re.findall(r'<input type="radio" name="geocode_candidate"[^>]*>', html)


def _checked(html):
    """The GeoNames ids of the picker's checked choices."""
    return [re.search(r'value="(\d+)"', tag).group(1) for tag in _choices(html) if "checked" in tag]


@pytest.fixture
def novoselivka(admin_client_logged_in, offline):
    """A place saved from the ambiguous name "Novoselivka", as the admin geocoded it."""
    response = admin_client_logged_in.post(
        "/admin/places/place/add/", _change_data(Place(name="Novoselivka", kind="settlement"))
    )
    place = Place.objects.get(name="Novoselivka")
    # The editor is sent to the place's page, where the other candidates are offered.
    assert response.status_code == 302
    assert response["Location"] == f"/admin/places/place/{place.pk}/change/"
    return place


def test_the_place_page_offers_the_other_candidates(admin_client_logged_in, novoselivka):
    html = admin_client_logged_in.get(f"/admin/places/place/{novoselivka.pk}/change/").content
    html = html.decode()
    assert "Other places this name could be" in html
    assert "“Novoselivka” could be several places" in html
    assert len(_choices(html)) == services.CANDIDATES_SHOWN
    assert html.count("· taken") == 1
    assert _checked(html) == [str(novoselivka.geonames_id)]
    assert "Novoselivka — " in html and ", Ukraine · " in html and " people · " in html


def test_choosing_another_candidate_moves_the_place(admin_client_logged_in, novoselivka):
    candidates, ambiguous = services.place_candidates(novoselivka)
    other = next(c for c in candidates if c["geonames_id"] != novoselivka.geonames_id)
    response = admin_client_logged_in.post(
        f"/admin/places/place/{novoselivka.pk}/change/",
        _change_data(novoselivka, geocode_candidate=other["geonames_id"]),
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any(message.startswith("Moved to Novoselivka (") for message in messages)
    moved = Place.objects.get(pk=novoselivka.pk)
    assert (moved.latitude, moved.longitude, moved.geonames_id, moved.admin1) == (
        other["latitude"],
        other["longitude"],
        other["geonames_id"],
        other["admin1"],
    )
    assert moved.geocode_query == novoselivka.geocode_query  # the same choice stays on offer
    assert moved.history.count() == 2
    html = admin_client_logged_in.get(f"/admin/places/place/{moved.pk}/change/").content.decode()
    assert _checked(html) == [str(other["geonames_id"])]


def test_a_candidate_not_offered_is_refused(admin_client_logged_in, novoselivka):
    response = admin_client_logged_in.post(
        f"/admin/places/place/{novoselivka.pk}/change/",
        _change_data(novoselivka, geocode_candidate=707292),  # Izium: not a Novoselivka
    )
    assert response.status_code == 200
    assert "geocode_candidate" in response.context["adminform"].form.errors
    unchanged = Place.objects.get(pk=novoselivka.pk)
    assert (unchanged.latitude, unchanged.geonames_id) == (
        novoselivka.latitude,
        novoselivka.geonames_id,
    )


def test_no_picker_for_a_name_that_means_one_place(admin_client_logged_in, offline):
    admin_client_logged_in.post(
        "/admin/places/place/add/", _change_data(Place(name="Svatovo", kind="settlement"))
    )
    place = Place.objects.get(name="Svatovo")
    html = admin_client_logged_in.get(f"/admin/places/place/{place.pk}/change/").content.decode()
    assert "Other places this name could be" not in html
    assert 'name="geocode_candidate"' not in html


def test_the_geocode_action_names_the_places_left_ambiguous(admin_client_logged_in, offline):
    town = Place.objects.create(name="Svatovo", latitude=1.0, longitude=1.0)
    village = Place.objects.create(name="Novoselivka", latitude=1.0, longitude=1.0)
    response = admin_client_logged_in.post(
        CHANGELIST,
        {"action": "geocode_selected", "_selected_action": [town.pk, village.pk]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert messages[1] == (
        "1 could be several places each; open it to choose another: "
        f'<a href="/admin/places/place/{village.pk}/change/">Novoselivka</a>.'
    )


def test_a_candidate_another_place_already_is_is_refused(admin_client_logged_in, novoselivka):
    candidates, _ = services.place_candidates(novoselivka)
    other = next(c for c in candidates if c["geonames_id"] != novoselivka.geonames_id)
    holder = Place.objects.create(
        name="Novoselivka (the other)", kind="settlement", geonames_id=other["geonames_id"]
    )
    response = admin_client_logged_in.post(
        f"/admin/places/place/{novoselivka.pk}/change/",
        _change_data(novoselivka, geocode_candidate=other["geonames_id"]),
    )
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["geocode_candidate"]
    assert f"Novoselivka (the other) (id {holder.pk})" in error
    assert Place.objects.get(pk=novoselivka.pk).geonames_id == novoselivka.geonames_id


def test_a_view_only_user_gets_no_picker(client, novoselivka, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_place"))
    client.force_login(viewer)
    response = client.get(f"/admin/places/place/{novoselivka.pk}/change/")
    assert response.status_code == 200
    assert 'name="geocode_candidate"' not in response.content.decode()
