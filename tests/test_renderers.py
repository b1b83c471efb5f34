"""project.renderers.JSONRenderer writes what DRF's JSONRenderer writes, faster."""

import datetime as dt
import decimal
import json
import uuid

from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import renderers

from project.renderers import JSONRenderer

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


def test_the_api_answers_with_it(client, dataset):
    response = client.get("/api/v1/events/", {"page_size": 1})
    assert response.status_code == 200
    assert response.content == drfs.render(response.json())
