"""Each list runs the same number of queries whether a page holds 2 records or 1,000."""

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from places.services import place_create
from timeline.models import Actor, EventType, Source
from timeline.services import actor_create, event_create, source_create


def grow(resource: str, count: int) -> None:
    """Add records with nested rows, so that a per-row query would show."""
    if resource == "events":
        source, actor = Source.objects.first(), Actor.objects.first()
        for number in range(count):
            event_create(
                title=f"extra {number}",
                type=EventType.objects.get(pk="other"),
                date="2022-06",
                actors=[{"actor": actor, "role": "witness"}],
                citations=[{"source": source, "supports": "x"}],
                figures=[
                    {"counted": "x", "value_min": number, "source": source, "claimed_by": actor}
                ],
            )
    for number in range(count):
        if resource == "places":
            place_create(name=f"extra {number}", names=[{"name": f"alias {number}"}])
        elif resource == "sources":
            source_create(outlet="o", title=f"extra {number}", copy_of=Source.objects.first())
        elif resource == "actors":
            actor_create(name=f"extra {number}", kind="person", aliases=["x"])


@pytest.mark.parametrize(
    ("resource", "queries"),
    [
        ("events", 5),  # count, the page as rows with places, its actors, citations, figures
        ("places", 3),  # count, places, alternate names
        ("sources", 2),
        ("actors", 2),
    ],
)
@pytest.mark.parametrize("who", ["anonymous", "superuser", "reader with a token"])
def test_list_queries_do_not_grow_with_the_page(
    dataset, request, django_assert_num_queries, resource, queries, who
):
    if who == "reader with a token":
        client = APIClient()
        _, token = AuthToken.objects.create(user=request.getfixturevalue("reader"))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        queries += 2  # the token with its user; knox's look for the user's expired tokens
        if resource == "events":
            queries += 2  # visible_to(): the user's and their groups' permissions
    else:
        client = request.getfixturevalue("api_client" if who == "anonymous" else "superuser_client")
    url = f"/api/v1/{resource}/"
    with django_assert_num_queries(queries):
        small = client.get(url, {"page_size": 2})
    assert len(small.json()["results"]) == 2
    grow(resource, 40)
    with django_assert_num_queries(queries):
        large = client.get(url, {"page_size": 1000})
    assert len(large.json()["results"]) >= 40


def test_filtered_event_list_stays_fixed_too(dataset, api_client, django_assert_num_queries):
    params = {"q": "e", "type": ["other", "refusal"], "from": "2022-01-01", "page_size": 1000}
    with django_assert_num_queries(5 + 1):  # and the type lookup
        before = api_client.get("/api/v1/events/", params).json()["count"]
    grow("events", 40)
    with django_assert_num_queries(5 + 1):
        response = api_client.get("/api/v1/events/", params)
    assert response.json()["count"] == before + 40 > 40


def test_an_empty_event_page_runs_only_the_count(dataset, api_client, django_assert_num_queries):
    with django_assert_num_queries(1):
        body = api_client.get("/api/v1/events/", {"from": "1900-01-01", "to": "1900-01-31"}).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/timeline/"])
def test_a_filter_that_matches_nothing_costs_one_query(
    dataset, api_client, django_assert_num_queries, path
):
    with django_assert_num_queries(1):  # the count; no page of rows to read
        response = api_client.get(path, {"bbox": "-30,-10,-29,-9"})
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["results"]) == (0, [])
