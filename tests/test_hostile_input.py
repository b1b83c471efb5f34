"""Hostile input on every write endpoint and every query parameter: a clear 4xx, never a 5xx.

Write rows run against the API's write endpoints; a 405 there fails (a write endpoint has gone).
"""

import json

import pytest
from rest_framework.test import APIClient

from tests.dataset import ACTOR, EVENT
from timeline.models import Actor, Event

SERGEI = ACTOR["Sergei"]
ARRESTED = EVENT["Yuri refuses to keep fighting"]

# Values that cannot be stored: every field must answer 400 naming the field.
REFUSED = {
    "nul": '"a\\u0000b"',
    "lone-surrogate": '"a\\ud800b"',
    "nan": "NaN",
    "infinity": "-Infinity",
    "float-overflow": "1e400",
    "nul-in-list": '["ok", "a\\u0000"]',
    "nul-in-key": '{"a\\u0000": 1}',
}
# Values that are odd but may be valid for some field: 2xx or 400, never 5xx.
ODD = {
    "rtl-marks": json.dumps("\u202eevil\u202c \u200fשלום\u200f"),
    "emoji": json.dumps("👩🏽‍⚖️ 🏳️‍🌈"),
    "combining": json.dumps("Z̸̢͎a̴l̶g̷o"),
    "bom-zwj": json.dumps("\ufeff\u200d\u2060"),
    "long-string": json.dumps("x" * 20_000),
    "huge-int": str(2**63 - 1),
    "int-overflow": str(2**70),
    "negative": "-1",
    "tiny-float": "5e-324",
    "empty": '""',
    "null": "null",
    "true": "true",
    "list": "[1, 2]",
    "object": '{"type": "Point", "coordinates": [1e308, -1e308]}',
    "edtf-ish": json.dumps("2022-13-45/../{..}~?%"),
    "sql-ish": json.dumps("'; DROP TABLE timeline_event; --"),
    "html": json.dumps("<script>alert(1)</script>"),
}
# Fields per resource: every field of the representation, writable or not.
FIELDS = {
    "actors": ["name", "kind", "is_pseudonym", "aliases", "description", "id", "created_at"],
    "sources": ["outlet", "title", "authors", "url", "published", "language", "kind", "notes"],
    "places": [
        "name",
        "kind",
        "country_code",
        "admin1",
        "latitude",
        "longitude",
        "geometry",
        "precision",
        "geonames_id",
        "notes",
    ],
    "events": ["title", "summary", "type", "date", "location_note", "confidence", "visibility"],
}
DETAIL = {"actors": 1, "sources": 1, "places": 6, "events": 4}
CREATE = {
    "actors": {"name": "New", "kind": "person"},
    "sources": {"outlet": "Outlet", "title": "Title"},
    "places": {"name": "Somewhere"},
}
PREFIXES = ["/api/v1/"]
# Free-text fields: what is accepted must come back exactly (or with whitespace trimmed).
FREE_TEXT = {"name", "title", "summary", "description", "notes", "outlet", "authors", "admin1"}


@pytest.fixture
def editor(superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    return client


def body_with(base: dict, field: str, raw_value: str) -> bytes:
    """A JSON body with one field set to a raw JSON literal (so NaN and lone surrogates pass)."""
    placeholder = "__HOSTILE__"
    text = json.dumps({**base, field: placeholder}).replace(f'"{placeholder}"', raw_value)
    return text.encode("utf-8")


def send(client, method, url, body, content_type="application/json"):
    response = client.generic(method, url, body, content_type=content_type)
    assert response.status_code != 405, f"{method} {url}: the write endpoint has gone"
    assert response.status_code < 500, (method, url, body[:200], response.content[:500])
    return response


def write_rows():
    for resource, fields in FIELDS.items():
        for prefix in PREFIXES:
            detail = f"{prefix}{resource}/{DETAIL[resource]}/"
            for field in fields:
                yield pytest.param(
                    "PATCH", detail, {}, field, id=f"{prefix[1:-1]}-{resource}-patch-{field}"
                )
                if resource in CREATE:
                    yield pytest.param(
                        "POST",
                        f"{prefix}{resource}/",
                        CREATE[resource],
                        field,
                        id=f"{prefix[1:-1]}-{resource}-post-{field}",
                    )


@pytest.mark.parametrize(("method", "url", "base", "field"), list(write_rows()))
def test_unstorable_values_are_400_naming_the_field(dataset, editor, method, url, base, field):
    for name, raw in REFUSED.items():
        response = send(editor, method, url, body_with(base, field, raw))
        assert response.status_code == 400, (name, response.content)
        errors = response.json()
        named = any(key == field or key.startswith(f"{field}.") for key in errors) or str(
            errors.get("detail", "")
        ).startswith((f"{field}:", f"{field}."))
        assert named, (name, errors)


@pytest.mark.parametrize(("method", "url", "base", "field"), list(write_rows()))
def test_odd_values_are_stored_or_refused_clearly(dataset, editor, method, url, base, field):
    for name, raw in ODD.items():
        response = send(editor, method, url, body_with(base, field, raw))
        assert response.status_code in (200, 201, 400, 409), (name, response.status_code)
        if response.status_code in (400, 409):
            assert response.json(), name  # says what is wrong
        elif isinstance(json.loads(raw), str) and field in FREE_TEXT:
            stored = response.json()[field]
            assert stored in (json.loads(raw), json.loads(raw).strip()), name


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        (b'{"name": ', "application/json", 400, "JSON parse error"),
        (b"\xff\xfe{}", "application/json", 400, "JSON parse error"),
        (b"[" * 100_000, "application/json", 400, "nested too deeply"),
        (b"1" * 5000, "application/json", 400, "JSON parse error"),
        (b"[1, 2]", "application/json", 400, "Expected a dictionary"),
        (b'"text"', "application/json", 400, "Expected a dictionary"),
        (b"name=x", "text/plain", 415, 'Unsupported media type "text/plain"'),
        (b"<a/>", "application/xml", 415, "Unsupported media type"),
        (b"name=a%00b", "application/x-www-form-urlencoded", 400, "NUL"),
    ],
    ids=[
        "truncated",
        "bad-utf8",
        "deep",
        "5000-digits",
        "array",
        "string",
        "text-plain",
        "xml",
        "form-nul",
    ],
)
def test_malformed_bodies(dataset, editor, prefix, body, content_type, status, message):
    name = Actor.objects.get(pk=SERGEI).name
    response = send(editor, "PATCH", f"{prefix}actors/{SERGEI}/", body, content_type)
    assert response.status_code == status
    assert message in json.dumps(response.json(), ensure_ascii=False).replace('\\"', '"')
    assert Actor.objects.get(pk=SERGEI).name == name


def test_nothing_refused_was_stored(dataset, editor):
    before = Event.objects.get(pk=ARRESTED).title
    for raw in REFUSED.values():
        editor.generic(
            "PATCH",
            f"/api/v1/events/{ARRESTED}/",
            body_with({}, "title", raw),
            content_type="application/json",
        )
    assert Event.objects.get(pk=ARRESTED).title == before


QUERY_PARAMS = [
    "q", "from", "to", "type", "place", "include_children", "actor", "source", "confidence",
    "visibility", "bbox", "near", "radius_km", "within", "ordering", "page", "page_size",
]  # fmt: skip
QUERY_VALUES = {
    "nul": "a\x00b",
    "nan": "NaN",
    "inf": "Infinity,Infinity",
    "huge": "1e400",
    "huge-int": str(10**30),
    "negative": "-1",
    "long": "x" * 5000,
    "emoji": "👩🏽‍⚖️",
    "rtl": "\u202e1,2\u202c",
    "commas": ",,,,",
    "json": '{"type": "Polygon", "coordinates": [[[NaN, 1], [2, 2], [3, 1], [NaN, 1]]]}',
    "wkt": "POLYGON((0 0, 1e400 0, 1 1, 0 0))",
    "lone-surrogate-escape": "%ED%A0%80",
}


@pytest.mark.parametrize("param", QUERY_PARAMS)
def test_hostile_query_parameters(dataset, api_client, param):
    for name, value in QUERY_VALUES.items():
        response = api_client.get("/api/v1/events/", {param: value})
        assert response.status_code in (200, 400, 404), (param, name, response.status_code)
        if name == "nul":
            assert response.status_code == 400
        if response.status_code == 400:
            assert response.json(), (param, name)
