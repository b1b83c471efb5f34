"""Bad input gets a 400 that names the field and the reason, never a 500."""

import json

import pytest

from tests.dataset import ACTOR, MISSING_ID, PLACE, SOURCE

YURI = ACTOR["Yuri"]
IZIUM, LUHANSK_OBLAST = PLACE["Izium"], PLACE["Luhansk Oblast"]

VALID = {
    "events": {"title": "T", "type": "refusal", "date": "2022-06"},
    "places": {"name": "P"},
    "sources": {"outlet": "O", "title": "T"},
    "actors": {"name": "A", "kind": "person"},
}
BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
HUGE = 10**30


def error_at(body, path):
    for part in path:
        body = body[part]
    return " ".join(body)


@pytest.mark.parametrize(
    ("url", "payload", "path", "message"),
    [
        # events
        ("/api/v1/events/", {"date": "June 2022"}, ["date"], "is not a valid EDTF date"),
        ("/api/v1/events/", {"date": "2022-07-01/2022-06-01"}, ["date"], "2022-07-01/2022-06-01"),
        ("/api/v1/events/", {"date": ""}, ["date"], "This field may not be blank."),
        ("/api/v1/events/", {"date": "2" * 101}, ["date"], "no more than 100 characters"),
        ("/api/v1/events/", {"type": "nope"}, ["type"], "No event type 'nope'."),
        ("/api/v1/events/", {"type": 7}, ["type"], "No event type '7'."),
        (
            "/api/v1/events/",
            {"place_id": MISSING_ID},
            ["place_id"],
            f"No place with id {MISSING_ID}.",
        ),
        ("/api/v1/events/", {"place_id": "abc"}, ["place_id"], "whole number"),
        ("/api/v1/events/", {"place_id": HUGE}, ["place_id"], f"No place with id {HUGE}."),
        ("/api/v1/events/", {"title": None}, ["title"], "This field may not be null."),
        ("/api/v1/events/", {"title": {"a": 1}}, ["title"], "Not a valid string."),
        (
            "/api/v1/events/",
            {"confidence": "sure"},
            ["confidence"],
            '"sure" is not a valid choice.',
        ),
        ("/api/v1/events/", {"visibility": 1}, ["visibility"], '"1" is not a valid choice.'),
        ("/api/v1/events/", {"actors": "Yuri"}, ["actors", "non_field_errors"], "Expected a list"),
        (
            "/api/v1/events/",
            {"actors": [{"actor_id": MISSING_ID, "role": "x"}]},
            ["actors", "0", "actor_id"],
            f"No actor with id {MISSING_ID}.",
        ),
        ("/api/v1/events/", {"actors": [{"actor_id": YURI}]}, ["actors", "0", "role"], "required"),
        (
            "/api/v1/events/",
            {"actors": [{"actor_id": YURI, "role": "x"}, {"actor_id": YURI, "role": "x"}]},
            ["actors", "1", "non_field_errors"],
            "already exists",
        ),
        (
            "/api/v1/events/",
            {"citations": [{"source_id": MISSING_ID}]},
            ["citations", "0", "source_id"],
            f"No source with id {MISSING_ID}.",
        ),
        (
            "/api/v1/events/",
            {"citations": [{"source_id": SOURCE["R3"], "contradicts_id": SOURCE["R3"]}]},
            ["citations", "0", "contradicts_id"],
            "cannot contradict the source it cites",
        ),
        (
            "/api/v1/events/",
            {
                "figures": [
                    {"counted": "x", "value_min": 9, "value_max": 1, "source_id": SOURCE["R4"]}
                ]
            },
            ["figures", "0", "value_max"],
            "must not exceed",
        ),
        (
            "/api/v1/events/",
            {"figures": [{"counted": "x", "source_id": SOURCE["R4"]}]},
            ["figures", "0", "stated"],
            "Give a value, a range, or the figure as stated.",
        ),
        (
            "/api/v1/events/",
            {"figures": [{"counted": "x", "value_min": -1, "source_id": SOURCE["R4"]}]},
            ["figures", "0", "value_min"],
            "greater than or equal to 0",
        ),
        (
            "/api/v1/events/",
            {"figures": [{"counted": "x", "value_min": HUGE, "source_id": SOURCE["R4"]}]},
            ["figures", "0", "value_min"],
            "less than or equal to 9223372036854775807",
        ),
        (
            "/api/v1/events/",
            {"figures": [{"counted": "x", "value_min": 1.5, "source_id": SOURCE["R4"]}]},
            ["figures", "0", "value_min"],
            "A valid biginteger is required.",
        ),
        # places
        (
            "/api/v1/places/",
            {"latitude": 91, "longitude": 0},
            ["latitude"],
            "less than or equal to 90",
        ),
        (
            "/api/v1/places/",
            {"latitude": 0, "longitude": -181},
            ["longitude"],
            "greater than or equal to -180",
        ),
        ("/api/v1/places/", {"latitude": 10}, ["latitude"], "Give both latitude and longitude"),
        (
            "/api/v1/places/",
            {"latitude": "north", "longitude": 1},
            ["latitude"],
            "A valid number is required.",
        ),
        (
            "/api/v1/places/",
            {"geometry": BOWTIE},
            ["geometry"],
            "The geometry is not valid: Self-intersection",
        ),
        (
            "/api/v1/places/",
            {"geometry": {"type": "Circle", "coordinates": [0, 0]}},
            ["geometry"],
            "Geometry type must be one of",
        ),
        (
            "/api/v1/places/",
            {"geometry": {"type": "Point", "coordinates": [200, 0]}},
            ["geometry"],
            "longitude -180..180",
        ),
        ("/api/v1/places/", {"geometry": {"type": "Point"}}, ["geometry"], "could not be read"),
        (
            "/api/v1/places/",
            {"geometry": "POINT(1 1)"},
            ["geometry"],
            "A geometry is a GeoJSON object",
        ),
        (
            "/api/v1/places/",
            {"parent_id": MISSING_ID},
            ["parent_id"],
            f"No place with id {MISSING_ID}.",
        ),
        ("/api/v1/places/", {"kind": "planet"}, ["kind"], '"planet" is not a valid choice.'),
        ("/api/v1/places/", {"geonames_id": HUGE}, ["geonames_id"], "less than or equal to"),
        ("/api/v1/places/", {"names": [{"language": "uk"}]}, ["names", "0", "name"], "required"),
        (
            f"/api/v1/places/{IZIUM}/",
            {"parent_id": IZIUM},
            ["parent_id"],
            "A place cannot be its own parent.",
        ),
        (
            f"/api/v1/places/{LUHANSK_OBLAST}/",
            {"parent_id": PLACE["Perevalsk prison"]},
            ["parent_id"],
            "cannot sit inside one of its own children",
        ),
        # sources
        ("/api/v1/sources/", {"published": "last week"}, ["published"], "is not a valid EDTF date"),
        ("/api/v1/sources/", {"url": "not a url"}, ["url"], "Enter a valid URL."),
        (
            "/api/v1/sources/",
            {"copy_of_id": MISSING_ID},
            ["copy_of_id"],
            f"No source with id {MISSING_ID}.",
        ),
        ("/api/v1/sources/", {"kind": "blog"}, ["kind"], '"blog" is not a valid choice.'),
        (
            f"/api/v1/sources/{SOURCE['R2']}/",
            {"copy_of_id": SOURCE["R2"]},
            ["copy_of_id"],
            "A source cannot be a copy of itself.",
        ),
        (
            f"/api/v1/sources/{SOURCE['R3']}/",
            {"derived_from_id": SOURCE["R3"]},
            ["derived_from_id"],
            "cannot be derived from itself",
        ),
        # actors
        ("/api/v1/actors/", {"kind": None}, ["kind"], "This field may not be null."),
        ("/api/v1/actors/", {"aliases": "Vanya"}, ["aliases"], "Expected a list"),
        ("/api/v1/actors/", {"aliases": [["a"]]}, ["aliases", "0"], "Not a valid string."),
        (
            "/api/v1/actors/",
            {"is_pseudonym": "perhaps"},
            ["is_pseudonym"],
            "Must be a valid boolean.",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    dataset, superuser_client, url, payload, path, message
):
    resource = url.split("/")[3]
    if url.endswith(f"{resource}/"):
        response = superuser_client.post(url, {**VALID[resource], **payload})
    else:
        response = superuser_client.patch(url, payload)
    assert response.status_code == 400, response.json()
    assert message in error_at(response.json(), path)


@pytest.mark.parametrize("resource", list(VALID))
def test_missing_required_fields_are_each_named(db, superuser_client, resource):
    response = superuser_client.post(f"/api/v1/{resource}/", {})
    assert response.status_code == 400
    assert response.json() == {name: ["This field is required."] for name in VALID[resource]}


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "P", "latitude": NaN, "longitude": 1}',
        '{"name": "P", "latitude": Infinity, "longitude": 1}',
        '{"name": "P", "latitude": -Infinity, "longitude": 1}',
        '{"name": "P",',
    ],
)
def test_json_that_is_not_json_is_a_400(db, superuser_client, body):
    response = superuser_client.post("/api/v1/places/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] or response.json()["non_field_errors"]


def test_a_list_body_is_a_400_not_a_500(db, superuser_client):
    response = superuser_client.post(
        "/api/v1/places/", json.dumps([1]), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }


def test_one_400_lists_every_field_at_fault(dataset, superuser_client):
    response = superuser_client.post(
        "/api/v1/events/",
        {
            "title": "t",
            "type": "refusal",
            "date": "June 2022",
            "place_id": MISSING_ID,
            "actors": [
                {"actor_id": ACTOR["Sergei"], "role": "x"},
                {"actor_id": MISSING_ID, "role": "x"},
            ],
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "date": [
            "'June 2022' is not a valid EDTF date. Examples: 2022-06-15, 2022-06, 2022, "
            "2022-22 (summer), 2022-03-07/2022-04-01, 2022-06~, [..2022-08-03]."
        ],
        "place_id": [f"No place with id {MISSING_ID}."],
        "actors": {"1": {"actor_id": [f"No actor with id {MISSING_ID}."]}},
    }
