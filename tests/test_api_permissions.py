"""Who may do what. Event 12 is made restricted: it exists only for users holding
timeline.view_restricted_event, on every method and in every count."""

import pytest
from django.contrib.auth.models import User
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from places.services import place_create
from timeline.models import Event
from timeline.services import actor_create, source_create

RESTRICTED, PUBLIC = 12, 8
USERS = ("anonymous", "plain", "editor", "reader", "superuser")
SEES_RESTRICTED = {"reader", "superuser"}
NEW_EVENT = {"title": "New", "type": "refusal", "date": "2022-06"}


@pytest.fixture
def restricted(dataset):
    Event.objects.filter(pk=RESTRICTED).update(visibility="restricted")


@pytest.fixture
def client_for(db, request):
    def make(who: str) -> APIClient:
        if who == "anonymous":
            return APIClient()
        user = {
            "plain": lambda: User.objects.create_user("plain", password="pw-for-tests-only"),
            "editor": lambda: request.getfixturevalue("editor"),
            "reader": lambda: request.getfixturevalue("reader"),
            "superuser": lambda: request.getfixturevalue("superuser"),
        }[who]()
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


# (action, expected status per user in USERS order)
EVENT_CASES = [
    ("list", (200, 200, 200, 200, 200)),
    ("detail public", (200, 200, 200, 200, 200)),
    ("detail restricted", (404, 404, 404, 200, 200)),
    ("create public", (401, 403, 201, 403, 201)),
    ("create restricted", (401, 403, 403, 403, 201)),
    ("update public", (401, 403, 200, 403, 200)),
    ("update restricted", (401, 403, 404, 403, 200)),
    ("make public restricted", (401, 403, 403, 403, 200)),
    ("delete public", (401, 403, 204, 403, 204)),
    ("delete restricted", (401, 403, 404, 403, 204)),
]


def event_request(client: APIClient, action: str):
    return {
        "list": lambda: client.get("/api/v1/events/"),
        "detail public": lambda: client.get(f"/api/v1/events/{PUBLIC}/"),
        "detail restricted": lambda: client.get(f"/api/v1/events/{RESTRICTED}/"),
        "create public": lambda: client.post("/api/v1/events/", NEW_EVENT),
        "create restricted": lambda: client.post(
            "/api/v1/events/", {**NEW_EVENT, "visibility": "restricted"}
        ),
        "update public": lambda: client.patch(f"/api/v1/events/{PUBLIC}/", {"title": "x"}),
        "update restricted": lambda: client.patch(f"/api/v1/events/{RESTRICTED}/", {"title": "x"}),
        "make public restricted": lambda: client.patch(
            f"/api/v1/events/{PUBLIC}/", {"visibility": "restricted"}
        ),
        "delete public": lambda: client.delete(f"/api/v1/events/{PUBLIC}/"),
        "delete restricted": lambda: client.delete(f"/api/v1/events/{RESTRICTED}/"),
    }[action]()


@pytest.mark.parametrize(
    ("who", "action", "status"),
    [(who, action, statuses[i]) for action, statuses in EVENT_CASES for i, who in enumerate(USERS)],
)
def test_event_permissions(restricted, client_for, who, action, status):
    before = {e.pk: (e.title, e.visibility) for e in Event.objects.all()}
    response = event_request(client_for(who), action)
    assert response.status_code == status, response.content
    if status >= 400:
        after = {e.pk: (e.title, e.visibility) for e in Event.objects.all()}
        assert after == before  # a refused write leaves nothing behind


@pytest.mark.parametrize("who", USERS)
def test_restricted_events_count_only_for_those_who_may_see_them(restricted, client_for, who):
    body = client_for(who).get("/api/v1/events/", {"page_size": 1000}).json()
    ids = {item["id"] for item in body["results"]}
    visible = Event.objects.count() - (0 if who in SEES_RESTRICTED else 1)
    assert body["count"] == len(ids) == visible
    assert (RESTRICTED in ids) is (who in SEES_RESTRICTED)


def test_editor_refused_a_restricted_event_gets_the_reason(restricted, client_for):
    response = client_for("editor").post(
        "/api/v1/events/", {**NEW_EVENT, "visibility": "restricted"}
    )
    assert response.json() == {
        "detail": "Only users who may view restricted events (permission "
        "timeline.view_restricted_event) may make an event restricted."
    }
    assert not Event.objects.filter(title="New").exists()


OTHER_CASES = [
    ("list", (200, 200, 200, 200, 200)),
    ("detail", (200, 200, 200, 200, 200)),
    ("create", (401, 403, 201, 403, 201)),
    ("update", (401, 403, 200, 403, 200)),
    ("delete", (401, 403, 204, 403, 204)),
]
NEW = {
    "places": {"name": "Somewhere"},
    "sources": {"outlet": "Somewhere", "title": "Something"},
    "actors": {"name": "Someone", "kind": "person"},
}
CHANGE = {
    "places": {"notes": "changed"},
    "sources": {"notes": "changed"},
    "actors": {"description": "changed"},
}
CREATE = {"places": place_create, "sources": source_create, "actors": actor_create}


@pytest.mark.parametrize("resource", list(NEW))
@pytest.mark.parametrize(
    ("who", "action", "status"),
    [(who, action, statuses[i]) for action, statuses in OTHER_CASES for i, who in enumerate(USERS)],
)
def test_other_resource_permissions(db, client_for, resource, who, action, status):
    record_id = CREATE[resource](**NEW[resource]).pk
    client = client_for(who)
    url = f"/api/v1/{resource}/"
    response = {
        "list": lambda: client.get(url),
        "detail": lambda: client.get(f"{url}{record_id}/"),
        "create": lambda: client.post(url, NEW[resource]),
        "update": lambda: client.patch(f"{url}{record_id}/", CHANGE[resource]),
        "delete": lambda: client.delete(f"{url}{record_id}/"),
    }[action]()
    assert response.status_code == status, response.content


def test_token_from_the_auth_endpoint_authenticates_writes(db, superuser):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "admin", "password": "pw-for-tests-only"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert AuthToken.objects.get(user=superuser).digest == hash_token(token)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/actors/", NEW["actors"]).status_code == 201


@pytest.mark.parametrize(
    ("credentials", "status"),
    [
        ({"username": "admin", "password": "wrong"}, 400),
        ({"username": "admin"}, 400),
    ],
)
def test_bad_credentials_get_no_token(superuser, credentials, status):
    response = APIClient().post("/api/v1/auth/token/", credentials)
    assert response.status_code == status
    assert "token" not in response.json()


def test_anonymous_write_is_told_how_to_authenticate(db):
    response = APIClient().post("/api/v1/actors/", NEW["actors"])
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_an_invalid_token_is_a_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/v1/events/").status_code == 401


def test_session_login_writes_as_an_admin(db, superuser):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(superuser)
    assert client.post("/api/v1/actors/", NEW["actors"]).status_code == 403  # no CSRF token
    client = APIClient()
    client.force_login(superuser)
    assert client.post("/api/v1/actors/", NEW["actors"]).status_code == 201
