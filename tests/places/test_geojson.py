import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from places import geojson
from tests.dataset import PLACE

KADIIVKA, LUHANSK_OBLAST = PLACE["Kadiivka"], PLACE["Luhansk Oblast"]


def test_place_feature():
    row = (KADIIVKA, "Kadiivka", "settlement", "UA", "Luhansk Oblast", "settlement", 692975)
    row += (LUHANSK_OBLAST, 38.64352, 48.56818, None)
    (feature,) = geojson.place_features(
        [row], alternate_names={KADIIVKA: "Stakhanov"}, url_prefix="http://x/api/v1/places/"
    )
    assert feature == {
        "type": "Feature",
        "id": KADIIVKA,
        "geometry": {"type": "Point", "coordinates": [38.64352, 48.56818]},
        "properties": {
            "name": "Kadiivka",
            "kind": "settlement",
            "country_code": "UA",
            "admin1": "Luhansk Oblast",
            "precision": "settlement",
            "geonames_id": 692975,
            "parent_id": LUHANSK_OBLAST,
            "alternate_names": "Stakhanov",
            "longitude": 38.64352,
            "latitude": 48.56818,
            "url": f"http://x/api/v1/places/{KADIIVKA}/",
        },
    }


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
    for place_id in (6, 7, 8, 6):
        cache.add(place_id, geojson.point(37.2, 49.2))
        assert len(cache.items) <= 2
        assert cache.size <= cache.budget
    assert 6 in cache.items


def test_geometry_cache_keeps_a_place_without_location_as_null():
    cache = geojson.GeometryCache()
    assert cache.add(5, None) is None
    assert cache.items == {5: None}
