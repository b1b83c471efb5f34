"""A restricted event, or a draft, never reaches a user without the permission, on any endpoint.

Each row is an endpoint, checked once with a restricted event and once with a draft. For a user
without the permission (timeline.view_restricted_event; for drafts timeline.add_event,
change_event or publish_event), the answer with the hidden event present must be byte-for-byte the
answer with the event deleted: no title, no count, no bucket, no feature, nothing that differs.
For a user with it, the answer must differ (the event is there). A row whose route does not answer fails: a renamed or removed route is renamed or
removed here too, and a new endpoint that reads events needs a row (the last test checks).
"""

import contextlib

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import Resolver404, resolve
from rest_framework.test import APIClient

from places.models import Place
from tests.dataset import ACTOR, SOURCE
from timeline.models import Citation, Event, EventActor, Figure

MARKER = "Zyxwvut"

# (row id, URL template, users for whom the event must show)
ROWS = [
    ("list", "/api/v1/events/?page_size=1000"),
    ("count", "/api/v1/events/?page_size=1"),
    ("search-body", "POST /api/v1/events/search/?page_size=1000"),  # the list's filters in a body
    ("detail", "/api/v1/events/{event_id}/"),
    ("search", f"/api/v1/events/?q={MARKER}"),
    ("search-summary", "/api/v1/events/?q=qwertyuiop"),
    ("filter-place", "/api/v1/events/?place={place_id}"),
    ("filter-actor", "/api/v1/events/?actor={actor_id}"),
    ("filter-source", "/api/v1/events/?source={source_id}"),
    ("filter-bbox", "/api/v1/events/?bbox=10,10,11,11"),
    ("filter-window", "/api/v1/events/?from=1999-05-01&to=1999-05-31"),
    ("history", "/api/v1/events/{event_id}/history/"),
    ("duplicates", "/api/v1/events/{event_id}/duplicates/"),
    ("timeline-month", "/api/v1/timeline/?group=month"),
    ("timeline-year", "/api/v1/timeline/?group=year"),
    ("timeline", "/api/v1/timeline/"),
    ("geojson", "/api/v1/events.geojson"),
    ("geojsonl", "/api/v1/events.geojsonl"),
    ("events-places", "/api/v1/events/places.geojson"),
    ("csv", "/api/v1/events.csv"),
    ("gpkg", "/api/v1/events.gpkg"),
    ("kml", "/api/v1/events.kml"),
    ("xlsx", "/api/v1/events.xlsx"),
    ("deleted", "/api/v1/events/deleted/?since=2000-01-01T00:00:00Z"),
    ("place-timeline", "/api/v1/places/{place_id}/timeline/"),
    ("actor-timeline", "/api/v1/actors/{actor_id}/timeline/"),
    ("places-geojson", "/api/v1/places.geojson"),
    ("geocode-place", f"/api/v1/geocode/?q={MARKER}ville"),
    ("geocode-reverse", "/api/v1/geocode/reverse/?lat=10.5&lon=10.5"),  # the place's point
]

# Places are public records (like /api/v1/places/): these rows may name the event's place, and
# must still answer exactly as if the restricted event did not exist.
PUBLIC_PLACE_ROWS = ("geocode-place", "geocode-reverse", "places-geojson")


# What makes the event hidden, and the permission that shows it.
HIDDEN = {
    "restricted": ({"visibility": Event.Visibility.RESTRICTED}, "view_restricted_event"),
    "draft": ({"status": Event.Status.DRAFT}, "publish_event"),
}


@pytest.fixture(params=HIDDEN)
def kind(request):
    return request.param


@pytest.fixture
def restricted(dataset, kind):
    """The hidden event (restricted, or a draft), with a citation and an actor."""
    place = Place.objects.create(name=f"{MARKER}ville", latitude=10.5, longitude=10.5)
    event = Event.objects.create(
        title=f"{MARKER} detention",
        summary="qwertyuiop",
        type_id="detention",
        date="1999-05",
        place=place,
        **HIDDEN[kind][0],
    )
    source_id, actor_id = SOURCE["R1"], ACTOR["Sergei"]
    Citation.objects.create(event=event, source_id=source_id, supports="says so")
    EventActor.objects.create(event=event, actor_id=actor_id, role="witness")
    event.save()  # a history record that includes the nested rows' state
    return {
        "event_id": event.pk,
        "place_id": place.pk,
        "actor_id": actor_id,
        "source_id": source_id,
    }


def user_client(who, kind):
    client = APIClient()
    if who == "anonymous":
        return client
    # Staff in both cases, so that staff-only endpoints (history) answer at all.
    user = User.objects.create_user(f"u-{who}", password="pw", is_staff=True)
    if who == "with-permission":
        user.user_permissions.add(Permission.objects.get(codename=HIDDEN[kind][1]))
    client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def path_of(url: str) -> str:
    """The path of a row's URL; a row may start with 'POST ' (a read that takes a body)."""
    return url.removeprefix("POST ").split("?")[0]


def assert_route_exists(url):
    try:
        match = resolve(path_of(url))
    except Resolver404:
        pytest.fail(f"{url} does not resolve: rename or remove its row")
    # DRF's format suffixes resolve /events.anything to the list, which then answers 404.
    if "format" in match.kwargs:
        assert APIClient().get(url).status_code != 404, f"{url} has no such format"


def fetch(client, url):
    if url.startswith("POST "):
        response = client.post(url.removeprefix("POST "), {}, format="json")
    else:
        response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


@pytest.mark.parametrize("user", ["anonymous", "without-permission"])
@pytest.mark.parametrize(("row", "template"), ROWS, ids=[row for row, _ in ROWS])
def test_without_permission_it_is_as_if_the_event_did_not_exist(
    restricted, kind, user, row, template
):
    url = template.format(**restricted)
    assert_route_exists(url)
    client = user_client(user, kind)
    status, body = fetch(client, url)
    assert MARKER.encode() not in body or row in PUBLIC_PLACE_ROWS
    Event.objects.filter(pk=restricted["event_id"]).delete()
    if row == "history":
        assert status in (401, 403, 404)  # history of a deleted restricted event stays hidden too
        assert fetch(client, url)[0] == status
        return
    assert fetch(client, url) == (status, body)


# A place is public whatever its events: for those rows the test above checks nothing leaks.
EVENT_ROWS = [(row, template) for row, template in ROWS if row not in PUBLIC_PLACE_ROWS]


@pytest.mark.parametrize(("row", "template"), EVENT_ROWS, ids=[row for row, _ in EVENT_ROWS])
def test_with_permission_the_event_is_there(restricted, kind, row, template):
    url = template.format(**restricted)
    assert_route_exists(url)
    client = user_client("with-permission", kind)
    status, body = fetch(client, url)
    assert status == 200
    Event.objects.filter(pk=restricted["event_id"]).delete()
    assert fetch(client, url) != (status, body)


def test_the_table_covers_every_event_route(restricted):
    """A new route under /api/v1/ that reads events needs a row above."""
    from project.urls import urlpatterns

    def names(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from names(pattern.url_patterns, prefix + str(pattern.pattern))
            elif prefix.startswith("api/v1/") and pattern.name:
                yield pattern.name

    covered = set()
    for _, template in ROWS:
        with contextlib.suppress(Resolver404):
            covered.add(resolve(path_of(template.format(**restricted))).url_name)
    readers = {
        name
        for name in names(urlpatterns)
        if any(word in name for word in ("event", "timeline", "geo"))
        and not name.endswith(("restore", "publish"))  # writes, tested with their services
    }
    assert {"event-list", "event-detail", "event-history"} <= readers
    assert readers - covered == set(), "add rows for these routes"


TITLE = f"{MARKER} detention".encode()  # a search box may echo the bare marker
ADMIN_PAGES = [
    "/admin/timeline/event/",
    "/admin/timeline/event/?q=" + MARKER,
    "/admin/timeline/event/{event_id}/change/",
    "/admin/timeline/event/{event_id}/history/",
    "/admin/timeline/citation/",
    "/admin/timeline/eventactor/",
    "/admin/timeline/figure/",
    "/admin/autocomplete/?app_label=timeline&model_name=figure&field_name=event&term=" + MARKER,
]


@pytest.fixture
def admin_user_client(client, kind):
    def make(with_permission: bool):
        user = User.objects.create_user(f"staff-{with_permission}", password="pw", is_staff=True)
        codenames = ["view_event", "view_citation", "view_eventactor"]
        codenames += ["view_figure", "change_figure"]
        # Editors see drafts: only staff who may not change events are kept from them.
        codenames += ["change_event"] if kind == "restricted" else []
        codenames += [HIDDEN[kind][1]] if with_permission else []
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        client.force_login(user)
        return client

    return make


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_the_admin_hides_restricted_events_from_staff_without_permission(
    restricted, admin_user_client, page
):
    Figure.objects.create(
        event_id=restricted["event_id"], counted="x", value_min=1, source_id=restricted["source_id"]
    )
    client = admin_user_client(False)
    response = client.get(page.format(**restricted))
    assert response.status_code in (200, 302, 404)
    assert TITLE not in response.content
    if response.status_code == 302:
        assert TITLE not in client.get(response["Location"]).content


@pytest.mark.parametrize("page", ADMIN_PAGES[:2] + ADMIN_PAGES[4:])
def test_the_admin_shows_restricted_events_to_staff_with_permission(
    restricted, admin_user_client, page
):
    Figure.objects.create(
        event_id=restricted["event_id"], counted="x", value_min=1, source_id=restricted["source_id"]
    )
    response = admin_user_client(True).get(page.format(**restricted))
    assert response.status_code == 200
    assert TITLE in response.content
