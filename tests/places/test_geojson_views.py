import itertools

import orjson
import pytest
from django.db import connection
from django.http import StreamingHttpResponse

from places.models import Place
from project.filters import ERROR_ISO_DAY
from tests.dataset import ACTOR, EVENT, PLACE, SOURCE
from timeline.exports import geojson as event_geojson
from timeline.models import Event

EVENTS = "/api/v1/events.geojson"
LINES = "/api/v1/events.geojsonl"
PLACES = "/api/v1/places.geojson"
UNLOCATED_IN_DATASET = set(
    EVENT.ids(
        "First refusals to keep fighting",
        "Council members complain",
        "Lieutenant 'Andrei' detained",
        "Putin denies",
        "Elena Popova on why",
        "Andrei and four other officers",
        "Sergei Krivenko:",
        "some refusers withdraw",
        "Publishing about refusals",
        "Yuri phones his father",
        "moved one by one",
        "franceinfo estimates",
        "cellars and basements",
        "no equipment and no training",
        "Putin's earlier promise",
    )
)
IZIUM = EVENT["Battle of Izium"]
STAS = EVENT["Officer 'Stas' refuses to fight"]
KADIIVKA, LUHANSK_OBLAST = PLACE["Kadiivka"], PLACE["Luhansk Oblast"]


def _body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def _collection(response) -> dict:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return orjson.loads(_body(response))


def _ids(collection) -> list[int]:
    return [feature["id"] for feature in collection["features"]]


def test_events_collection_is_rfc7946(dataset, api_client):
    response = api_client.get(EVENTS)
    body = _collection(response)
    assert list(body) == ["type", "bbox", "features"]  # no crs; bbox before the features
    assert body["bbox"] == [32.0, 48.14241, 100.0, 60.0]
    assert response["X-Unlocated-Count"] == "15"
    assert response["X-Feature-Count"] == str(len(body["features"])) == "19"
    assert set(_ids(body)).isdisjoint(UNLOCATED_IN_DATASET)
    izium = next(f for f in body["features"] if f["id"] == IZIUM)
    assert izium == {
        "type": "Feature",
        "id": IZIUM,
        "geometry": {"type": "Point", "coordinates": [37.27679, 49.20697]},
        "properties": {
            "id": IZIUM,
            "title": "Battle of Izium, with Yuri's battalion taking part",
            "summary": izium["properties"]["summary"],
            "type": "battle",
            "date": "2022-03-07/2022-04-01",
            "earliest": "2022-03-07",
            "latest": "2022-04-01",
            "start": "2022-03-07T00:00:00Z",
            "end": "2022-04-01T23:59:59Z",
            "label": "7 March – 1 April 2022",
            "precision": "month",
            "place_id": PLACE["Izium"],
            "place_name": "Izium",
            "place_precision": "settlement",
            "location_note": "",
            "confidence": "single_source",
            "actors": izium["properties"]["actors"],
            "sources": str(SOURCE["R5"]),
            "source_count": 1,
            "url": f"http://testserver/api/v1/events/{IZIUM}/",
        },
    }
    assert "Yuri (pseudonym)" in izium["properties"]["actors"]
    for feature in body["features"]:
        assert all(not isinstance(v, (dict, list)) for v in feature["properties"].values())


@pytest.mark.parametrize("date_style", ["ISO, MDY", "German", "SQL, DMY", "Postgres"])
def test_event_dates_are_iso_whatever_the_servers_datestyle(dataset, api_client, date_style):
    if connection.vendor == "postgresql":  # SQLite has no DateStyle: it keeps ISO text
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('DateStyle', %s, false)", [date_style])
    izium = next(f for f in _collection(api_client.get(EVENTS))["features"] if f["id"] == IZIUM)
    properties = izium["properties"]
    assert (properties["earliest"], properties["latest"]) == ("2022-03-07", "2022-04-01")
    assert (properties["start"], properties["end"]) == (
        "2022-03-07T00:00:00Z",
        "2022-04-01T23:59:59Z",
    )


def test_pseudonyms_are_labelled_and_each_actor_once(dataset, api_client):
    body = _collection(api_client.get(EVENTS))
    stas = next(f for f in body["features"] if f["id"] == STAS)
    names = stas["properties"]["actors"].split("; ")
    assert "Stas (pseudonym)" in names
    assert len(names) == len(set(names))


def test_include_unlocated_adds_them_with_null_geometry(dataset, api_client):
    response = api_client.get(EVENTS, {"include_unlocated": "true"})
    body = _collection(response)
    assert response["X-Unlocated-Count"] == "15"
    assert len(body["features"]) == Event.objects.count() == 34
    unlocated = {f["id"] for f in body["features"] if f["geometry"] is None}
    assert unlocated == UNLOCATED_IN_DATASET


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "detention"},
        {"type": ["detention", "battle"], "ordering": "-earliest"},
        {"bbox": "38,48,39,49"},
        {"place": str(LUHANSK_OBLAST), "include_children": "true"},
        {"from": "2022-07-01", "to": "2022-07-31"},
        {"q": "Stakhanov"},
        {"actor": str(ACTOR["Sergei"])},
    ],
)
def test_same_filters_and_order_as_the_json_list(dataset, api_client, params):
    listing = api_client.get("/api/v1/events/", {**params, "page_size": 100}).json()["results"]
    expected = [item["id"] for item in listing if item["id"] not in UNLOCATED_IN_DATASET]
    expected = [i for i in expected if Event.objects.get(pk=i).place_id is not None]
    assert _ids(_collection(api_client.get(EVENTS, params))) == expected
    everything = _collection(api_client.get(EVENTS, {**params, "include_unlocated": "1"}))
    assert _ids(everything) == [item["id"] for item in listing]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"include_unlocated": "maybe"}, {"include_unlocated": ["Use true or false."]}),
        ({"download": "please"}, {"download": ["Use true or false."]}),
        ({"from": "June"}, {"from": [ERROR_ISO_DAY]}),
        ({"type": "picnic"}, None),
        ({"bbox": "1,2,3"}, {"bbox": ["A bbox is four numbers: minLon,minLat,maxLon,maxLat."]}),
    ],
)
@pytest.mark.parametrize("url", [EVENTS, LINES])
def test_bad_parameters_are_400_before_streaming(dataset, api_client, url, params, errors):
    response = api_client.get(url, params)
    assert response.status_code == 400
    assert not response.streaming
    body = response.json()
    assert list(body) == list(params)
    if errors is not None:
        assert body == errors


def test_restricted_events_stay_hidden_and_visibility_shows_to_readers(
    dataset, api_client, reader_client
):
    Event.objects.filter(pk=STAS).update(visibility="restricted")
    anonymous = _collection(api_client.get(EVENTS))
    assert STAS not in _ids(anonymous)
    assert all("visibility" not in f["properties"] for f in anonymous["features"])
    lines = _body(api_client.get(LINES, {"include_unlocated": "true"})).splitlines()
    assert STAS not in [orjson.loads(line)["id"] for line in lines]
    reader = _collection(reader_client.get(EVENTS))
    restricted = next(f for f in reader["features"] if f["id"] == STAS)
    assert restricted["properties"]["visibility"] == "restricted"


def test_areas_are_right_hand_wound_and_widen_the_bbox(dataset, api_client):
    donbas = Place.objects.get(pk=PLACE["Donbas"])
    clockwise = [[[37.5, 47.5], [37.5, 49.0000004], [40.2, 49.0], [40.2, 47.5], [37.5, 47.5]]]
    donbas.geometry = {"type": "Polygon", "coordinates": clockwise}
    donbas.full_clean()
    donbas.save()
    body = _collection(api_client.get(EVENTS, {"place": str(donbas.pk), "type": "report"}))
    (feature,) = body["features"]
    ring = feature["geometry"]["coordinates"][0]
    signed_area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))
    assert feature["geometry"]["type"] == "Polygon"
    assert signed_area > 0  # counter-clockwise exterior
    assert [37.5, 49.0] in ring
    assert body["bbox"] == [37.5, 47.5, 40.2, 49.0]
    places = _collection(api_client.get(PLACES))
    assert places["bbox"] == [30.5238, 47.5, 142.9, 60.0]


def test_places_collection(dataset, api_client):
    response = api_client.get(PLACES)
    body = _collection(response)
    assert response["X-Unlocated-Count"] == "0"
    assert len(body["features"]) == Place.objects.count()
    kadiivka = next(f for f in body["features"] if f["id"] == KADIIVKA)
    assert kadiivka["properties"] == {
        "name": "Kadiivka",
        "kind": "settlement",
        "country_code": "UA",
        "admin1": "Luhansk Oblast",
        "precision": "settlement",
        "geonames_id": 692975,
        "parent_id": LUHANSK_OBLAST,
        "alternate_names": "Kadiyivka; Stajánov; Stakhanov; Кадіївка; Стаханов",
        "longitude": 38.64352,
        "latitude": 48.56818,
        "url": f"http://testserver/api/v1/places/{KADIIVKA}/",
    }


def test_places_without_location_are_counted(dataset, api_client):
    Place.objects.create(name="Somewhere unknown")
    response = api_client.get(PLACES)
    assert len(_collection(response)["features"]) == 20
    assert response["X-Unlocated-Count"] == "1"
    assert len(_collection(api_client.get(PLACES, {"include_unlocated": "yes"}))["features"]) == 21


def test_lines_one_feature_per_line(dataset, api_client):
    collection = _collection(api_client.get(EVENTS))
    response = api_client.get(LINES)
    assert response["Content-Type"] == "application/x-ndjson"
    assert "Accept" in response["Vary"]
    lines = _body(response).decode().split("\n")
    assert lines[-1] == ""
    assert [orjson.loads(line) for line in lines[:-1]] == collection["features"]


def test_sequence_when_asked(dataset, api_client):
    collection = _collection(api_client.get(EVENTS))
    response = api_client.get(LINES, HTTP_ACCEPT="application/geo+json-seq;q=0.9, */*")
    assert response["Content-Type"] == "application/geo+json-seq"
    records = _body(response).split(b"\x1e")
    assert records[0] == b""
    assert all(record.endswith(b"\n") for record in records[1:])
    assert [orjson.loads(record) for record in records[1:]] == collection["features"]


@pytest.mark.parametrize(
    ("url", "accept", "filename"),
    [
        (EVENTS, "*/*", "events.geojson"),
        (LINES, "*/*", "events.geojsonl"),
        (LINES, "application/geo+json-seq", "events.geojsons"),
        (PLACES, "*/*", "places.geojson"),
    ],
)
def test_download_sets_content_disposition(dataset, api_client, url, accept, filename):
    response = api_client.get(url, {"download": "1"}, HTTP_ACCEPT=accept)
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "Content-Disposition" not in api_client.get(url)


def test_queries_per_chunk_not_per_row(dataset, api_client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(event_geojson, "CHUNK_SIZE", 5)
    # aggregate + areas + rows, then actors and citations for each of the 4 chunks of 19
    with django_assert_num_queries(3 + 2 * 4):
        response = api_client.get(EVENTS)
        body = _collection(response)
    assert len(body["features"]) == 19
    assert body == _collection(api_client.get(EVENTS, {"include_unlocated": "0"}))


NOTHING_MATCHES = [
    {"near": "0,0"},
    {"near": "0,0", "radius_km": "1"},
    {"within": "POLYGON((0 0,1 0,1 1,0 0))"},
    {"within": '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}'},
    {"bbox": "0,0,1,1"},
    {"from": "1900-01-01", "to": "1900-01-31"},
    {"q": "no such words anywhere"},
]


@pytest.mark.parametrize("params", NOTHING_MATCHES)
@pytest.mark.parametrize("include_unlocated", ["0", "1"])
def test_a_filter_that_matches_nothing_is_a_whole_empty_export(
    dataset, api_client, params, include_unlocated
):
    params = {**params, "include_unlocated": include_unlocated}
    collection = _collection(api_client.get(EVENTS, params))
    assert collection == {"type": "FeatureCollection", "features": []}
    lines = api_client.get(LINES, params)
    assert (lines.status_code, _body(lines), lines["X-Feature-Count"]) == (200, b"", "0")


@pytest.mark.parametrize("params", [{"bbox": "0,0,1,1"}, {"name": "no such place"}])
def test_a_place_filter_that_matches_nothing_is_a_whole_empty_export(dataset, api_client, params):
    collection = _collection(api_client.get(PLACES, params))
    assert collection == {"type": "FeatureCollection", "features": []}
