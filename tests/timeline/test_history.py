import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.forms.models import model_to_dict
from rest_framework.test import APIClient

from tests.dataset import EVENT, MISSING_ID
from timeline.history import deleted_event_ids
from timeline.models import Actor, Citation, Event, EventActor, Figure, Source

ARRESTED = EVENT["Yuri refuses to keep fighting"]
BRIANKA = EVENT["held in Brianka"]
BURYATIA = EVENT["from Buryatia refuse to fight"]  # with citations, actors and figures
PEREVALSK = EVENT["Yuri held in Perevalsk prison"]


@pytest.fixture
def dataset(dataset):
    """The dataset with a first history record per row, as `make setup` leaves it."""
    call_command("populate_history", "--auto", verbosity=0)


@pytest.fixture
def editor(superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    return client


@pytest.fixture
def staff_client(db):
    """Staff without the permission to see restricted events, or to add events."""
    user = User.objects.create_user("staff", password="pw-for-tests-only", is_staff=True)
    client = APIClient()
    client.force_authenticate(user)
    return client


def nested_rows(event_id):
    return {
        model.__name__: sorted(
            (model_to_dict(row) for row in model.objects.filter(event_id=event_id)),
            key=lambda row: row["id"],
        )
        for model in (Citation, EventActor, Figure)
    }


def test_history_says_who_changed_what_and_when(dataset, editor):
    old_title = Event.objects.get(pk=ARRESTED).title
    assert editor.patch(f"/api/v1/events/{ARRESTED}/", {"title": "New title"}).status_code == 200
    entries = editor.get(f"/api/v1/events/{ARRESTED}/history/").json()["results"]
    latest = entries[0]
    assert latest["model"] == "event" and latest["object_id"] == ARRESTED
    assert latest["history_type"] == "changed"
    assert latest["history_user"] == "admin"
    assert latest["history_date"]
    assert latest["changes"] == [{"field": "title", "old": old_title, "new": "New title"}]


def test_first_record_lists_what_was_set_and_nested_rows_are_included(dataset, editor):
    stas = Actor.objects.get(name="Stas")
    row = EventActor.objects.create(event_id=ARRESTED, actor=stas, role="witness")
    row.role = "claimant"
    row.save()
    entries = editor.get(f"/api/v1/events/{ARRESTED}/history/").json()["results"]
    changed, created = entries[0], entries[1]
    assert (changed["model"], changed["history_type"]) == ("actor", "changed")
    assert changed["changes"] == [{"field": "role", "old": "witness", "new": "claimant"}]
    assert created["history_type"] == "created"
    assert {"field": "actor", "old": None, "new": {"id": stas.pk, "label": "Stas (pseudonym)"}} in (
        created["changes"]
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", (401, 403)), ("reader", (403,)), ("staff", (200,)), ("admin", (200,))],
)
def test_history_is_staff_only(
    dataset, api_client, reader_client, staff_client, editor, who, status
):
    client = {"anonymous": api_client, "reader": reader_client, "staff": staff_client}.get(
        who, editor
    )
    assert client.get(f"/api/v1/events/{ARRESTED}/history/").status_code in status


def test_history_of_an_unknown_event_is_404(dataset, editor):
    assert editor.get(f"/api/v1/events/{MISSING_ID}/history/").status_code == 404


def test_restricted_history_needs_the_permission(dataset, editor, staff_client):
    event = Event.objects.get(pk=ARRESTED)
    event.visibility = "restricted"
    event.save()
    event.visibility = "public"
    event.save()  # public now, but an earlier version was restricted
    assert staff_client.get(f"/api/v1/events/{ARRESTED}/history/").status_code == 404
    assert editor.get(f"/api/v1/events/{ARRESTED}/history/").status_code == 200


@pytest.mark.parametrize("hidden", [{"visibility": "restricted"}, {"status": "draft"}])
def test_a_row_moved_from_a_hidden_event_does_not_show_it(dataset, staff_client, hidden):
    hidden_event = Event.objects.get(pk=ARRESTED)
    citation = hidden_event.citations.first()
    citation.supports = "Words only the hidden event's readers may see."
    citation.save()
    Event.objects.filter(pk=ARRESTED).update(**hidden)
    citation.event_id = BRIANKA  # moved to a public event, as the admin's citation page allows
    citation.supports = "What the public event's readers may see."
    citation.save()
    response = staff_client.get(f"/api/v1/events/{BRIANKA}/history/")
    assert response.status_code == 200
    body = response.content.decode()
    assert hidden_event.title not in body
    assert "Words only the hidden event" not in body
    assert "What the public event's readers may see." in body
    events_named = {
        side["id"]
        for entry in response.json()["results"]
        for change in entry["changes"]
        if change["field"] == "event"
        for side in (change["old"], change["new"])
        if side
    }
    assert events_named == {BRIANKA}


def test_delete_then_restore_brings_back_the_event_and_its_nested_rows(dataset, editor):
    event_before = model_to_dict(Event.objects.get(pk=BURYATIA))
    created_at = Event.objects.get(pk=BURYATIA).created_at
    rows_before = nested_rows(BURYATIA)
    assert all(rows_before.values())
    assert editor.delete(f"/api/v1/events/{BURYATIA}/").status_code == 204
    assert nested_rows(BURYATIA) == {"Citation": [], "EventActor": [], "Figure": []}
    assert deleted_event_ids() == [BURYATIA]

    response = editor.post(f"/api/v1/events/{BURYATIA}/restore/")
    assert response.status_code == 201
    assert response.json()["id"] == BURYATIA
    restored = Event.objects.get(pk=BURYATIA)
    assert model_to_dict(restored) == event_before
    assert restored.created_at == created_at
    assert nested_rows(BURYATIA) == rows_before
    assert deleted_event_ids() == []
    entries = editor.get(f"/api/v1/events/{BURYATIA}/history/").json()["results"]
    restored_entries = [e for e in entries if e["reason"] == "restored from history"]
    assert len(restored_entries) == 1 + sum(len(rows) for rows in rows_before.values())
    assert {(e["history_type"], e["history_user"]) for e in restored_entries} == {
        ("created", "admin")
    }
    assert editor.get(f"/api/v1/events/{BURYATIA}/").json() == response.json()


def test_a_row_deleted_before_the_event_stays_deleted(dataset, editor):
    gone = Citation.objects.filter(event_id=BURYATIA).first()
    gone.delete()
    Event.objects.get(pk=BURYATIA).delete()
    assert editor.post(f"/api/v1/events/{BURYATIA}/restore/").status_code == 201
    assert not Citation.objects.filter(pk=gone.pk).exists()
    assert Figure.objects.filter(event_id=BURYATIA).exists()


def test_restore_twice_and_restore_after_a_second_delete(dataset, editor):
    Event.objects.get(pk=BURYATIA).delete()
    assert editor.post(f"/api/v1/events/{BURYATIA}/restore/").status_code == 201
    response = editor.post(f"/api/v1/events/{BURYATIA}/restore/")
    assert response.status_code == 409
    assert response.json()["detail"] == f"Event {BURYATIA} exists; there is nothing to restore."
    rows_before_second_delete = nested_rows(BURYATIA)
    Event.objects.get(pk=BURYATIA).delete()
    assert editor.post(f"/api/v1/events/{BURYATIA}/restore/").status_code == 201
    assert nested_rows(BURYATIA) == rows_before_second_delete


def test_restore_refuses_when_a_referenced_row_is_gone(dataset, editor):
    source_ids = set(
        Citation.objects.filter(event_id=PEREVALSK).values_list("source_id", flat=True)
    )
    Event.objects.get(pk=PEREVALSK).delete()
    source = Source.objects.get(pk=min(source_ids))
    Citation.objects.filter(source=source).delete()
    Figure.objects.filter(source=source).delete()
    Source.objects.filter(copy_of=source).update(copy_of=None)
    Source.objects.filter(derived_from=source).update(derived_from=None)
    Citation.objects.filter(contradicts=source).update(contradicts=None)
    source_id = source.pk
    source.delete()
    response = editor.post(f"/api/v1/events/{PEREVALSK}/restore/")
    assert response.status_code == 409
    assert f"source {source_id} no longer exists" in response.json()["detail"]
    assert not Event.objects.filter(pk=PEREVALSK).exists()


@pytest.mark.parametrize(("event_id", "status"), [(MISSING_ID, 404), (ARRESTED, 409)])
def test_restore_errors(dataset, editor, event_id, status):
    Event.objects.get(pk=ARRESTED).save()
    assert editor.post(f"/api/v1/events/{event_id}/restore/").status_code == status


def test_restore_needs_staff_and_add_permission(dataset, api_client, staff_client, reader_client):
    Event.objects.get(pk=ARRESTED).delete()
    # 401 when token authentication comes first and asks the client to authenticate.
    assert api_client.post(f"/api/v1/events/{ARRESTED}/restore/").status_code in (401, 403)
    assert reader_client.post(f"/api/v1/events/{ARRESTED}/restore/").status_code == 403
    assert staff_client.post(f"/api/v1/events/{ARRESTED}/restore/").status_code == 403
    user = User.objects.get(username="staff")
    user.user_permissions.add(Permission.objects.get(codename="add_event"))
    staff_client.force_authenticate(User.objects.get(pk=user.pk))
    assert staff_client.post(f"/api/v1/events/{ARRESTED}/restore/").status_code == 201
