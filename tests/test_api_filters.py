"""Filters for places, sources and actors (the event filters are in tests/timeline/), and the
event search that takes them in a body."""

import json

import pytest

EVERY_ACTOR = list(range(1, 23))


def ids(client, resource, params):
    response = client.get(f"/api/v1/{resource}/", {"page_size": 1000, **params})
    assert response.status_code == 200, response.json()
    return sorted(item["id"] for item in response.json()["results"])


@pytest.mark.parametrize(
    ("resource", "params", "expected"),
    [
        ("places", {"name": "Stakhanov"}, [9]),
        ("places", {"name": "izium"}, [6]),
        ("places", {"name": "Izioum"}, [6]),
        ("places", {"name": "Луганськ"}, [3, 14]),  # the oblast is "Луганська область"
        ("places", {"q": "Luhansk"}, [3, 7, 8, 9, 10, 11, 12, 13, 14, 16]),  # Donbas by its notes
        ("places", {"kind": "facility"}, [13]),
        ("places", {"kind": "country"}, [1, 2]),
        ("places", {"country_code": "ru"}, [2, 18, 19, 20]),
        ("places", {"admin1": "kharkiv oblast"}, [5, 6]),
        ("places", {"parent": 12}, [13]),
        ("places", {"parent": 2}, [18, 19, 20]),
        ("places", {"bbox": "37,49,38,50"}, [6]),
        ("places", {"country_code": "UA", "kind": "region"}, [3, 4, 5]),
        ("sources", {"q": "rosenberg"}, [1, 2]),
        ("sources", {"outlet": "bbc"}, [1, 2]),
        ("sources", {"kind": "copy"}, [2]),
        ("sources", {"language": "FR"}, [5]),
        ("sources", {"copy_of": 1}, [2]),
        ("sources", {"derived_from": 1}, [3]),
        ("sources", {"published_from": "2022-12-14"}, [5]),
        ("sources", {"published_to": "2022-08-03"}, [4, 5]),
        ("sources", {"published_from": "2022-12-13", "published_to": "2022-12-13"}, [1, 2, 3, 5]),
        ("actors", {"name": "sergei"}, [1, 8]),
        ("actors", {"name": "Youri"}, [5]),
        ("actors", {"q": "Prosecutor General's Office"}, [21]),
        ("actors", {"kind": "unit"}, [14, 15]),
        ("actors", {"is_pseudonym": "true"}, [1, 2, 3, 4, 5, 6]),
        ("actors", {"is_pseudonym": "false"}, EVERY_ACTOR[6:]),
        ("actors", {"is_pseudonym": ""}, EVERY_ACTOR),
    ],
)
def test_filters(dataset, api_client, resource, params, expected):
    assert ids(api_client, resource, params) == expected


@pytest.mark.parametrize(
    ("resource", "params", "field", "message"),
    [
        ("places", {"kind": "planet"}, "kind", "Select a valid choice"),
        ("places", {"country_code": "RUS"}, "country_code", "at most 2 characters"),
        ("places", {"parent": "999"}, "parent", "Select a valid choice"),
        ("places", {"parent": "abc"}, "parent", "Select a valid choice"),
        ("places", {"bbox": "1,2,3"}, "bbox", "four numbers"),
        ("places", {"name": "x" * 201}, "name", "at most 200"),
        ("places", {"q": "x" * 201}, "q", "at most 200"),
        ("sources", {"kind": "blog"}, "kind", "Select a valid choice"),
        ("sources", {"copy_of": "999"}, "copy_of", "Select a valid choice"),
        ("sources", {"derived_from": "x"}, "derived_from", "Select a valid choice"),
        ("sources", {"published_from": "yesterday"}, "published_from", "Enter a valid date"),
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


def test_search_refuses_bad_filters_naming_them(dataset, api_client):
    response = api_client.post("/api/v1/events/search/", {"from": "June"}, format="json")
    assert response.status_code == 400
    assert "from" in response.json()


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
