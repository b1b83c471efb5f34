"""The event list builds its items from rows (timeline/representation.py). These tests hold it to
EventSerializer: for the same request, the list must answer byte for byte what DRF's own list,
EventSerializer over the instances the detail reads, answers. Same keys in the same order, same
number and date formats, same count, next and previous."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework import mixins
from rest_framework.test import APIRequestFactory, force_authenticate

from places.models import Place
from tests.dataset import ACTOR, PLACE, SOURCE
from timeline.models import Actor, Event, EventType, Source
from timeline.services import event_create
from timeline.views import EventViewSet

URL = "/api/v1/events/"


class SerializedEventViewSet(EventViewSet):
    """The list as DRF builds it, and as this one was built before it read rows."""

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).with_related().chronological()

    list = mixins.ListModelMixin.list


def answer(viewset, user, params: dict):
    request = APIRequestFactory().get(URL, params)
    force_authenticate(request, user=user)
    return viewset.as_view({"get": "list"})(request).render()


def assert_as_serialized(user, params: dict) -> dict:
    """Ask both lists; return the parsed answer once they agree."""
    rows = answer(EventViewSet, user, params)
    serialized = answer(SerializedEventViewSet, user, params)
    assert rows.status_code == serialized.status_code
    assert json.loads(rows.content) == json.loads(serialized.content)  # the readable diff
    assert rows.content == serialized.content  # and key order, number formats, escaping
    return json.loads(rows.content)


@pytest.fixture
def unusual(dataset):
    """Events the shipped dataset lacks: restricted ones, one with nothing nested, a place with no
    point, a pseudonym's claim, a figure given only as stated, odd text and precise numbers.
    Written now, so their timestamps carry microseconds."""
    detention = EventType.objects.get(pk="detention")
    source, other_source = Source.objects.order_by("id")[:2]
    pseudonym = Actor.objects.filter(is_pseudonym=True).order_by("id").first()
    (unmapped,) = Place.objects.bulk_create([Place(name="A basement, somewhere", kind="facility")])
    precise = Place.objects.create(name="Точка «тут»", latitude=48.123456789, longitude=-0.000001)
    event_create(
        title="Restricted: a witness's account",
        type=detention,
        date="2023-01-05?",
        place=unmapped,
        visibility="restricted",
        actors=[{"actor": pseudonym, "role": "witness"}],
        citations=[{"source": source, "contradicts": other_source, "location": "p. 3"}],
        figures=[
            {"counted": "held", "stated": "dozens", "qualifier": "about", "source": source},
            {"counted": "held", "value_min": 30, "claimed_by": pseudonym, "source": other_source},
        ],
    )
    event_create(title="Nothing nested", type=detention, date="2023-01")
    event_create(
        title='Quotes " and \\ backslashes, ünïcödé, emoji 🙂',
        summary="Line one\nline two\ttabbed",
        type=detention,
        date="2023-01-01/2023-02-15",
        place=precise,
        location_note="</script>",
        visibility="restricted",
        confidence="disputed",
        figures=[
            {
                "counted": "x",
                "value_min": 10**15,
                "value_max": 2 * 10**15,
                "qualifier": "range",
                "source": source,
            }
        ],
    )


@pytest.fixture(params=["anonymous", "reader"])
def user(request):
    """Anonymous sees only public events; the reader may see restricted ones too."""
    if request.param == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue("reader")


def test_every_event_is_as_serialized(unusual, user):
    body = assert_as_serialized(user, {"page_size": 1000})
    assert body["count"] == len(body["results"]) == Event.objects.visible_to(user).count()


def test_the_cases_the_comparison_covers_are_there(unusual, reader):
    items = assert_as_serialized(reader, {"page_size": 1000})["results"]
    assert any(item["place"] is None for item in items)
    assert any(item["place"] and item["place"]["latitude"] is None for item in items)
    assert any(item["actors"] == item["citations"] == item["figures"] == [] for item in items)
    assert any(item["visibility"] == "restricted" for item in items)
    actors = [actor for item in items for actor in item["actors"]]
    assert {actor["is_pseudonym"] for actor in actors} == {True, False}
    figures = [figure for item in items for figure in item["figures"]]
    assert {figure["claimed_by_is_pseudonym"] for figure in figures} == {True, False, None}
    assert any(c["contradicts_id"] for item in items for c in item["citations"])
    assert any("." in item["created_at"] for item in items)  # microseconds


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": 5},
        {"page_size": 5, "page": 2},
        {"page_size": 7, "page": 3},
        {"ordering": "-earliest"},
        {"ordering": "updated_at"},
        {"ordering": "-updated_at", "page_size": 4, "page": 2},
        {"from": "2022-06-01", "to": "2022-07-31"},
        {"type": ["detention", "battle"]},
        {"bbox": "37.0,48.0,39.5,50.0"},
        {"place": PLACE["Ukraine"], "include_children": "true"},
        {"actor": ACTOR["Yuri"]},
        {"source": SOURCE["R1"]},
        {"q": "Yuri"},
        {"near": "38.83,48.44", "radius_km": 50},
        {"confidence": "disputed"},
        {"visibility": "restricted"},
        {"from": "1900-01-01", "to": "1900-01-31"},  # an empty page
        {"page": 99},  # a 404, in the same words
    ],
    ids=lambda params: "&".join(f"{key}={value}" for key, value in params.items()),
)
def test_pages_filters_and_orderings_are_as_serialized(unusual, user, params):
    assert_as_serialized(user, params)
