"""Filters for places, sources and actors (the event filters are in tests/timeline/), and the
event search that takes them in a body."""

import json

import pytest

from tests.dataset import ACTOR, MISSING_ID, PLACE, SOURCE

EVERY_ACTOR = sorted(ACTOR.by_key.values())
PSEUDONYMS = ACTOR.ids("Sergei", "Stas", "Andrei", "Oxana", "Yuri", "Maxime")


def ids(client, resource, params):
    response = client.get(f"/api/v1/{resource}/", {"page_size": 1000, **params})
    assert response.status_code == 200, response.json()
    return sorted(item["id"] for item in response.json()["results"])


@pytest.mark.parametrize(
    ("resource", "params", "expected"),
    [
        ("places", {"name": "Stakhanov"}, PLACE.ids("Kadiivka")),
        ("places", {"name": "izium"}, PLACE.ids("Izium")),
        ("places", {"name": "Izioum"}, PLACE.ids("Izium")),
        # the oblast is "Луганська область"
        ("places", {"name": "Луганськ"}, PLACE.ids("Luhansk Oblast", "Luhansk")),
        (  # Donbas by its notes
            "places",
            {"q": "Luhansk"},
            PLACE.ids(
                "Luhansk Oblast",
                "Popasna",
                "Alchevsk",
                "Kadiivka",
                "Khrustalnyi",
                "Brianka",
                "Perevalsk",
                "Perevalsk prison",
                "Luhansk",
                "Donbas",
            ),
        ),
        ("places", {"kind": "facility"}, PLACE.ids("Perevalsk prison")),
        ("places", {"kind": "country"}, PLACE.ids("Ukraine", "Russia")),
        ("places", {"country_code": "ru"}, PLACE.ids("Russia", "Buryatia", "Sakhalin", "Moscow")),
        ("places", {"admin1": "kharkiv oblast"}, PLACE.ids("Kharkiv Oblast", "Izium")),
        ("places", {"parent": PLACE["Perevalsk"]}, PLACE.ids("Perevalsk prison")),
        ("places", {"parent": PLACE["Russia"]}, PLACE.ids("Buryatia", "Sakhalin", "Moscow")),
        ("places", {"bbox": "37,49,38,50"}, PLACE.ids("Izium")),
        (
            "places",
            {"country_code": "UA", "kind": "region"},
            PLACE.ids("Luhansk Oblast", "Donetsk Oblast", "Kharkiv Oblast"),
        ),
        ("sources", {"q": "rosenberg"}, SOURCE.ids("R1", "R2")),
        ("sources", {"outlet": "bbc"}, SOURCE.ids("R1", "R2")),
        ("sources", {"kind": "copy"}, SOURCE.ids("R2")),
        ("sources", {"language": "FR"}, SOURCE.ids("R5")),
        ("sources", {"copy_of": SOURCE["R1"]}, SOURCE.ids("R2")),
        ("sources", {"derived_from": SOURCE["R1"]}, SOURCE.ids("R3")),
        ("sources", {"published_from": "2022-12-14"}, SOURCE.ids("R5")),
        ("sources", {"published_to": "2022-08-03"}, SOURCE.ids("R4", "R5")),
        (
            "sources",
            {"published_from": "2022-12-13", "published_to": "2022-12-13"},
            SOURCE.ids("R1", "R2", "R3", "R5"),
        ),
        ("actors", {"name": "sergei"}, ACTOR.ids("Sergei", "Sergei Krivenko")),
        ("actors", {"name": "Youri"}, ACTOR.ids("Yuri")),
        ("actors", {"q": "Prosecutor General's Office"}, ACTOR.ids("Prosecutor General of Russia")),
        (
            "actors",
            {"kind": "unit"},
            ACTOR.ids("205th Motorized Rifle Brigade", "11th Airborne Assault Brigade"),
        ),
        ("actors", {"is_pseudonym": "true"}, PSEUDONYMS),
        ("actors", {"is_pseudonym": "false"}, [a for a in EVERY_ACTOR if a not in PSEUDONYMS]),
        ("actors", {"is_pseudonym": ""}, EVERY_ACTOR),
    ],
)
def test_filters(dataset, api_client, resource, params, expected):
    assert ids(api_client, resource, params) == sorted(expected)


@pytest.mark.parametrize(
    ("resource", "params", "field", "message"),
    [
        ("places", {"kind": "planet"}, "kind", "Select a valid choice"),
        ("places", {"country_code": "RUS"}, "country_code", "at most 2 characters"),
        ("places", {"parent": str(MISSING_ID)}, "parent", "Give the id of one place"),
        ("places", {"parent": "abc"}, "parent", "Give the id of one place"),
        ("places", {"bbox": "1,2,3"}, "bbox", "four numbers"),
        ("places", {"name": "x" * 201}, "name", "at most 200"),
        ("places", {"q": "x" * 201}, "q", "at most 200"),
        ("sources", {"kind": "blog"}, "kind", "Select a valid choice"),
        ("sources", {"copy_of": str(MISSING_ID)}, "copy_of", "Give the id of one source"),
        ("sources", {"derived_from": "x"}, "derived_from", "Give the id of one source"),
        ("sources", {"published_from": "yesterday"}, "published_from", "Enter a day as YYYY-MM-DD"),
        (
            "sources",
            {"published_from": "2022-12-01", "published_to": "2022-01-01"},
            "published_to",
            "must not come before",
        ),
        ("sources", {"language": "x" * 21}, "language", "at most 20"),
        ("actors", {"kind": "alien"}, "kind", "Select a valid choice"),
        ("actors", {"is_pseudonym": "perhaps"}, "is_pseudonym", "Use true or false"),
        ("actors", {"q": "x" * 201}, "q", "at most 200"),
    ],
)
def test_bad_filter_values_get_a_400_naming_the_parameter(
    dataset, api_client, resource, params, field, message
):
    response = api_client.get(f"/api/v1/{resource}/", params)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


def square(vertices: int) -> dict:
    """A polygon around Ukraine's east with `vertices` points along its edges."""
    side = vertices // 4
    ring = []
    for (x0, y0), (x1, y1) in [((30, 44), (42, 44)), ((42, 44), (42, 52)),
                               ((42, 52), (30, 52)), ((30, 52), (30, 44))]:  # fmt: skip
        ring += [(x0 + (x1 - x0) * i / side, y0 + (y1 - y0) * i / side) for i in range(side)]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def test_search_takes_a_polygon_too_long_for_a_url(dataset, api_client, settings):
    polygon = square(settings.WITHIN_MAX_VERTICES - 4)
    response = api_client.post("/api/v1/events/search/", {"within": polygon}, format="json")
    assert response.status_code == 200, response.content
    by_get = api_client.get("/api/v1/events/", {"within": json.dumps(square(40))}).json()
    assert response.json()["count"] == by_get["count"] > 0


def test_search_answers_as_the_list_does(dataset, api_client):
    params = {"type": ["detention", "refusal"], "from": "2022-06-01"}
    searched = api_client.post("/api/v1/events/search/?page_size=5", params, format="json")
    listed = api_client.get("/api/v1/events/", {**params, "page_size": 5})
    assert searched.status_code == 200
    assert searched.json()["results"] == listed.json()["results"]
    assert searched.json()["count"] == listed.json()["count"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"from": "June"}, "from"),
        # JSON numbers, booleans and nested values where a filter reads text: a 400, never a 500
        ({"from": 20220101}, "from"),
        ({"to": 1.5}, "to"),
        ({"from": True}, "from"),
        ({"updated_since": 5}, "updated_since"),
        ({"ordering": 5}, "ordering"),
        ({"type": [1, {"a": 1}]}, "type"),
        ({"place": {"a": 1}}, "place"),
        ({"near": [38, 48]}, "near"),
        ({"visibility": False}, "visibility"),
        ({"typ": "detention"}, "typ"),  # a misspelt key, as a misspelt query parameter
    ],
)
def test_search_refuses_bad_filters_naming_them(dataset, api_client, body, field):
    response = api_client.post("/api/v1/events/search/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_search_shows_anonymous_users_no_restricted_event(dataset, api_client, reader_client):
    body = {"q": ""}
    anonymous = api_client.post("/api/v1/events/search/", body, format="json").json()["count"]
    reader = reader_client.post("/api/v1/events/search/", body, format="json").json()["count"]
    listed = api_client.get("/api/v1/events/").json()["count"]
    assert anonymous == listed <= reader


@pytest.mark.parametrize("body", [[], ["from"], "from=2022", 5])
def test_search_needs_an_object_of_filters(dataset, api_client, body):
    response = api_client.post("/api/v1/events/search/", body, format="json")
    assert response.status_code == 400
    assert "JSON object of filters" in response.json()["non_field_errors"][0]
