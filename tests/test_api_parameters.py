"""Every query parameter is one the endpoint reads (project/parameters.py): a misspelt name is a
400 naming it, with the name it most likely misspells, never the unfiltered answer; and every
parameter the OpenAPI schema documents is one the endpoint reads."""

import re

import pytest
from django.urls import resolve
from django_filters import rest_framework as filters
from rest_framework.test import APIClient

from project.parameters import (
    ERROR_UNKNOWN_PARAMETER,
    KnownParametersFilterBackend,
    filterset_parameters,
    known_parameters,
    unknown_parameter_message,
)
from tests.dataset import ACTOR, EVENT, PLACE, SOURCE
from timeline.models import Event

UNKNOWN = "Unknown parameter."


# (path, misspelt name, the name it misspells)
MISSPELT = [
    ("/api/v1/events/", "typ", "type"),
    ("/api/v1/events/", "Type", "type"),
    ("/api/v1/events/", "incude_children", "include_children"),
    ("/api/v1/events/", "pag", "page"),
    ("/api/v1/events/{event}/", "fromat", "format"),
    ("/api/v1/places/", "nme", "name"),
    ("/api/v1/places/{place}/", "fromat", "format"),
    ("/api/v1/sources/", "outlt", "outlet"),
    ("/api/v1/actors/", "is_pseudonm", "is_pseudonym"),
    ("/api/v1/timeline/", "grop", "group"),
    ("/api/v1/timeline/", "per_buckett", "per_bucket"),
    ("/api/v1/places/{place}/timeline/", "group_bye", "group_by"),
    ("/api/v1/actors/{actor}/timeline/", "page_sze", "page_size"),
    ("/api/v1/events.geojson", "include_unlocate", "include_unlocated"),
    ("/api/v1/events.geojsonl", "dowload", "download"),
    ("/api/v1/events/places.geojson", "month", "months"),
    ("/api/v1/places.geojson", "include_unlocate", "include_unlocated"),
    ("/api/v1/events.csv", "colums", "columns"),
    ("/api/v1/events.xlsx", "colums", "columns"),
    ("/api/v1/places.csv", "exel", "excel"),
    ("/api/v1/sources.csv", "exel", "excel"),
    ("/api/v1/actors.csv", "dowload", "download"),
    ("/api/v1/events.gpkg", "include_unlocate", "include_unlocated"),
    ("/api/v1/events.kml", "dowload", "download"),
    ("/api/v1/events/deleted/", "sinse", "since"),
    ("/api/v1/geocode/", "limt", "limit"),
    ("/api/v1/geocode/reverse/", "lonn", "lon"),
    ("/api/v1/dates/parse/", "rf", "ref"),
    ("/api/v1/events/{event}/history/", "fromat", "format"),
]


def fill(path: str) -> str:
    return path.format(
        event=EVENT.by_key[min(EVENT.by_key)],
        place=PLACE["Perevalsk prison"],
        actor=ACTOR.by_key[min(ACTOR.by_key)],
    )


@pytest.mark.parametrize(("path", "name", "meant"), MISSPELT)
def test_a_misspelt_parameter_is_a_400_naming_it(dataset, superuser_client, path, name, meant):
    response = superuser_client.get(fill(path), {name: "1"})
    assert response.status_code == 400
    assert response.json() == {name: [ERROR_UNKNOWN_PARAMETER.format(suggestion=meant)]}


@pytest.mark.parametrize("name", ["search", "name", "date"])
def test_a_parameter_like_no_known_one_lists_them(dataset, api_client, name):
    """What a new user tried: each gave all 34 events, as if they were the filtered answer."""
    response = api_client.get("/api/v1/events/", {name: "Perevalsk"})
    assert response.status_code == 400
    [message] = response.json()[name]
    assert message.startswith(UNKNOWN)
    for known in ("q", "from", "to", "type", "place", "page_size", "format"):
        assert re.search(rf"\b{known}\b", message.split(":", 1)[1])


def test_every_unknown_parameter_is_named(dataset, api_client):
    response = api_client.get("/api/v1/events/", {"typ": "detention", "qq": "x", "q": "x"})
    assert response.status_code == 400
    assert sorted(response.json()) == ["qq", "typ"]


def test_a_search_body_takes_only_pages_in_its_query_string(dataset, api_client):
    response = api_client.post("/api/v1/events/search/?page_sze=5", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"page_sze": [unknown_parameter_message("page_sze", ["page_size"])]}
    assert (
        api_client.post("/api/v1/events/search/?page_size=5", {}, format="json").status_code == 200
    )


def test_a_write_is_checked_before_it_is_made(dataset, superuser_client):
    event = fill("{event}")
    response = superuser_client.patch(f"/api/v1/events/{event}/?titel=x", {"title": "Changed"})
    assert response.status_code == 400
    assert superuser_client.get(f"/api/v1/events/{event}/").json()["title"] != "Changed"


def documented_parameters() -> dict[str, list[str]]:
    """The query parameters of every GET operation in the schema, by path."""
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()
    return {
        path: [
            parameter["name"]
            for parameter in operations["get"].get("parameters", [])
            if parameter["in"] == "query"
        ]
        for path, operations in schema["paths"].items()
        if "get" in operations
    }


# A record of each resource, for the {id} in a documented path.
RECORDS = {
    "events": EVENT.by_key[min(EVENT.by_key)],
    "places": PLACE["Perevalsk prison"],
    "actors": ACTOR.by_key[min(ACTOR.by_key)],
    "sources": SOURCE.by_key[min(SOURCE.by_key)],
}


def test_every_documented_parameter_is_read(dataset, superuser_client):
    """The schema and the check agree: no parameter the schema offers is refused as unknown."""
    documented = [(path, name) for path, names in documented_parameters().items() for name in names]
    assert len({path for path, _ in documented}) > 20
    refused = []
    for path, name in documented:
        url = path.replace("{id}", str(RECORDS.get(path.split("/")[3], 0)))
        response = superuser_client.get(url, {name: ""})
        assert response.status_code != 404, url
        if response.status_code == 400 and any(
            message.startswith(UNKNOWN) for message in response.json().get(name, [])
        ):
            refused.append((path, name))
    assert refused == []


def test_every_parameter_read_is_documented():
    """The other way round: the schema's parameters are written beside the forms that read
    them, so an option added to a form and not to the schema would be accepted undocumented.
    `format` is DRF's, on every endpoint; a detail's filters are not documented (a record that
    does not match them is a 404)."""
    undocumented = {}
    for path, names in documented_parameters().items():
        callback = resolve(path.replace("{id}", "1")).func
        view = callback.cls(**callback.initkwargs)
        action = (getattr(callback, "actions", None) or {}).get("get")
        if action == "retrieve" or getattr(getattr(view, action or "", None), "detail", False):
            continue
        filtering = any(
            issubclass(backend, KnownParametersFilterBackend)
            for backend in getattr(view, "filter_backends", ())
        )
        filterset_class = getattr(view, "filterset_class", None) if filtering else None
        missing = known_parameters(view, filterset_class) - set(names) - {"format"}
        if missing:
            undocumented[path] = sorted(missing)
    assert undocumented == {}


def test_a_range_filter_reads_one_parameter_per_end():
    class Window(filters.FilterSet):
        earliest = filters.DateFromToRangeFilter()
        latest = filters.RangeFilter()

        class Meta:
            model = Event
            fields = []

    assert filterset_parameters(Window) == {
        "earliest_after",
        "earliest_before",
        "latest_min",
        "latest_max",
    }
