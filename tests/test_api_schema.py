"""The OpenAPI schema documents every filter and response, and Swagger UI works offline."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def parameters(schema, path, method="get"):
    return {p["name"]: p for p in schema["paths"][path][method].get("parameters", [])}


@pytest.mark.parametrize(
    ("path", "names"),
    [
        (
            "/api/v1/events/",
            {
                "from", "to", "type", "place", "include_children", "actor", "source",
                "confidence", "visibility", "q", "bbox", "near", "radius_km", "within",
                "ordering", "updated_since", "page", "page_size",
            },
        ),
        (
            "/api/v1/places/",
            {
                "name", "q", "kind", "country_code", "admin1", "parent", "bbox", "updated_since",
                "page", "page_size",
            },
        ),
        (
            "/api/v1/sources/",
            {
                "q", "outlet", "kind", "language", "copy_of", "derived_from",
                "published_from", "published_to", "updated_since", "page", "page_size",
            },
        ),
        (
            "/api/v1/actors/",
            {"q", "name", "kind", "is_pseudonym", "updated_since", "page", "page_size"},
        ),
    ],
)  # fmt: skip
def test_every_filter_is_documented(schema, path, names):
    assert set(parameters(schema, path)) == names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("from", {"type": "string", "format": "date"}),
        ("to", {"type": "string", "format": "date"}),
        ("place", {"type": "integer"}),
        ("actor", {"type": "integer"}),
        ("bbox", {"type": "string"}),
        ("page_size", {"type": "integer", "minimum": 1}),
    ],
)
def test_event_filter_types(schema, name, expected):
    assert parameters(schema, "/api/v1/events/")[name]["schema"] == expected


def test_event_response_and_request_shapes(schema):
    components = schema["components"]["schemas"]
    event = components["Event"]["properties"]
    assert event["place"]["allOf"][0]["$ref"] == "#/components/schemas/PlaceSummary"
    assert event["actors"]["items"]["$ref"] == "#/components/schemas/EventActor"
    request = components["EventRequest"]
    assert request["required"] == ["date", "title", "type"]
    assert "earliest" not in request["properties"]  # derived, never written
    assert set(components["CitationRequest"]["properties"]) == {
        "source_id", "supports", "contradicts_id", "location",
    }  # fmt: skip
    assert set(components["FigureRequest"]["properties"]) == {
        "counted", "value_min", "value_max", "qualifier", "stated", "claimed_by_id",
        "source_id", "notes",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/v1/events/", "get", {"200", "400", "401", "404", "429"}),
        ("/api/v1/events/", "post", {"201", "400", "401", "403", "429"}),
        ("/api/v1/events/{id}/", "put", {"200", "400", "401", "403", "404", "429"}),
        ("/api/v1/sources/{id}/", "delete", {"204", "400", "401", "403", "404", "409", "429"}),
        ("/api/v1/auth/token/", "post", {"200", "400", "429"}),
        ("/api/v1/dates/parse/", "get", {"200", "400", "401", "404", "429"}),
    ],
)
def test_error_responses_are_documented(schema, path, method, statuses):
    assert set(schema["paths"][path][method]["responses"]) == statuses


def test_schema_endpoint_serves_openapi_3(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_schema_builds_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def test_swagger_ui_is_served_from_our_own_static_files(client):
    html = client.get("/api/v1/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    assert not [url for url in assets if "//" in url]  # no CDN, no other host
    for url in assets:
        assert url.startswith("/static/drf_spectacular_sidecar/")
        assert finders.find(url.removeprefix("/static/")), url


def test_the_documented_event_example_creates_an_event(dataset, schema, superuser_client):
    body = schema["paths"]["/api/v1/events/"]["post"]["requestBody"]["content"]["application/json"]
    (example,) = body["examples"].values()
    response = superuser_client.post("/api/v1/events/", example["value"])
    assert response.status_code == 201, response.json()
    assert len(response.json()["figures"]) == 1


FILTERED = [
    "/api/v1/dates/parse/",
    "/api/v1/events/",
    "/api/v1/places/",
    "/api/v1/sources/",
    "/api/v1/actors/",
    "/api/v1/timeline/",
    "/api/v1/events.geojson",
    "/api/v1/events.geojsonl",
    "/api/v1/places.geojson",
    "/api/v1/events.csv",
    "/api/v1/places.csv",
    "/api/v1/sources.csv",
    "/api/v1/actors.csv",
    "/api/v1/events/deleted/",
    "/api/v1/events.gpkg",
    "/api/v1/events.kml",
    "/api/v1/events.xlsx",
]


@pytest.mark.parametrize("path", FILTERED)
def test_every_parameter_says_what_it_does(schema, path):
    undocumented = [
        name for name, parameter in parameters(schema, path).items()
        if len(parameter.get("description", "")) < 10
    ]  # fmt: skip
    assert undocumented == []


@pytest.mark.parametrize(
    "path", ["/api/v1/events/", "/api/v1/events/{id}/", "/api/v1/timeline/", "/api/v1/dates/parse/"]
)
def test_reads_are_open_to_anonymous_users_and_writes_are_not(schema, path):
    operations = schema["paths"][path]
    assert {} in operations["get"]["security"]
    for method in ("post", "put", "patch", "delete"):
        if method in operations:
            assert {} not in operations[method]["security"]
            assert operations[method]["security"]


def test_history_changes_are_documented_as_a_list(schema):
    entry = schema["components"]["schemas"]["HistoryEntry"]["properties"]["changes"]
    assert entry["type"] == "array"


def test_request_bodies_are_documented_as_json_only(schema):
    body = schema["paths"]["/api/v1/actors/"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json"}


@pytest.mark.parametrize(
    "url", ["/api/v1/events/abc/history/", "/api/v1/no-such-thing/", "/api/v1/events/1.5/"]
)
def test_a_url_no_route_matches_is_a_json_404_under_the_api(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_url_no_route_matches_elsewhere_is_django_s_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
