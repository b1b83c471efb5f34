import pytest

from places.geonames import ATTRIBUTION

URL = "/api/v1/geocode/"


@pytest.fixture
def offline(gazetteer_index, settings):
    settings.GEOCODER = "offline"
    return gazetteer_index


def test_geocode_whole_payload(api_client, offline, dataset, django_assert_num_queries):
    with django_assert_num_queries(1):  # the place_id lookup; the index is in memory
        response = api_client.get(URL, {"q": "Izioum", "limit": 1})
    assert response.status_code == 200
    assert response.json() == {
        "query": "Izioum",
        "results": [
            {
                "name": "Izyum",
                "matched_name": "Izioum",
                "latitude": 49.20697,
                "longitude": 37.27679,
                "country_code": "UA",
                "admin1": "Kharkiv Oblast",
                "population": 45884,
                "score": 1.0,
                "geonames_id": 707292,
                "place_id": 6,
                "provider": "offline",
            }
        ],
        "attribution": ATTRIBUTION,
    }


def test_geocode_qualifier_and_default_limit(api_client, offline, db):
    response = api_client.get(URL, {"q": "Krasnyi, Lugansk region"})
    body = response.json()
    assert response.status_code == 200
    assert body["results"][0]["name"] == "Khrustalnyi"
    assert body["results"][0]["place_id"] is None  # no Place with that geonames_id here
    assert 1 <= len(body["results"]) <= 5
    assert "GeoNames" in body["attribution"] and "CC BY 4.0" in body["attribution"]


def test_no_match_is_200_and_empty(api_client, offline, db):
    response = api_client.get(URL, {"q": "Qqqqzzzxxx"})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "q", "This field is required."),
        ({"q": ""}, "q", "This field may not be blank."),
        ({"q": "   "}, "q", "This field may not be blank."),
        ({"q": "x" * 201}, "q", "Ensure this field has no more than 200 characters."),
        ({"q": "Izium", "limit": "0"}, "limit", "Ensure this value is greater than or equal to 1."),
        ({"q": "Izium", "limit": "21"}, "limit", "Ensure this value is less than or equal to 20."),
        ({"q": "Izium", "limit": "many"}, "limit", "A valid integer is required."),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(api_client, db, params, field, message):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_geocode_is_documented(api_client, db):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/geocode/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"q", "limit"}
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response_schema == {"$ref": "#/components/schemas/GeocodeResponse"}
    result = schema["components"]["schemas"]["GeocodeResult"]["properties"]
    assert set(result) == {
        "name",
        "matched_name",
        "latitude",
        "longitude",
        "country_code",
        "admin1",
        "population",
        "score",
        "geonames_id",
        "place_id",
        "provider",
    }
