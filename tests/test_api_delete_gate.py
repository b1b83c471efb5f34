"""A delete that other records block says what blocks it, but counts what the user may not see
only as 'records you may not see': never their kind, title or number by kind (issue #15, door 4)."""

import pytest

from places.models import Place
from timeline.models import Actor, EventType, Source
from timeline.services import event_create

PREFIX = "cannot be deleted while other records refer to it: "


@pytest.fixture
def hidden_refs(db):
    """A place, a source and an actor referred to by one restricted event only."""
    place = Place.objects.create(name="Hidden site", latitude=48.0, longitude=38.0)
    source = Source.objects.create(outlet="Witness", title="Interview")
    actor = Actor.objects.create(name="Protected person", kind="person", is_pseudonym=True)
    event_create(
        title="Restricted account",
        type=EventType.objects.get(pk="other"),
        date="2022-07",
        place=place,
        visibility="restricted",
        actors=[{"actor": actor, "role": "witness"}],
        citations=[{"source": source}],
        figures=[{"counted": "held", "value_min": 3, "source": source, "claimed_by": actor}],
    )
    return {"places": place.pk, "sources": source.pk, "actors": actor.pk}


@pytest.mark.parametrize("resource", ["places", "sources", "actors"])
def test_what_the_user_may_not_see_is_only_counted(hidden_refs, editor_client, resource):
    response = editor_client.delete(f"/api/v1/{resource}/{hidden_refs[resource]}/")
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert PREFIX in detail
    references = detail.split(PREFIX, 1)[1]
    assert references.endswith("you may not see.")
    for kind in ("event", "citation", "figure", "actor"):
        assert kind not in references


def test_who_may_see_everything_gets_every_kind(hidden_refs, superuser_client):
    response = superuser_client.delete(f"/api/v1/places/{hidden_refs['places']}/")
    assert response.status_code == 409
    assert response.json()["detail"].endswith(PREFIX + "1 event.")
