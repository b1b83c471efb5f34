"""An event's GeoJSON Feature, built from the read model's columns (timeline/exports/geojson.py)."""

import orjson
import pytest

from places import geojson
from tests.dataset import EVENT, PLACE, SOURCE
from timeline.exports.geojson import COLUMNS, actors_label, event_features

IZIUM = {
    "id": EVENT["Battle of Izium"],
    "title": "Battle of Izium",
    "summary": "Yuri's battalion takes part.",
    "type": "battle",
    "date": "2022-03-07/2022-04-01",
    "earliest": "2022-03-07",
    "latest": "2022-04-01",
    "precision": "month",
    "place_id": PLACE["Izium"],
    "place_name": "Izium",
    "place_precision": "settlement",
    "place_longitude": 37.276791234,
    "place_latitude": 49.206971234,
    "place_geometry": None,
    "location_note": "",
    "confidence": "single_source",
    "visibility": "public",
    "status": "published",
}
ACTORS = {
    IZIUM["id"]: [
        {"name": "Yuri", "is_pseudonym": True},
        {"name": "Russian armed forces", "is_pseudonym": False},
    ]
}


def row(**changes) -> tuple:
    """A row as the export reads it: the read model's columns in the export's order."""
    values = {**IZIUM, **changes}
    return tuple(values[name] for name in COLUMNS)


def features(rows, **overrides):
    options = {
        "actors": ACTORS,
        "sources": {IZIUM["id"]: [SOURCE["R1"]]},
        "url_prefix": "http://testserver/api/v1/events/",
        "with_visibility": False,
        "with_status": False,
        "geometries": geojson.GeometryCache(),
    }
    options.update(overrides)
    # As written: geometries are pre-encoded (orjson.Fragment), so compare what orjson writes.
    return orjson.loads(orjson.dumps(event_features(rows, **options)))


def test_event_feature_is_flat_rounded_and_lon_lat():
    assert features([row()]) == [
        {
            "type": "Feature",
            "id": IZIUM["id"],
            "geometry": {"type": "Point", "coordinates": [37.276791, 49.206971]},
            "properties": {
                "id": IZIUM["id"],
                "title": "Battle of Izium",
                "summary": "Yuri's battalion takes part.",
                "type": "battle",
                "date": "2022-03-07/2022-04-01",
                "earliest": "2022-03-07",
                "latest": "2022-04-01",
                "precision": "month",
                "place_id": IZIUM["place_id"],
                "place_name": "Izium",
                "place_precision": "settlement",
                "location_note": "",
                "confidence": "single_source",
                "start": "2022-03-07T00:00:00Z",
                "end": "2022-04-01T23:59:59Z",
                "label": "7 March – 1 April 2022",
                "actors": "Yuri (pseudonym); Russian armed forces",
                "sources": str(SOURCE["R1"]),
                "source_count": 1,
                "url": f"http://testserver/api/v1/events/{IZIUM['id']}/",
            },
        }
    ]


def test_visibility_only_when_asked():
    (feature,) = features([row()], with_visibility=True)
    assert feature["properties"]["visibility"] == "public"
    (feature,) = features([row()])
    assert "visibility" not in feature["properties"]


def test_status_only_when_asked():
    (feature,) = features([row(status="draft")], with_status=True)
    assert feature["properties"]["status"] == "draft"
    (feature,) = features([row(status="draft")])
    assert "status" not in feature["properties"]


def test_event_without_place_or_point_has_null_geometry_and_defaults():
    no_place = row(
        place_id=None,
        place_name=None,
        place_precision=None,
        place_longitude=None,
        place_latitude=None,
    )
    no_point = row(place_longitude=None, place_latitude=None)
    for each in (no_place, no_point):
        (feature,) = features([each], actors={}, sources={})
        assert feature["geometry"] is None
        properties = feature["properties"]
        assert (properties["actors"], properties["sources"], properties["source_count"]) == (
            "",
            "",
            0,
        )


def test_area_wins_over_point_and_is_rounded():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1.1234567, 0], [1, 1], [0, 0]]]}
    (feature,) = features([row(place_geometry=square)])
    assert feature["geometry"] == {
        "type": "Polygon",
        "coordinates": [[[0, 0], [1.123457, 0], [1, 1], [0, 0]]],
    }


def test_events_at_one_place_share_its_encoded_geometry():
    cache = geojson.GeometryCache()
    first, second = event_features(
        [row(), row(id=3)],
        actors={},
        sources={},
        url_prefix="/",
        with_visibility=False,
        with_status=False,
        geometries=cache,
    )
    assert first["geometry"] is second["geometry"]
    assert list(cache.items) == [IZIUM["place_id"]]


@pytest.mark.parametrize(
    ("actors", "label"),
    [
        ([("Russian armed forces", False)], "Russian armed forces"),
        (
            [("Yuri", True), ("Russian armed forces", False)],
            "Yuri (pseudonym); Russian armed forces",
        ),
        ([("Stas", True), ("Stas", True)], "Stas (pseudonym)"),  # one actor, two roles
        ([("Stas", True), ("Stas", False)], "Stas (pseudonym); Stas"),
        ([], ""),
    ],
)
def test_actors_label(actors, label):
    assert actors_label({"name": n, "is_pseudonym": p} for n, p in actors) == label
