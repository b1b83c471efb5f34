"""Creating, changing and deleting through the API: nested writes, replace semantics, protected
deletes and the transaction around a multi-row write."""

import pytest

from places.models import Place, PlaceName
from tests.dataset import ACTOR, EVENT, PLACE, SOURCE
from timeline.models import Actor, Citation, Event, EventActor, Figure, Source

BURYATIA = EVENT["from Buryatia refuse to fight"]  # with citations, actors and figures
PEREVALSK = PLACE["Perevalsk"]
LUHANSK_OBLAST = PLACE["Luhansk Oblast"]
YURI, MAXIME = ACTOR["Yuri"], ACTOR["Maxime"]
ARMED_FORCES, WAGNER = ACTOR["Russian armed forces"], ACTOR["Wagner group"]

NEW_EVENT = {
    "title": "Refusers held at a base",
    "summary": "Soldiers who refused were held at a base near the front.",
    "type": "detention",
    "date": "2022-06~",
    "place_id": PEREVALSK,
    "location_note": "a base near the town",
    "actors": [
        {"actor_id": YURI, "role": "detained"},
        {"actor_id": ARMED_FORCES, "role": "detaining force"},
    ],
    "citations": [
        {"source_id": SOURCE["R5"], "supports": "Yuri describes it.", "location": "para 4"}
    ],
    "figures": [
        {
            "counted": "soldiers held",
            "value_min": 10,
            "value_max": 20,
            "qualifier": "range",
            "stated": "10 to 20",
            "claimed_by_id": MAXIME,
            "source_id": SOURCE["R5"],
            "notes": "",
        }
    ],
    "confidence": "single_source",
    "visibility": "public",
}


def without_volatile(body: dict) -> dict:
    """The payload without ids and timestamps, which differ from run to run."""
    body = {k: v for k, v in body.items() if k not in ("id", "created_at", "updated_at")}
    for name in ("citations", "figures", "names"):
        if name in body:
            body[name] = [{k: v for k, v in item.items() if k != "id"} for item in body[name]]
    return body


def test_create_event_with_nested_lists(dataset, editor_client):
    response = editor_client.post("/api/v1/events/", NEW_EVENT)
    assert response.status_code == 201, response.json()
    assert without_volatile(response.json()) == {
        "title": "Refusers held at a base",
        "summary": "Soldiers who refused were held at a base near the front.",
        "type": "detention",
        "date": "2022-06~",
        "date_as_reported": "",
        "earliest": "2022-05-01",
        "latest": "2022-07-31",
        "precision": "month",
        "approximate": True,
        "uncertain": False,
        "label": "about June 2022",
        "place_id": PEREVALSK,
        "place": {
            "id": PEREVALSK,
            "name": "Perevalsk",
            "latitude": 48.43921,
            "longitude": 38.82839,
        },
        "location_note": "a base near the town",
        "actors": [
            {
                "actor_id": YURI,
                "name": "Yuri",
                "kind": "person",
                "is_pseudonym": True,
                "role": "detained",
            },
            {
                "actor_id": ARMED_FORCES,
                "name": "Russian armed forces",
                "kind": "armed_force",
                "is_pseudonym": False,
                "role": "detaining force",
            },
        ],
        "citations": [
            {
                "source_id": SOURCE["R5"],
                "outlet": "franceinfo",
                "supports": "Yuri describes it.",
                "contradicts_id": None,
                "location": "para 4",
            }
        ],
        "figures": [
            {
                "counted": "soldiers held",
                "value_min": 10,
                "value_max": 20,
                "qualifier": "range",
                "stated": "10 to 20",
                "claimed_by_id": MAXIME,
                "claimed_by": "Maxime",
                "claimed_by_is_pseudonym": True,
                "source_id": SOURCE["R5"],
                "notes": "",
            }
        ],
        "confidence": "single_source",
        "visibility": "public",
        "status": "draft",  # the editor may not publish: a new event waits for review
    }
    event_id = response.json()["id"]
    assert editor_client.get(f"/api/v1/events/{event_id}/").json() == response.json()


def test_put_replaces_the_nested_lists_it_is_given(dataset, editor_client):
    event_id = editor_client.post("/api/v1/events/", NEW_EVENT).json()["id"]
    change = {
        **NEW_EVENT,
        "title": "Refusers held at a base (corrected)",
        "actors": [{"actor_id": WAGNER, "role": "detaining force"}],
        "citations": [],
    }
    del change["figures"]
    response = editor_client.put(f"/api/v1/events/{event_id}/", change)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["title"] == "Refusers held at a base (corrected)"
    assert [(a["actor_id"], a["role"]) for a in body["actors"]] == [(WAGNER, "detaining force")]
    assert body["citations"] == []
    assert len(body["figures"]) == 1  # not given, so kept
    assert EventActor.objects.filter(event_id=event_id).count() == 1
    assert Citation.objects.filter(event_id=event_id).count() == 0


def test_patch_changes_only_what_it_is_given(dataset, editor_client):
    before = editor_client.get(f"/api/v1/events/{BURYATIA}/").json()
    response = editor_client.patch(f"/api/v1/events/{BURYATIA}/", {"date": "2022-07-01/2022-07-10"})
    assert response.status_code == 200, response.json()
    after = response.json()
    assert (after["earliest"], after["latest"], after["precision"]) == (
        "2022-07-01",
        "2022-07-10",
        "month",  # ten days: coarser than a week
    )
    for unchanged in ("title", "actors", "citations", "figures", "place"):
        assert after[unchanged] == before[unchanged]


def test_delete_event_removes_its_nested_rows(dataset, editor_client):
    assert editor_client.delete(f"/api/v1/events/{BURYATIA}/").status_code == 204
    assert not Event.objects.filter(pk=BURYATIA).exists()
    assert not Figure.objects.filter(event_id=BURYATIA).exists()
    assert editor_client.get(f"/api/v1/events/{BURYATIA}/").status_code == 404


def test_create_place_with_names_then_replace_them(dataset, editor_client):
    payload = {
        "name": "Stanytsia Luhanska",
        "kind": "settlement",
        "parent_id": LUHANSK_OBLAST,
        "country_code": "UA",
        "admin1": "Luhansk Oblast",
        "latitude": 48.65,
        "longitude": 39.49,
        "names": [
            {"name": "Станиця Луганська", "language": "uk", "kind": "official"},
            {"name": "Stanitsa Luganskaya", "language": "ru-Latn", "kind": "transliteration"},
        ],
    }
    response = editor_client.post("/api/v1/places/", payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["parent_id"] == LUHANSK_OBLAST
    assert sorted(n["name"] for n in body["names"]) == ["Stanitsa Luganskaya", "Станиця Луганська"]
    response = editor_client.patch(
        f"/api/v1/places/{body['id']}/", {"names": [{"name": "Stanytsia", "kind": "local"}]}
    )
    assert [(n["name"], n["language"], n["kind"]) for n in response.json()["names"]] == [
        ("Stanytsia", "", "local")
    ]
    assert PlaceName.objects.filter(place_id=body["id"]).count() == 1


def test_place_geometry_is_stored_wound_by_the_right_hand_rule(db, editor_client):
    clockwise = [[[38, 48], [38, 49], [39, 49], [39, 48], [38, 48]]]
    response = editor_client.post(
        "/api/v1/places/",
        {"name": "Area", "kind": "area", "geometry": {"type": "Polygon", "coordinates": clockwise}},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["geometry"] == {
        "type": "Polygon",
        "coordinates": [[[38.0, 48.0], [39.0, 48.0], [39.0, 49.0], [38.0, 49.0], [38.0, 48.0]]],
    }


def test_source_create_update_delete(dataset, editor_client):
    response = editor_client.post(
        "/api/v1/sources/",
        {
            "outlet": "BBC News",
            "title": "A third capture",
            "published": "2022-12",
            "kind": "copy",
            "copy_of_id": SOURCE["R1"],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["copy_of_id"], body["published_earliest"], body["published_latest"]) == (
        SOURCE["R1"],
        "2022-12-01",
        "2022-12-31",
    )
    assert body["published_label"] == "December 2022"
    response = editor_client.patch(
        f"/api/v1/sources/{body['id']}/", {"derived_from_id": SOURCE["R3"]}
    )
    assert response.json()["derived_from_id"] == SOURCE["R3"]
    assert editor_client.delete(f"/api/v1/sources/{body['id']}/").status_code == 204
    assert not Source.objects.filter(pk=body["id"]).exists()


def test_actor_create_update_delete(db, editor_client):
    response = editor_client.post(
        "/api/v1/actors/",
        {"name": "Ivan", "kind": "person", "is_pseudonym": True, "aliases": ["Vanya"]},
    )
    assert response.status_code == 201, response.json()
    actor_id = response.json()["id"]
    response = editor_client.put(
        f"/api/v1/actors/{actor_id}/", {"name": "Ivan", "kind": "person", "description": "x"}
    )
    assert response.status_code == 200
    assert response.json()["aliases"] == ["Vanya"]  # not given, so kept
    assert editor_client.delete(f"/api/v1/actors/{actor_id}/").status_code == 204
    assert not Actor.objects.filter(pk=actor_id).exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            f"/api/v1/sources/{SOURCE['R1']}/",
            "This source cannot be deleted while other records refer to it: ",
        ),
        (f"/api/v1/sources/{SOURCE['R5']}/", "citations"),
        (
            f"/api/v1/places/{PLACE['Izium']}/",
            "This place cannot be deleted while other records refer to it: 1 event.",
        ),
        (f"/api/v1/places/{LUHANSK_OBLAST}/", "places"),
        (f"/api/v1/actors/{YURI}/", "event actors"),
        (f"/api/v1/actors/{ACTOR['Free Buryatia Foundation']}/", "1 figure"),
    ],
)
def test_deleting_a_record_others_refer_to_is_a_409(dataset, editor_client, url, message):
    response = editor_client.delete(url)
    assert response.status_code == 409
    assert message in response.json()["detail"]
    assert editor_client.get(url).status_code == 200


def count_rows() -> dict:
    models = (Event, EventActor, Citation, Figure, Place, PlaceName, Source, Actor)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.parametrize(
    ("method", "url", "payload"),
    [
        (
            "post",
            "/api/v1/events/",
            {"figures": [NEW_EVENT["figures"][0], {"counted": "x", "source_id": SOURCE["R5"]}]},
        ),
        (
            "post",
            "/api/v1/events/",
            {"citations": [{"source_id": SOURCE["R5"]}, {"source_id": SOURCE["R5"]}]},
        ),
        (
            "post",
            "/api/v1/events/",
            {"citations": [{"source_id": SOURCE["R5"], "contradicts_id": SOURCE["R5"]}]},
        ),
        (
            "put",
            f"/api/v1/events/{BURYATIA}/",
            {
                "actors": [],
                "figures": [
                    {"counted": "x", "value_min": 9, "value_max": 1, "source_id": SOURCE["R4"]}
                ],
            },
        ),
        (
            "patch",
            f"/api/v1/events/{BURYATIA}/",
            {
                "title": "changed",
                "citations": [],
                "figures": [{"counted": "x", "source_id": SOURCE["R4"]}],
            },
        ),
    ],
)
def test_a_failing_nested_item_leaves_nothing_written(dataset, editor_client, method, url, payload):
    before = count_rows()
    title_before = Event.objects.get(pk=BURYATIA).title
    response = getattr(editor_client, method)(url, {**NEW_EVENT, **payload})
    assert response.status_code == 400, response.json()
    assert count_rows() == before
    assert Event.objects.get(pk=BURYATIA).title == title_before


def test_place_with_a_bad_name_leaves_nothing_written(db, editor_client):
    before = count_rows()
    response = editor_client.post(
        "/api/v1/places/",
        {"name": "X", "names": [{"name": "Y"}, {"name": "Y"}]},
    )
    assert response.status_code == 400
    assert response.json() == {
        "names": {
            "1": {
                "non_field_errors": [
                    "Place name with this Place, Name and Language already exists."
                ]
            }
        }
    }
    assert count_rows() == before
