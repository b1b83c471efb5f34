"""events/places.geojson: the matching events counted per place, for the explorer's map."""

from places.models import Place
from timeline.models import Event

URL = "/api/v1/events/places.geojson"


def features_by_place(body):
    return {feature["id"]: feature for feature in body["features"]}


def test_every_located_event_is_counted_once_at_its_place(dataset, api_client):
    response = api_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection"
    located = Event.objects.filter(visibility="public", place__isnull=False)
    assert sum(feature["properties"]["count"] for feature in body["features"]) == located.count()
    izium = features_by_place(body)[Place.objects.get(name="Izium").pk]
    assert izium == {
        "type": "Feature",
        "id": izium["id"],
        "geometry": {"type": "Point", "coordinates": [37.27679, 49.20697]},
        "properties": {
            "place_id": izium["id"],
            "place_name": "Izium",
            "place_precision": "settlement",
            "count": 1,
            "earliest": "2022-03-07",
            "latest": "2022-04-01",
        },
    }
    longitudes = [feature["geometry"]["coordinates"][0] for feature in body["features"]]
    assert body["bbox"][0] == min(longitudes) and body["bbox"][2] == max(longitudes)


def test_the_filters_are_the_event_lists(dataset, api_client):
    body = api_client.get(URL, {"type": "detention", "to": "2022-07-31"}).json()
    listed = api_client.get(
        "/api/v1/events/", {"type": "detention", "to": "2022-07-31", "page_size": 100}
    ).json()
    located = [event for event in listed["results"] if event["place_id"] is not None]
    assert sum(feature["properties"]["count"] for feature in body["features"]) == len(located)
    assert {feature["id"] for feature in body["features"]} == {e["place_id"] for e in located}


def test_a_bad_filter_is_a_400(dataset, api_client):
    response = api_client.get(URL, {"from": "not a date"})
    assert response.status_code == 400
    assert "from" in response.content.decode()


def test_an_area_is_drawn_as_an_area(dataset, api_client):
    square = [[[36.0, 48.0], [38.0, 48.0], [38.0, 50.0], [36.0, 50.0], [36.0, 48.0]]]
    Place.objects.filter(name="Izium").update(geometry={"type": "Polygon", "coordinates": square})
    body = api_client.get(URL).json()
    izium = features_by_place(body)[Place.objects.get(name="Izium").pk]
    assert izium["geometry"] == {"type": "Polygon", "coordinates": square}


def test_restricted_events_are_counted_only_for_who_may_see_them(
    dataset, api_client, reader_client
):
    izium = Place.objects.get(name="Izium")
    event = Event(title="hidden", type_id="detention", date="2022-06", place=izium)
    event.visibility = Event.Visibility.RESTRICTED
    event.set_dates()
    event.save()
    anonymous = features_by_place(api_client.get(URL).json())[izium.pk]["properties"]
    reader = features_by_place(reader_client.get(URL).json())[izium.pk]["properties"]
    assert "restricted" not in anonymous and anonymous["count"] == 1
    assert reader["restricted"] == 1 and reader["count"] == 2


def month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def cells(body, feature) -> list[tuple]:
    """A place's months as (first, last, count[, restricted]) with months as 'YYYY-MM'."""
    zero, width = month_number(body["months"]["zero"]), len(body["months"]["cell"])
    flat = feature["properties"]["months"]
    found = []
    for at in range(0, len(flat), width):
        first, span, *counts = flat[at : at + width]
        first += zero
        last = first + span
        months = [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in (first, last)]
        found.append((*months, *counts))
    return found


def in_months(cells, first: str, last: str) -> int:
    """What the explorer counts from a place's months for the window first..last (months)."""
    return sum(cell[2] for cell in cells if cell[1] >= first and cell[0] <= last)


def test_months_let_a_client_count_a_window_of_whole_months_exactly(dataset, api_client):
    body = api_client.get(URL, {"months": "true"}).json()
    assert body["months"]["cell"] == ["first", "span", "count"]
    izium = features_by_place(body)[Place.objects.get(name="Izium").pk]
    assert cells(body, izium) == [("2022-03", "2022-04", 1)]
    for feature in body["features"]:
        assert sum(cell[2] for cell in cells(body, feature)) == feature["properties"]["count"]
    for first, last, since, until in [
        ("2022-03", "2022-03", "2022-03-01", "2022-03-31"),
        ("2022-06", "2022-09", "2022-06-01", "2022-09-30"),
        ("2023-01", "2024-12", "2023-01-01", "2024-12-31"),
    ]:
        windowed = api_client.get(URL, {"from": since, "to": until}).json()
        expected = {f["id"]: f["properties"]["count"] for f in windowed["features"]}
        counted = {
            feature["id"]: in_months(cells(body, feature), first, last)
            for feature in body["features"]
        }
        assert {key: value for key, value in counted.items() if value} == expected


def test_months_are_left_out_unless_asked_for(dataset, api_client):
    body = api_client.get(URL, {"months": "false"}).json()
    assert "months" not in body
    assert all("months" not in feature["properties"] for feature in body["features"])


def test_a_bad_months_value_is_a_400(dataset, api_client):
    response = api_client.get(URL, {"months": "maybe"})
    assert response.status_code == 400
    assert "months" in response.content.decode()


def test_months_count_restricted_events_only_for_who_may_see_them(
    dataset, api_client, reader_client
):
    izium = Place.objects.get(name="Izium")
    event = Event(title="hidden", type_id="detention", date="2022-06", place=izium)
    event.visibility = Event.Visibility.RESTRICTED
    event.set_dates()
    event.save()
    anonymous = api_client.get(URL, {"months": "1"}).json()
    reader = reader_client.get(URL, {"months": "1"}).json()
    assert cells(anonymous, features_by_place(anonymous)[izium.pk]) == [("2022-03", "2022-04", 1)]
    assert reader["months"]["cell"] == ["first", "span", "count", "restricted"]
    assert cells(reader, features_by_place(reader)[izium.pk]) == [
        ("2022-03", "2022-04", 1, 0),
        ("2022-06", "2022-06", 1, 1),
    ]
