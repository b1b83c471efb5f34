"""places.geometry on hostile input: a valid shapely geometry or GeometryError, nothing else."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from places import geometry

numbers = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.sampled_from([0, -0.0, 180, -180, 90, -90, 180.0000001, 1e308, 5e-324])
)
positions = st.lists(numbers, min_size=0, max_size=4)
json_values = st.recursive(
    st.none() | st.booleans() | numbers | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=20,
)
geojson_like = (
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(
                [*geometry.ALLOWED_TYPES, "GeometryCollection", "Feature", "", 1]
            ),
            "coordinates": st.one_of(
                positions,
                st.lists(positions, max_size=6),
                st.lists(st.lists(positions, max_size=6), max_size=3),
                st.lists(st.lists(st.lists(positions, max_size=5), max_size=2), max_size=2),
                json_values,
            ),
        }
    )
    | json_values
)
text_inputs = st.text(max_size=80) | st.lists(
    st.sampled_from(
        ["POINT", "POLYGON", "MULTIPOLYGON", "LINESTRING", "EMPTY", "(", ")", ",", " ", "1", "-2.5",
         "1e400", "nan", "inf", "\x00", "\ud800", "ZM", "SRID=4326;", "GEOMETRYCOLLECTION"]
    ),
    max_size=20,
).map("".join)  # fmt: skip


def assert_valid(shape):
    assert shape.is_valid and not shape.is_empty
    minx, miny, maxx, maxy = shape.bounds
    assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


@settings(max_examples=400, deadline=None, derandomize=True)
@given(geojson_like)
def test_to_shape(value):
    try:
        assert_valid(geometry.to_shape(value))
    except geometry.GeometryError as error:
        assert str(error)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text_inputs)
def test_from_wkt(value):
    try:
        assert_valid(geometry.from_wkt(value))
    except geometry.GeometryError as error:
        assert str(error)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.text(max_size=8) | numbers.map(str), max_size=6).map(",".join) | st.text())
def test_parse_bbox_and_point(value):
    for parse in (geometry.parse_bbox, geometry.parse_point):
        try:
            numbers_out = parse(value)
        except geometry.GeometryError as error:
            assert str(error)
        else:
            assert all(math.isfinite(number) for number in numbers_out)


def test_empty_wkt_is_a_geometry_error():
    """Found by the property tests: GEOS raised with an empty message and _short() crashed."""
    with pytest.raises(geometry.GeometryError):
        geometry.from_wkt("")
