"""The write services scripts and the API share: full_clean() first, one transaction."""

import pytest
from django.core.exceptions import ValidationError

from places.models import Place
from places.services import place_create, place_update
from tests.dataset import ACTOR, EVENT, SOURCE
from timeline.models import Actor, Event, EventType, Figure, Source
from timeline.services import event_create, event_update, source_update

BURYATIA = EVENT["from Buryatia refuse to fight"]  # with figures
FREE_BURYATIA = ACTOR["Free Buryatia Foundation"]
R2 = SOURCE["R2"]


@pytest.fixture
def source(dataset):
    return Source.objects.get(pk=SOURCE["R5"])


def test_event_create_writes_the_event_and_its_items(source):
    event = event_create(
        title="t",
        type=EventType.objects.get(pk="refusal"),
        date="2022-06",
        citations=[{"source": source, "supports": "x"}],
        figures=[{"counted": "x", "stated": "many", "source": source}],
    )
    assert (event.earliest.isoformat(), event.precision) == ("2022-06-01", "month")
    assert [c.source_id for c in event.citations.all()] == [source.pk]
    assert event.figures.get().stated == "many"


def test_every_bad_item_is_reported_under_its_path_and_nothing_is_written(source):
    events, figures = Event.objects.count(), Figure.objects.count()
    with pytest.raises(ValidationError) as caught:
        event_create(
            title="t",
            type=EventType.objects.get(pk="refusal"),
            date="2022-06",
            citations=[{"source": source, "contradicts": source}],
            figures=[
                {"counted": "x", "stated": "fine", "source": source},
                {"counted": "x", "value_min": 5, "value_max": 1, "source": source},
            ],
        )
    assert set(caught.value.message_dict) == {"citations.0.contradicts", "figures.1.value_max"}
    assert (Event.objects.count(), Figure.objects.count()) == (events, figures)


def test_a_field_the_service_does_not_know_is_a_programming_error(dataset):
    with pytest.raises(TypeError, match="colour"):
        event_update(Event.objects.get(pk=BURYATIA), colour="red")


def test_update_leaves_lists_not_given_alone(dataset):
    event = Event.objects.get(pk=BURYATIA)
    figures = list(event.figures.values_list("id", flat=True))
    event_update(
        event, title="changed", actors=[{"actor": Actor.objects.get(pk=FREE_BURYATIA), "role": "x"}]
    )
    assert list(event.figures.values_list("id", flat=True)) == figures
    assert [(a.actor_id, a.role) for a in event.event_actors.all()] == [(FREE_BURYATIA, "x")]


def test_a_source_cannot_become_its_own_copy(dataset):
    with pytest.raises(ValidationError) as caught:
        source_update(Source.objects.get(pk=R2), copy_of=Source.objects.get(pk=R2))
    assert caught.value.message_dict == {"copy_of": ["A source cannot be a copy of itself."]}


def test_place_names_are_replaced(db):
    place = place_create(name="A", names=[{"name": "B"}, {"name": "C", "language": "uk"}])
    place_update(place, names=[{"name": "D"}])
    assert list(Place.objects.get(pk=place.pk).names.values_list("name", flat=True)) == ["D"]


def test_an_event_citing_no_source_is_unsourced_whatever_was_asked(db):
    kind = EventType.objects.get(pk="other")
    event = event_create(title="Told by nobody", type=kind, date="2022", confidence="corroborated")
    assert event.confidence == "unsourced"


def test_unsourced_cannot_be_claimed_for_an_event_citing_a_source(db):
    source = Source.objects.create(outlet="Outlet", title="Report")
    kind = EventType.objects.get(pk="other")
    with pytest.raises(ValidationError) as error:
        event_create(
            title="t",
            type=kind,
            date="2022",
            confidence="unsourced",
            citations=[{"source": source}],
        )
    assert "cites 1" in error.value.message_dict["confidence"][0]


def test_removing_the_last_citation_makes_an_event_unsourced(db):
    source = Source.objects.create(outlet="Outlet", title="Report")
    kind = EventType.objects.get(pk="other")
    event = event_create(title="t", type=kind, date="2022", citations=[{"source": source}])
    assert event.confidence == "single_source"
    assert event_update(event, citations=[]).confidence == "unsourced"
    event = event_update(event, citations=[{"source": source}], confidence="corroborated")
    assert event.confidence == "corroborated"
