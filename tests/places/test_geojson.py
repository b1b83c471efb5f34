import datetime as dt

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from places import geojson

IZIUM_ROW = (
    2,
    "Battle of Izium",
    "Yuri's battalion takes part.",
    "battle",
    "2022-03-07/2022-04-01",
    dt.date(2022, 3, 7),
    dt.date(2022, 4, 1),
    "month",
    6,
    "Izium",
    "settlement",
    37.276791234,
    49.206971234,
    None,
    "",
    "single_source",
    "public",
)


def _features(rows, **overrides):
    options = {
        "actors": {2: "Yuri (pseudonym); Russian armed forces"},
        "source_counts": {2: 1},
        "url_prefix": "http://testserver/api/v1/events/",
        "with_visibility": False,
    }
    options.update(overrides)
    # As written: geometries are pre-encoded (orjson.Fragment), so compare what orjson writes.
    return orjson.loads(orjson.dumps(geojson.event_features(rows, **options)))


def test_event_feature_is_flat_rounded_and_lon_lat():
    assert _features([IZIUM_ROW]) == [
        {
            "type": "Feature",
            "id": 2,
            "geometry": {"type": "Point", "coordinates": [37.276791, 49.206971]},
            "properties": {
                "title": "Battle of Izium",
                "summary": "Yuri's battalion takes part.",
                "type": "battle",
                "date": "2022-03-07/2022-04-01",
                "earliest": "2022-03-07",
                "latest": "2022-04-01",
                "start": "2022-03-07T00:00:00Z",
                "end": "2022-04-01T23:59:59Z",
                "precision": "month",
                "place_id": 6,
                "place_name": "Izium",
                "place_precision": "settlement",
                "location_note": "",
                "confidence": "single_source",
                "actors": "Yuri (pseudonym); Russian armed forces",
                "source_count": 1,
                "url": "http://testserver/api/v1/events/2/",
            },
        }
    ]


def test_visibility_only_when_asked():
    (feature,) = _features([IZIUM_ROW], with_visibility=True)
    assert feature["properties"]["visibility"] == "public"


def test_event_without_place_or_point_has_null_geometry_and_defaults():
    no_place = IZIUM_ROW[:8] + (None, None, None, None, None, None) + IZIUM_ROW[14:]
    no_point = IZIUM_ROW[:11] + (None, None, None) + IZIUM_ROW[14:]
    for row in (no_place, no_point):
        (feature,) = _features([row], actors={}, source_counts={})
        assert feature["geometry"] is None
        assert (feature["properties"]["actors"], feature["properties"]["source_count"]) == ("", 0)


def test_area_wins_over_point_and_is_rounded():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1.1234567, 0], [1, 1], [0, 0]]]}
    row = IZIUM_ROW[:13] + (square,) + IZIUM_ROW[14:]
    (feature,) = _features([row])
    assert feature["geometry"] == {
        "type": "Polygon",
        "coordinates": [[[0, 0], [1.123457, 0], [1, 1], [0, 0]]],
    }


def test_dates_may_arrive_as_text():
    row = IZIUM_ROW[:5] + ("2022-03-07", "2022-04-01") + IZIUM_ROW[7:]
    (feature,) = _features([row])
    assert (feature["properties"]["start"], feature["properties"]["end"]) == (
        "2022-03-07T00:00:00Z",
        "2022-04-01T23:59:59Z",
    )


def test_place_feature():
    row = (9, "Kadiivka", "settlement", "UA", "Luhansk Oblast", "settlement", 692975, 3)
    row += (38.64352, 48.56818, None)
    (feature,) = geojson.place_features(
        [row], alternate_names={9: "Stakhanov"}, url_prefix="http://x/api/v1/places/"
    )
    assert feature == {
        "type": "Feature",
        "id": 9,
        "geometry": {"type": "Point", "coordinates": [38.64352, 48.56818]},
        "properties": {
            "name": "Kadiivka",
            "kind": "settlement",
            "country_code": "UA",
            "admin1": "Luhansk Oblast",
            "precision": "settlement",
            "geonames_id": 692975,
            "parent_id": 3,
            "alternate_names": "Stakhanov",
            "longitude": 38.64352,
            "latitude": 48.56818,
            "url": "http://x/api/v1/places/9/",
        },
    }


@pytest.mark.parametrize(
    ("actors", "label"),
    [
        ([("Russian armed forces", False)], "Russian armed forces"),
        (
            [("Yuri", True), ("Russian armed forces", False)],
            "Yuri (pseudonym); Russian armed forces",
        ),
        ([("Stas", True), ("Stas", True)], "Stas (pseudonym)"),  # one actor, two roles
        ([("Stas", 1), ("Stas", 0)], "Stas (pseudonym); Stas"),  # SQLite's booleans are 0/1
    ],
)
def test_actors_labels(actors, label):
    rows = [(7, name, is_pseudonym) for name, is_pseudonym in actors]
    rows += [(8, "Another event's actor", False)]
    assert geojson.actors_labels(rows) == {7: label, 8: "Another event's actor"}


def test_actors_labels_of_no_rows_is_empty():
    assert geojson.actors_labels([]) == {}


def test_names_label_sorted_without_repeats():
    assert geojson.names_label(["Kiev", "Київ", "Kiev"]) == "Kiev; Київ"


@pytest.mark.parametrize(
    ("geometry", "bounds"),
    [
        ({"type": "Point", "coordinates": [1, 2]}, (1, 2, 1, 2)),
        (
            {"type": "MultiPolygon", "coordinates": [[[[0, 0], [3, 0], [3, 1], [0, 0]]]]},
            (0, 0, 3, 1),
        ),
    ],
)
def test_geometry_bounds(geometry, bounds):
    assert geojson.geometry_bounds(geometry) == bounds


def test_merge_bounds_rounds_and_skips_empty():
    assert geojson.merge_bounds((None, None, None, None), None) is None
    assert geojson.merge_bounds((1.00000049, 2, 3, 4), (0, 3, 2, 5.1234567)) == [
        0,
        2,
        3,
        5.123457,
    ]


def test_collection_streams_header_then_chunks():
    chunks = [[{"id": 1}], [], [{"id": 2}, {"id": 3}]]
    parts = list(geojson.collection(iter(chunks), bbox=[0, 1, 2, 3]))
    assert parts[0] == b'{"type":"FeatureCollection","bbox":[0,1,2,3],"features":['
    assert orjson.loads(b"".join(parts)) == {
        "type": "FeatureCollection",
        "bbox": [0, 1, 2, 3],
        "features": [{"id": 1}, {"id": 2}, {"id": 3}],
    }


def test_empty_collection_has_no_bbox():
    body = b"".join(geojson.collection(iter([])))
    assert orjson.loads(body) == {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize(("separator", "prefix"), [(False, b""), (True, b"\x1e")])
def test_lines_one_feature_per_record(separator, prefix):
    body = b"".join(geojson.lines(iter([[{"id": 1}, {"id": 2}], []]), record_separator=separator))
    assert body == prefix + b'{"id":1}\n' + prefix + b'{"id":2}\n'


@given(st.lists(st.lists(st.integers(min_value=0, max_value=10**6), max_size=5), max_size=5))
def test_collection_is_always_valid_json(chunks):
    features = [[{"type": "Feature", "id": n} for n in chunk] for chunk in chunks]
    body = b"".join(geojson.collection(iter(features)))
    assert orjson.loads(body)["features"] == [f for chunk in features for f in chunk]


def test_geometry_cache_stays_within_its_byte_budget():
    cache = geojson.GeometryCache(budget=2 * geojson.GeometryCache.ENTRY_OVERHEAD + 100)
    rows = [IZIUM_ROW[:8] + (place_id,) + IZIUM_ROW[9:] for place_id in (6, 7, 8, 6)]
    features = _features(rows, geometries=cache)
    assert len(cache.items) <= 2
    assert cache.size <= cache.budget
    assert {feature["geometry"]["type"] for feature in features} == {"Point"}
    assert features[0]["geometry"] == features[3]["geometry"]


def test_geometry_cache_keeps_a_place_without_location_as_null():
    cache = geojson.GeometryCache()
    assert cache.add(5, None) is None
    assert cache.items == {5: None}
