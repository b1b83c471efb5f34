"""The GeoJSON import goes through the services' write gate: staff who may not see restricted
events can neither change, reveal nor create one, and learn nothing of their ids; bad ids and
NUL characters are refused before anything is written (issue #15, doors 1, 9 and 11)."""

import orjson
import pytest
from django.contrib.auth.models import Permission, User

from timeline.geojson_import import ERROR_UNSEEN_ID, GeoJSONImportError, geojson_import
from timeline.models import Event, EventType
from timeline.services import event_create

STAFF_PERMISSIONS = ["add_event", "change_event", "add_place", "change_place"]


def collection(*features) -> bytes:
    return orjson.dumps({"type": "FeatureCollection", "features": list(features)})


def feature(feature_id=None, **properties) -> dict:
    properties = {"title": "Imported", "type": "other", "date": "2022-06", **properties}
    return {"type": "Feature", "id": feature_id, "geometry": None, "properties": properties}


@pytest.fixture
def hidden(db) -> Event:
    return event_create(
        title="A witness's account",
        type=EventType.objects.get(pk="other"),
        date="2022-07",
        visibility="restricted",
    )


@pytest.fixture
def staff(db) -> User:
    """Staff who may import, but not see restricted events."""
    user = User.objects.create_user("importer", password="pw-for-tests-only", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=STAFF_PERMISSIONS))
    return user


def refusal(data: bytes, user) -> list[str]:
    with pytest.raises(GeoJSONImportError) as error:
        geojson_import(data=data, user=user)
    return error.value.errors


def test_a_hidden_event_cannot_be_made_public_or_changed(hidden, staff):
    errors = refusal(collection(feature(hidden.pk, visibility="public")), staff)
    assert errors == [f"Feature 0 (id {hidden.pk}): {ERROR_UNSEEN_ID}"]
    hidden.refresh_from_db()
    assert (hidden.visibility, hidden.title) == ("restricted", "A witness's account")


def test_a_hidden_id_and_a_free_id_are_refused_alike(hidden, staff):
    """No oracle: the answer for a hidden event's id is the answer for an id nobody has."""
    free = hidden.pk + 1000
    as_hidden = refusal(collection(feature(hidden.pk, title=hidden.title)), staff)
    as_free = refusal(collection(feature(free, title=hidden.title)), staff)
    assert [e.replace(str(hidden.pk), "N") for e in as_hidden] == [
        e.replace(str(free), "N") for e in as_free
    ]


def test_staff_may_not_create_a_restricted_event(staff, db):
    before = Event.objects.count()
    (error,) = refusal(collection(feature(visibility="restricted")), staff)
    assert "visibility:" in error and "may make an event restricted" in error
    assert Event.objects.count() == before


def test_staff_may_create_and_update_events_they_can_see(staff, db):
    result = geojson_import(data=collection(feature()), user=staff)
    assert result.created["event"] == 1
    event = Event.objects.get(title="Imported")
    result = geojson_import(data=collection(feature(event.pk, title="Renamed")), user=staff)
    assert result.updated["event"] == 1
    assert Event.objects.get(pk=event.pk).title == "Renamed"


def test_who_may_see_restricted_events_may_update_them(hidden, superuser):
    geojson_import(data=collection(feature(hidden.pk, title="Corrected")), user=superuser)
    assert Event.objects.get(pk=hidden.pk).title == "Corrected"


@pytest.mark.parametrize("feature_id", [2**31, 2**63 - 1, 0, -5])
def test_ids_outside_the_sane_range_are_refused(db, feature_id):
    (error,) = refusal(collection(feature(feature_id)), None)
    assert "'id' must be a whole number from 1 to 2147483647" in error


def test_later_inserts_still_work_after_an_import_at_the_largest_id(db):
    geojson_import(data=collection(feature(2**31 - 1)), user=None)
    event = event_create(title="After", type=EventType.objects.get(pk="other"), date="2022")
    assert event.pk is not None


@pytest.mark.parametrize("name", ["title", "summary", "location_note"])
def test_nul_characters_are_refused(db, name):
    (error,) = refusal(collection(feature(**{name: "before\x00after"})), None)
    assert f"{name}: must not contain NUL characters." in error
