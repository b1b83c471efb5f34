"""Cross-origin reads: a page on another origin (a Leaflet map, a notebook) may read the API's
public answers when the operator names its origin, and may never write or send credentials."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.dataset import EVENT

MAP = "https://map.example.org"
READS = [
    "/api/v1/events/",
    "/api/v1/events.geojson",
    "/api/v1/events.geojsonl",
    "/api/v1/events.csv",
    "/api/v1/timeline/",
    "/api/v1/places.geojson",
]
ALLOW_ORIGIN = "Access-Control-Allow-Origin"
# Any event will do: the answers read its headers, not its body.
EVENT_URL = f"/api/v1/events/{EVENT['full-scale invasion']}/"


@pytest.fixture
def map_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [MAP]


def preflight(client, url, method, headers=""):
    return client.options(
        url,
        HTTP_ORIGIN=MAP,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


@pytest.mark.parametrize("url", READS)
def test_no_origin_is_allowed_by_default(dataset, client, url):
    assert settings.CORS_ALLOWED_ORIGINS == [] and not settings.CORS_ALLOW_ALL_ORIGINS
    response = client.get(url, HTTP_ORIGIN=MAP)
    assert response.status_code == 200
    assert ALLOW_ORIGIN not in response


@pytest.mark.parametrize("url", READS)
def test_a_named_origin_may_read(dataset, client, map_origin, url):
    response = client.get(url, HTTP_ORIGIN=MAP)
    assert response.status_code == 200
    assert response[ALLOW_ORIGIN] == MAP
    assert "origin" in response["Vary"].lower()
    assert "Access-Control-Allow-Credentials" not in response
    assert ALLOW_ORIGIN not in client.get(url, HTTP_ORIGIN="https://other.example.org")


def test_any_origin_when_the_operator_says_so(dataset, client, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = True
    response = client.get("/api/v1/events.geojson", HTTP_ORIGIN=MAP)
    assert response[ALLOW_ORIGIN] == "*"


def test_a_conditional_read_is_allowed(dataset, client, map_origin):
    response = preflight(client, EVENT_URL, "GET", "if-none-match")
    assert response.status_code == 200
    assert response[ALLOW_ORIGIN] == MAP
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert "ETag" in client.get(EVENT_URL, HTTP_ORIGIN=MAP)["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_are_never_allowed_cross_origin(dataset, client, settings, method):
    settings.CORS_ALLOW_ALL_ORIGINS = True
    response = preflight(client, EVENT_URL, method, "content-type")
    assert method not in response.get("Access-Control-Allow-Methods", "")


def test_credentials_are_never_allowed_cross_origin(dataset, client, settings):
    """A page elsewhere reads what anybody may read: no token, no session cookie."""
    settings.CORS_ALLOW_ALL_ORIGINS = True
    response = preflight(client, "/api/v1/events/", "GET", "authorization")
    assert "authorization" not in response.get("Access-Control-Allow-Headers", "")
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("url", ["/admin/", "/api/v1/auth/token/", "/explore/"])
def test_only_the_apis_reads_are_shared(db, client, settings, url):
    settings.CORS_ALLOW_ALL_ORIGINS = True
    assert ALLOW_ORIGIN not in client.get(url, HTTP_ORIGIN=MAP)


@pytest.mark.parametrize(
    ("value", "origins", "any_origin"),
    [
        ("", [], False),
        (f"{MAP}, https://notebook.example.org", [MAP, "https://notebook.example.org"], False),
        ("*", [], True),
    ],
)
def test_the_setting_is_read_from_the_environment(value, origins, any_origin):
    environment = {**os.environ, "CORS_ALLOWED_ORIGINS": value, "DEBUG": "1"}
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(repr((s.CORS_ALLOWED_ORIGINS, s.CORS_ALLOW_ALL_ORIGINS)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "project.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == repr((origins, any_origin))
