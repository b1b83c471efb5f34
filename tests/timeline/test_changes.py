"""Keeping a copy in sync: `?updated_since=` on the lists and exports, and the deletions feed
(timeline/changes.py)."""

import csv
import io

import orjson
import pytest
from django.core.management import call_command
from django.utils import timezone

from places.models import Place
from tests.dataset import ACTOR, EVENT, PLACE, SOURCE
from timeline.models import Actor, Event, Source

BRIANKA = EVENT["held in Brianka"]
POPASNA = EVENT["imprisoned in Popasna"]
ALCHEVSK = EVENT["imprisoned in Alchevsk"]

DELETED = "/api/v1/events/deleted/"


def csv_rows(client, url) -> dict[str, dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content).decode()
    return {row["id"]: row for row in csv.DictReader(io.StringIO(body, newline=""))}


def zulu(moment) -> str:
    """A UTC moment as a URL carries it unescaped: '+' would read as a space."""
    return moment.isoformat().replace("+00:00", "Z")


def deleted(client, since) -> list[int]:
    response = client.get(DELETED, {"since": since.isoformat()})
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize("who", ["api_client", "reader_client"])
def test_a_copy_synced_with_updated_since_and_the_deletions_equals_the_source(
    dataset, request, who
):
    client = request.getfixturevalue(who)
    call_command("populate_history", "timeline.Event", auto=False)  # the fixtures' baseline
    copy = csv_rows(client, "/api/v1/events.csv")
    since = timezone.now()

    edited = Event.objects.get(pk=BRIANKA)
    edited.title = "Held in Brianka, edited"
    edited.save()
    Event.objects.get(pk=POPASNA).delete()
    restricted = Event.objects.get(pk=ALCHEVSK)
    restricted.visibility = Event.Visibility.RESTRICTED
    restricted.save()
    Event.objects.create(title="New", type_id="detention", date="2023-01")
    born_restricted = Event.objects.create(
        title="Secret", type_id="detention", date="2023-01", visibility="restricted"
    )
    born_restricted.delete()

    changed = csv_rows(client, "/api/v1/events.csv?updated_since=" + zulu(since))
    assert str(BRIANKA) in changed and str(POPASNA) not in changed
    copy.update(changed)
    for event_id in deleted(client, since):
        copy.pop(str(event_id), None)
    assert copy == csv_rows(client, "/api/v1/events.csv")


def test_the_feed_lists_what_left_the_view_and_when(dataset, api_client, reader_client):
    call_command("populate_history", "timeline.Event", auto=False)
    since = timezone.now()
    Event.objects.get(pk=POPASNA).delete()
    event = Event.objects.get(pk=ALCHEVSK)
    event.visibility = Event.Visibility.RESTRICTED
    event.save()
    restricted_at = event.history.latest().history_date
    event.title = "edited while restricted"
    event.save()
    born_restricted = Event.objects.create(
        title="Secret", type_id="detention", date="2023-01", visibility="restricted"
    )
    born_restricted_id = born_restricted.pk
    born_restricted.delete()

    anonymous = api_client.get(DELETED, {"since": since.isoformat()}).json()
    assert [item["id"] for item in anonymous["results"]] == [POPASNA, ALCHEVSK]
    # When it left the view, not when it was last edited out of sight.
    assert anonymous["results"][1]["removed_at"] == zulu(restricted_at)
    assert deleted(reader_client, since) == [POPASNA, born_restricted_id]


def test_an_event_older_than_its_history_is_listed_when_deleted(dataset, api_client):
    """The shipped dataset is loaded as fixtures, without history records."""
    since = timezone.now()
    Event.objects.get(pk=POPASNA).delete()
    assert deleted(api_client, since) == [POPASNA]


def test_nothing_is_listed_before_anything_changes(dataset, api_client):
    assert deleted(api_client, timezone.now()) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [({}, "This field is required."), ({"since": "yesterday"}, "Enter a valid date/time.")],
)
def test_a_bad_since_is_a_400(dataset, api_client, query, message):
    response = api_client.get(DELETED, query)
    assert response.status_code == 400
    assert response.json()["since"] == [message]


@pytest.mark.parametrize(
    ("path", "model", "pk"),
    [
        ("events", Event, BRIANKA),
        ("places", Place, PLACE["Brianka"]),
        ("sources", Source, SOURCE["R4"]),
        ("actors", Actor, ACTOR["Andrei"]),
    ],
)
@pytest.mark.parametrize("suffix", ["/", ".csv"])
def test_updated_since_on_every_list_and_export(dataset, api_client, path, model, pk, suffix):
    since = timezone.now()
    model.objects.get(pk=pk).save()
    response = api_client.get(f"/api/v1/{path}{suffix}", {"updated_since": since.isoformat()})
    assert response.status_code == 200, response.content
    if suffix == "/":
        assert [item["id"] for item in response.json()["results"]] == [pk]
    else:
        body = b"".join(response.streaming_content).decode()
        assert [row["id"] for row in csv.DictReader(io.StringIO(body))] == [str(pk)]


@pytest.mark.parametrize("path", ["/api/v1/events.geojson", "/api/v1/places.geojson"])
def test_updated_since_on_the_geojson_exports(dataset, api_client, path):
    since = timezone.now()
    model, pk = (Event, BRIANKA) if "events" in path else (Place, PLACE["Brianka"])
    model.objects.get(pk=pk).save()
    response = api_client.get(path, {"updated_since": since.isoformat()})
    body = b"".join(response.streaming_content)
    assert [feature["id"] for feature in orjson.loads(body)["features"]] == [pk]


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        ("2022-06-01T00:00:00-23:41", 200),  # Python's widest offset, beyond PostgreSQL's
        ("0215-11-15T12:48:33.217-23:41", 200),
        ("0001-01-01T00:00:00+01:00", 400),  # before year 1 once in UTC
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/actors/", DELETED])
def test_any_offset_is_read_as_utc_and_leaves_the_connection_usable(
    dataset, api_client, path, moment, status
):
    parameter = "since" if path == DELETED else "updated_since"
    response = api_client.get(path, {parameter: moment})
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()[parameter] == ["This moment is out of range."]
    assert Event.objects.exists()  # the database answered no error: the next query still runs


def test_updated_since_must_be_a_date_time(dataset, api_client):
    response = api_client.get("/api/v1/events/", {"updated_since": "yesterday"})
    assert response.status_code == 400
    assert response.json()["updated_since"] == ["Enter a valid date/time."]
