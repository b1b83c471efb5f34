"""page_size: 50 by default, at most 1,000; not a positive whole number is a 400."""

import pytest

from project.pagination import PagedRows, PageNumberPagination
from tests.factories import EventFactory
from timeline.models import Event


@pytest.mark.parametrize(
    ("page_size", "expected"),
    [(None, 34), ("1", 1), ("7", 7), ("1000", 34), ("5000", 34), ("99999999999999999999", 34)],
)
def test_page_size(dataset, api_client, page_size, expected):
    params = {} if page_size is None else {"page_size": page_size}
    response = api_client.get("/api/v1/events/", params)
    assert response.status_code == 200
    assert len(response.json()["results"]) == expected


@pytest.mark.parametrize(("page_size", "expected"), [("4", 4), ("5", 5), ("6", 5), ("5000", 5)])
def test_page_size_above_the_maximum_is_clamped(
    dataset, api_client, monkeypatch, page_size, expected
):
    monkeypatch.setattr(PageNumberPagination, "max_page_size", 5)
    response = api_client.get("/api/v1/events/", {"page_size": page_size})
    assert len(response.json()["results"]) == expected


def test_default_page_size_is_50(dataset, api_client):
    EventFactory.create_batch(51 - Event.objects.count())
    body = api_client.get("/api/v1/events/").json()
    assert (body["count"], len(body["results"])) == (51, 50)
    assert body["next"] == "http://testserver/api/v1/events/?page=2"


@pytest.mark.parametrize("page_size", ["0", "-1", "abc", "1.5", "٣", " 3"])
def test_bad_page_size_is_a_400(dataset, api_client, page_size):
    response = api_client.get("/api/v1/events/", {"page_size": page_size})
    assert response.status_code == 400
    assert response.json() == {
        "page_size": ["page_size is a whole number from 1 to 1000; larger values get 1000."]
    }


@pytest.mark.parametrize("resource", ["events", "places", "sources", "actors"])
def test_pages_walk_every_record_once_in_a_stable_order(dataset, api_client, resource):
    seen, url = [], f"/api/v1/{resource}/?page_size=3"
    while url:
        body = api_client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == body["count"]
    everything = api_client.get(f"/api/v1/{resource}/", {"page_size": 1000}).json()["results"]
    assert seen == [item["id"] for item in everything]


def test_events_that_tie_on_every_date_key_are_ordered_by_id(dataset, api_client):
    for event in Event.objects.all():
        event.date = "2022-06"
        event.save()
    ids = [item["id"] for item in api_client.get("/api/v1/events/").json()["results"]]
    assert ids == sorted(ids)


def test_a_page_past_the_end_is_a_404(dataset, api_client):
    response = api_client.get("/api/v1/events/", {"page": 99})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_the_empty_first_page_never_reads_its_rows():
    class Unreadable:
        def __getitem__(self, index):
            raise AssertionError("an empty page read its rows")

    assert PagedRows(Event.objects.none(), Unreadable())[0:0] == []
