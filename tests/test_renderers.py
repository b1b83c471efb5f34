"""project.renderers.JSONRenderer writes what DRF's JSONRenderer writes, faster."""

import datetime as dt
import decimal
import json
import uuid
from collections import OrderedDict

from django.http import QueryDict
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import renderers
from rest_framework.exceptions import ErrorDetail
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from project.renderers import JSONRenderer
from timeline.models import Event

ours, drfs = JSONRenderer(), renderers.JSONRenderer()

# Everything JSON holds, floats aside (tested for value below): orjson writes small floats'
# exponents unpadded (1e-6), where Python writes 1e-06.
scalars = (
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text()
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5)
    ),
    max_leaves=30,
)


@given(documents)
def test_same_bytes_as_drf(document):
    assert ours.render(document) == drfs.render(document)


@given(
    st.recursive(
        st.floats(allow_nan=False, allow_infinity=False),
        lambda children: st.lists(children, max_size=4),
        max_leaves=10,
    )
)
def test_same_numbers_as_drf(document):
    assert json.loads(ours.render(document)) == json.loads(drfs.render(document))


def test_dates_times_decimals_and_lazy_text_as_drf_writes_them():
    document = {
        "at": dt.datetime(2022, 3, 7, 10, 30, 15, 123456, tzinfo=dt.UTC),
        "day": dt.date(2022, 3, 7),
        "time": dt.time(10, 30, 15, 999999),
        "span": dt.timedelta(days=1, seconds=5),
        "amount": decimal.Decimal("1793.50"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "message": gettext_lazy("This field is required."),
        "events": (number for number in range(3)),
    }
    rendered = ours.render(document)
    assert rendered == drfs.render({**document, "events": (0, 1, 2)})
    assert json.loads(rendered)["at"] == "2022-03-07T10:30:15.123456Z"  # not orjson's +00:00


def test_line_and_paragraph_separators_are_escaped_for_javascript():
    assert ours.render({"text": "a\u2028b\u2029c"}) == b'{"text":"a\\u2028b\\u2029c"}'


def test_what_orjson_cannot_write_falls_back_to_drf():
    for document in ({1: "one", None: "none"}, {"big": 2**70}, [1.5, {2.5: "x"}]):
        assert ours.render(document) == drfs.render(document)


def test_a_generator_is_written_once_even_when_the_rest_falls_back():
    document = {"events": (number for number in range(3)), "big": 2**70}
    assert ours.render(document) == drfs.render({"events": [0, 1, 2], "big": 2**70})


class Shouting(str):
    def __str__(self):
        return self.upper()


def test_subclasses_of_json_types_are_read_as_drf_reads_them():
    ordered = OrderedDict([("b", 1), ("a", 2)])
    ordered.move_to_end("b")
    document = {
        "query": QueryDict("a=1&a=2&b=3"),  # DRF writes each key's last value
        "ordered": ordered,
        "error": ErrorDetail("This field is required.", code="required"),
        "text": Shouting("quiet"),
        "choice": Event.Confidence.SINGLE_SOURCE,
        "list": ReturnList([1, 2], serializer=None),
        "dict": ReturnDict({"x": 1}, serializer=None),
    }
    assert ours.render(document) == drfs.render(document)


def test_nan_is_null_where_drf_would_fail():
    assert ours.render({"value": float("nan")}) == b'{"value":null}'


def test_a_lenient_configuration_is_left_to_drf():
    class Lenient(JSONRenderer):
        strict = False

    class DRFLenient(renderers.JSONRenderer):
        strict = False

    assert Lenient().render({"value": float("nan")}) == DRFLenient().render({"value": float("nan")})


def test_indented_output_is_drfs():
    document = {"a": [1, {"b": None}]}
    context = {"indent": 4}
    assert ours.render(document, "application/json", context) == drfs.render(
        document, "application/json", context
    )
    assert ours.render(document, "application/json; indent=2") == drfs.render(
        document, "application/json; indent=2"
    )


def test_nothing_renders_as_no_body():
    assert ours.render(None) == b""


def test_the_api_answers_with_it(api_client, dataset):
    response = api_client.get("/api/v1/events/", {"page_size": 1})
    assert response.status_code == 200
    assert isinstance(response.accepted_renderer, JSONRenderer)
    assert response.content == drfs.render(response.json())
