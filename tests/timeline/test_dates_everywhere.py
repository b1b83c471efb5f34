"""Every date the parser accepts renders in every output: the list, the detail, the timeline with
and without buckets, TimelineJS and GeoJSON. Every EDTF form the edtf package reads, level 0 to
2, is either stored and shown everywhere, or refused with a message; never a 500."""

import datetime as dt

import orjson
import pytest

from places.models import Place
from timeline import dates
from timeline.models import Event, EventType
from timeline.services import event_create

ACCEPTED = [
    # level 0
    "2022", "2022-06", "2022-06-15", "2022-03-07/2022-04-01", "2022-06/2022-07",
    # level 1
    "2022?", "2022-06~", "2022-06-15%", "2022-XX", "2022-06-XX", "202X", "19XX",
    "../2022-08-03", "2022-06/..", "/2022-08-03", "2022-06/", "2022~/2023?",
    "2022-21", "2022-22", "2022-23", "2022-24",
    # level 2: sub-year groupings, sets, component qualifiers
    *(f"2022-{code}" for code in range(25, 42)),
    "[..2022-08-03]", "[2022-06,2022-07]", "{2022-06,2022-07}", "2022-?06-15", "156X-12-25",
]  # fmt: skip
REFUSED = ["XXXX", "XXXX-12", "XXXX-XX-XX", "XXXX/2022", "2022-13", "2022-42", "junk", ""]


@pytest.mark.parametrize("value", ACCEPTED)
def test_every_accepted_date_has_bounds_a_label_and_a_precision(value):
    info = dates.parse(value)
    assert dt.date(1, 1, 1) <= info.earliest <= info.latest < dt.date(9000, 1, 1)
    assert info.label and "9989" not in info.label
    assert info.precision in dates.PRECISIONS


@pytest.mark.parametrize("value", REFUSED)
def test_dates_without_a_year_or_invalid_are_refused_with_a_message(value):
    with pytest.raises(dates.DateError) as error:
        dates.parse(value)
    assert str(error.value)


def test_an_unknown_year_is_a_400_naming_the_field(superuser_client, db):
    response = superuser_client.post(
        "/api/v1/events/", {"title": "t", "type": "other", "date": "XXXX-12"}
    )
    assert response.status_code == 400
    assert "gives no year" in response.json()["date"][0]


@pytest.fixture
def every_form(db):
    """One event per accepted date, at a place with a point, each with a recognisable title."""
    place = Place.objects.create(name="Everywhere", latitude=48.5, longitude=38.0)
    kind = EventType.objects.get(pk="other")
    return {
        event_create(title=f"dated {value}", type=kind, date=value, place=place).pk: value
        for value in ACCEPTED
    }


def ours(items, every_form) -> set[int]:
    return {item["id"] for item in items if item["id"] in every_form}


def test_every_form_renders_in_every_output(api_client, every_form):
    ids = set(every_form)
    listed = api_client.get("/api/v1/events/", {"page_size": 1000})
    assert listed.status_code == 200
    assert ours(listed.json()["results"], every_form) == ids
    for pk in ids:
        assert api_client.get(f"/api/v1/events/{pk}/").status_code == 200

    timeline = api_client.get("/api/v1/timeline/", {"page_size": 1000})
    assert timeline.status_code == 200
    assert ours(timeline.json()["results"], every_form) == ids
    for period in ("day", "week", "month", "year"):
        grouped = api_client.get("/api/v1/timeline/", {"group": period, "page_size": 100})
        assert grouped.status_code == 200, (period, grouped.content)

    timelinejs = api_client.get("/api/v1/timeline/", {"format": "timelinejs"})
    assert timelinejs.status_code == 200
    slides = {slide["unique_id"] for slide in timelinejs.json()["events"]}
    assert {f"event-{pk}" for pk in ids} <= slides

    geojson = api_client.get("/api/v1/events.geojson")
    assert geojson.status_code == 200
    features = orjson.loads(b"".join(geojson.streaming_content))["features"]
    by_id = {feature["id"]: feature["properties"] for feature in features}
    for pk in ids:
        event = Event.objects.get(pk=pk)
        assert by_id[pk]["start"] == f"{event.earliest.isoformat()}T00:00:00Z"
        assert by_id[pk]["end"] == f"{event.latest.isoformat()}T23:59:59Z"
