import pytest

from places.geonames import ATTRIBUTION
from places.models import Place
from tests.dataset import PLACE

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
        "ambiguous": False,
        "results": [
            {
                "name": "Izyum",
                "matched_name": "Izioum",
                "match": "alternate",
                "kind": "settlement",
                "precision": "settlement",
                "latitude": 49.20697,
                "longitude": 37.27679,
                "country_code": "UA",
                "admin1": "Kharkiv Oblast",
                "population": 45884,
                "score": 1.0,
                "distance_km": None,
                "geonames_id": 707292,
                "place_id": PLACE["Izium"],
                "provider": "offline",
            }
        ],
        "attribution": ATTRIBUTION,
    }


def test_geocode_qualifier_and_default_limit(api_client, offline, db):
    response = api_client.get(URL, {"q": "Krasnyi, Lugansk region"})
    body = response.json()
    assert response.status_code == 200
    best = body["results"][0]
    assert best["name"] == "Khrustalnyi"
    stored = Place.objects.filter(geonames_id=best["geonames_id"]).values_list("id", flat=True)
    assert best["place_id"] == stored.first()  # the Place with that geonames_id, if any
    assert 1 <= len(body["results"]) <= 5
    assert "GeoNames" in body["attribution"] and "CC BY 4.0" in body["attribution"]


def test_no_match_is_200_and_empty(api_client, offline, db):
    response = api_client.get(URL, {"q": "Qqqqzzzxxx"})
    assert response.status_code == 200
    assert response.json()["results"] == []


# Writing a place through the API: the serializer calls places.services, which geocodes.

GEOCODED = ("latitude", "longitude", "geonames_id", "geocode_provider", "geocode_query")


def test_creating_a_place_without_a_point_geocodes_it(editor_client, offline, db):
    response = editor_client.post(
        "/api/v1/places/", {"name": "Svatove", "admin1": "Luhansk Oblast", "country_code": "UA"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert tuple(body[field] for field in GEOCODED) == (
        49.40926,
        38.15534,
        692118,
        "offline",
        "Svatove, Luhansk Oblast, Ukraine",
    )
    assert body["geocoded_at"] is not None
    assert Place.objects.get(pk=body["id"]).geonames_id == 692118


def test_removing_a_point_geocodes_the_place_again(editor_client, offline, db):
    place = Place.objects.create(name="Kremennaya", latitude=1.0, longitude=2.0)
    response = editor_client.patch(
        f"/api/v1/places/{place.pk}/", {"latitude": None, "longitude": None}
    )
    assert response.status_code == 200, response.json()
    assert tuple(response.json()[field] for field in GEOCODED) == (
        49.04811,
        38.21552,
        704138,
        "offline",
        "Kremennaya",
    )


def test_a_point_given_through_the_api_is_kept(editor_client, offline, db):
    response = editor_client.post(
        "/api/v1/places/", {"name": "Izium", "latitude": 1.5, "longitude": 2.5}
    )
    assert response.status_code == 201
    assert tuple(response.json()[field] for field in GEOCODED) == (1.5, 2.5, None, "", "")


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
        "match",
        "kind",
        "precision",
        "distance_km",
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
