"""Drafts and their review: who sees a draft (the one gate), who may publish it, and what
publishing records. tests/test_visibility_everywhere.py and test_visibility_admin.py prove a
draft reaches no one else through any endpoint or admin page."""

import orjson
import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from rest_framework.test import APIClient

from tests.factories import EventFactory, PlaceFactory
from timeline import services
from timeline.geojson_import import geojson_import
from timeline.models import Event

DRAFT, PUBLISHED = Event.Status.DRAFT, Event.Status.PUBLISHED
PUBLIC, RESTRICTED = Event.Visibility.PUBLIC, Event.Visibility.RESTRICTED
EDITING = [f"timeline.{action}_event" for action in ("add", "change", "delete")]


def user_with(name: str, *permissions: str) -> User:
    user = User.objects.create(username=name)  # no password: hashing one is slow, on purpose
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return User.objects.get(pk=user.pk)  # a fresh instance: permissions are cached per object


def client_of(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def editor(db):
    """Adds and changes events, so sees drafts; may not publish."""
    return user_with("drafting-editor", *EDITING)


@pytest.fixture
def reviewer(db):
    """An editor who may also publish."""
    return user_with("reviewer", *EDITING, "timeline.publish_event")


# Who sees which kind of event: (status, visibility) -> users that see it.
USERS = {
    "anonymous": (),
    "no permission": (),
    "restricted reader": ("timeline.view_restricted_event",),
    "viewer of events": ("timeline.view_event",),
    "contributor": ("timeline.add_event",),
    "editor": ("timeline.change_event",),
    "reviewer": ("timeline.publish_event",),
    "restricted editor": ("timeline.change_event", "timeline.view_restricted_event"),
}
SEEN_BY = {
    (PUBLISHED, PUBLIC): set(USERS),
    (PUBLISHED, RESTRICTED): {"restricted reader", "restricted editor"},
    (DRAFT, PUBLIC): {"contributor", "editor", "reviewer", "restricted editor"},
    (DRAFT, RESTRICTED): {"restricted editor"},  # a restricted draft needs both
}


@pytest.mark.parametrize(("status", "visibility"), list(SEEN_BY))
def test_the_one_gate_shows_drafts_to_editors_and_reviewers_only(db, status, visibility):
    event = EventFactory(status=status, visibility=visibility)
    for name, permissions in USERS.items():
        if name == "anonymous":
            user = AnonymousUser()
        else:
            user = user_with(name.replace(" ", "-"), *permissions)
        seen = Event.objects.visible_to(user).filter(pk=event.pk).exists()
        assert seen == (name in SEEN_BY[status, visibility]), name


def test_an_inactive_reviewer_sees_no_draft(db):
    user = user_with("gone", "timeline.publish_event")
    user.is_active = False
    assert not Event.objects.visible_to(user).filter(status=DRAFT).exists()
    EventFactory(status=DRAFT)
    assert not Event.objects.visible_to(user).filter(status=DRAFT).exists()


EVENT = {"title": "Held at a checkpoint", "type": "detention", "date": "2022-05"}


def test_an_editor_who_may_not_publish_creates_a_draft(editor):
    response = client_of(editor).post("/api/v1/events/", EVENT, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == DRAFT
    assert APIClient().get(f"/api/v1/events/{response.json()['id']}/").status_code == 404


def test_a_reviewer_creates_a_published_event_unless_asked_for_a_draft(reviewer):
    client = client_of(reviewer)
    assert client.post("/api/v1/events/", EVENT, format="json").json()["status"] == PUBLISHED
    asked = client.post("/api/v1/events/", {**EVENT, "status": DRAFT}, format="json")
    assert asked.json()["status"] == DRAFT


def test_an_editor_may_not_create_a_published_event(editor):
    response = client_of(editor).post(
        "/api/v1/events/", {**EVENT, "status": PUBLISHED}, format="json"
    )
    assert response.status_code == 403
    assert "timeline.publish_event" in response.json()["detail"]
    assert not Event.objects.filter(title=EVENT["title"]).exists()


@pytest.mark.parametrize(("before", "after"), [(DRAFT, PUBLISHED), (PUBLISHED, DRAFT)])
def test_patching_the_status_needs_the_permission(editor, before, after):
    event = EventFactory(status=before)
    response = client_of(editor).patch(
        f"/api/v1/events/{event.pk}/", {"status": after}, format="json"
    )
    assert response.status_code == 403
    assert "timeline.publish_event" in response.json()["detail"]
    event.refresh_from_db()
    assert event.status == before


def test_an_editor_may_still_edit_a_draft_and_a_published_event(editor):
    for status in (DRAFT, PUBLISHED):
        event = EventFactory(status=status)
        response = client_of(editor).patch(
            f"/api/v1/events/{event.pk}/", {"title": "Corrected"}, format="json"
        )
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == status


def test_a_reviewer_publishes_through_patch_and_the_review_is_recorded(reviewer):
    event = EventFactory(status=DRAFT)
    response = client_of(reviewer).patch(
        f"/api/v1/events/{event.pk}/", {"status": PUBLISHED}, format="json"
    )
    assert response.status_code == 200, response.json()
    event.refresh_from_db()
    assert (event.status, event.reviewed_by) == (PUBLISHED, reviewer)
    assert event.reviewed_at is not None


def publish(user, event):
    client = client_of(user) if user is not None else APIClient()
    return client.post(f"/api/v1/events/{event.pk}/publish/")


def test_the_publish_endpoint_publishes_and_history_keeps_it(reviewer):
    event = EventFactory(status=DRAFT, date_as_reported="in early May")
    response = publish(reviewer, event)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["date_as_reported"]) == (PUBLISHED, "in early May")
    assert APIClient().get(f"/api/v1/events/{event.pk}/").status_code == 200
    versions = Event.history.filter(id=event.pk).order_by("history_date", "history_id")
    assert [version.status for version in versions][-2:] == [DRAFT, PUBLISHED]
    assert versions.last().reviewed_by_id == reviewer.pk


def test_publishing_a_draft_without_a_place_is_a_400_naming_it(reviewer):
    event = EventFactory(status=DRAFT, place=None)
    response = publish(reviewer, event)
    assert response.status_code == 400
    assert response.json()["place_id"] == [services.ERROR_PUBLISH_NO_PLACE]  # as written
    event.refresh_from_db()
    assert event.status == DRAFT


def test_publishing_a_published_event_is_a_400_naming_status(reviewer):
    response = publish(reviewer, EventFactory())
    assert response.status_code == 400
    assert response.json()["status"] == [services.ERROR_NOT_A_DRAFT]


def test_publishing_needs_the_permission(editor):
    event = EventFactory(status=DRAFT)
    assert publish(None, event).status_code in (401, 403)
    response = publish(editor, event)
    assert response.status_code == 403
    assert "timeline.publish_event" in response.json()["detail"]
    event.refresh_from_db()
    assert event.status == DRAFT


def test_a_draft_the_user_may_not_see_is_a_404_to_publish(db):
    viewer = user_with("viewer", "timeline.view_event")
    assert publish(viewer, EventFactory(status=DRAFT)).status_code == 404
    reviewer = user_with("plain-reviewer", "timeline.publish_event")
    restricted = EventFactory(status=DRAFT, visibility=RESTRICTED)
    assert publish(reviewer, restricted).status_code == 404


# The admin: a new event of a non-reviewer is a draft; the "Publish" action.


@pytest.fixture
def staff_client(db, client):
    def login(*permissions: str) -> object:
        user = user_with("staff", "timeline.view_event", *permissions)
        user.is_staff = True
        user.save()
        client.force_login(user)
        return client

    return login


def test_the_admin_action_publishes_drafts_and_names_those_it_cannot(staff_client):
    client = staff_client(*EDITING, "timeline.publish_event")
    ready, unplaced = EventFactory(status=DRAFT), EventFactory(status=DRAFT, place=None)
    response = client.post(
        "/admin/timeline/event/",
        {"action": "publish", "_selected_action": [ready.pk, unplaced.pk]},
        follow=True,
    )
    assert response.status_code == 200
    ready.refresh_from_db(), unplaced.refresh_from_db()
    assert (ready.status, unplaced.status) == (PUBLISHED, DRAFT)
    text = response.content.decode()
    assert "1 event(s) published." in text
    assert services.ERROR_PUBLISH_NO_PLACE in text


def test_the_admin_offers_publish_only_to_reviewers(staff_client):
    EventFactory(status=DRAFT)
    assert b'value="publish"' not in staff_client(*EDITING).get("/admin/timeline/event/").content


def test_a_new_event_in_the_admin_is_a_draft_unless_its_writer_may_publish(staff_client):
    place = PlaceFactory()
    form = {
        "title": "Admin-made",
        "type": "detention",
        "date": "2022-05",
        "place": place.pk,
        "confidence": "single_source",
        **{f"{prefix}-TOTAL_FORMS": 0 for prefix in ("event_actors", "citations", "figures")},
        **{f"{prefix}-INITIAL_FORMS": 0 for prefix in ("event_actors", "citations", "figures")},
    }
    response = staff_client(*EDITING).post("/admin/timeline/event/add/", form)
    assert response.status_code == 302, response.content[:2000]
    assert Event.objects.get(title="Admin-made").status == DRAFT


# Imports: a new event of someone who may not publish is a draft there too.


@pytest.mark.parametrize(("who", "status"), [("editor", DRAFT), ("reviewer", PUBLISHED)])
def test_an_import_makes_drafts_for_who_may_not_publish(request, who, status):
    user = request.getfixturevalue(who)
    feature = {
        "type": "Feature",
        "geometry": None,
        "properties": {"title": "Imported detention", "type": "detention", "date": "2022-05"},
    }
    data = orjson.dumps({"type": "FeatureCollection", "features": [feature]})
    geojson_import(data=data, user=user)
    assert Event.objects.get(title="Imported detention").status == status
