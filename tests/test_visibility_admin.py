"""A restricted event, or a draft, never reaches staff without the permission through the admin.

Every model the admin registers for places/ and timeline/ has a row below, and every page a
staff user can open for it is fetched: change list, search, add form, change form, delete
confirmation (and the change list's "delete selected"), history, a version's revert form,
autocomplete, the GeoJSON import and the deleted records. A staff user who may add, change,
delete and view everything but not restricted events must find no word of the restricted event
or of the rows hanging off it; a delete page may say how many records they may not see, no
more. A page whose route is missing fails (reverse() raises), and a model registered without a
row here fails the last test. tests/test_visibility_everywhere.py does the same for the API.

Every test runs twice: with a restricted event, hidden from staff who have every permission but
timeline.view_restricted_event, and with a draft, hidden from staff who have every permission
but timeline.add_event, change_event and publish_event (editors and reviewers see drafts).
"""

import re

import orjson
import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from places.models import Place, PlaceName
from timeline.models import Actor, Citation, Event, EventActor, EventType, Figure, Source

SECRET = "Qzxjv"  # only in the restricted event and in the rows hanging off it
# Each of those texts is the marker and a word: a search box echoes the bare marker.
LEAK = f"{SECRET} ".encode()
HIDDEN_COUNT = re.compile(rb"(\d+) record\(s\) you may not see")


# What hides the event, and the permissions that show it (staff without them cannot see it).
HIDDEN = {
    "restricted": ({"visibility": Event.Visibility.RESTRICTED}, ("view_restricted_event",)),
    "draft": ({"status": Event.Status.DRAFT}, ("add_event", "change_event", "publish_event")),
}


@pytest.fixture(params=HIDDEN)
def hidden_kind(request):
    return request.param


@pytest.fixture
def world(dataset, hidden_kind):
    """A hidden event, the rows hanging off it, and public records that reach only it."""
    kind = EventType.objects.create(slug="lonely-kind", label="Lonely kind")
    place = Place.objects.create(name="Lonelyville", latitude=10.5, longitude=10.5)
    place_name = PlaceName.objects.create(place=place, name="Lonely alias")
    source = Source.objects.create(outlet="Lonely Post", title="Lonely report")
    actor = Actor.objects.create(name="Lonely", kind="person", is_pseudonym=True)
    event = Event.objects.create(
        title=f"{SECRET} detention",
        summary=f"{SECRET} summary",
        type=kind,
        date="1999-05",
        place=place,
        **HIDDEN[hidden_kind][0],
    )
    citation = Citation.objects.create(event=event, source=source, supports=f"{SECRET} says so")
    citation.supports = f"{SECRET} says more"
    citation.save()  # a second version, so that a revert form has something to revert to
    event_actor = EventActor.objects.create(event=event, actor=actor, role=f"{SECRET} role")
    figure = Figure.objects.create(
        event=event, counted=f"{SECRET} detained", value_min=3, source=source, claimed_by=actor
    )
    return {
        "timeline.event": event,
        "timeline.citation": citation,
        "timeline.eventactor": event_actor,
        "timeline.figure": figure,
        "timeline.eventtype": kind,
        "places.place": place,
        "places.placename": place_name,
        "timeline.source": source,
        "timeline.actor": actor,
    }


# The rows that are the restricted event or hang off it: every page of theirs is a 404 or a
# redirect for staff without the permission.
HIDDEN_ROWS = ("timeline.event", "timeline.citation", "timeline.eventactor", "timeline.figure")
# Public records whose deletion would take along or is blocked by hidden rows: how many.
PUBLIC_ROWS = {
    "timeline.eventtype": 1,  # the event
    "places.place": 1,  # the event
    "timeline.source": 2,  # the citation and the figure
    "timeline.actor": 2,  # the actor's role and the figure it claims
    "places.placename": 0,
}
ROWS = sorted([*HIDDEN_ROWS, *PUBLIC_ROWS])


def staff(kind: str, with_permission: bool) -> User:
    """Staff who may do everything to places and timeline records; see the hidden kind of
    event only `with_permission`."""
    user = User.objects.create_user(f"staff-{with_permission}", password="pw", is_staff=True)
    permissions = Permission.objects.filter(content_type__app_label__in=("places", "timeline"))
    if not with_permission:
        permissions = permissions.exclude(codename__in=HIDDEN[kind][1])
    user.user_permissions.add(*permissions)
    return user


@pytest.fixture
def without(client, world, hidden_kind):
    client.force_login(staff(hidden_kind, False))
    return client


@pytest.fixture
def with_permission(client, world, hidden_kind):
    client.force_login(staff(hidden_kind, True))
    return client


def admin_url(label: str, page: str, *args) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{page}", args=args)


def pages(label: str, obj) -> list[str]:
    """Every admin page of the model, the object's own pages included."""
    model = obj._meta.model
    urls = [
        admin_url(label, "changelist"),
        admin_url(label, "changelist") + f"?q={SECRET}",
        admin_url(label, "add"),
        admin_url(label, "change", obj.pk),
        admin_url(label, "delete", obj.pk),
        admin_url(label, "history", obj.pk),
    ]
    if hasattr(model, "history"):  # django-simple-history: each version's revert form
        for history_id in model.history.filter(id=obj.pk).values_list("history_id", flat=True):
            urls.append(admin_url(label, "simple_history", obj.pk, history_id))
    return urls


def body_of(client, url: str, method: str = "get", **data) -> tuple[int, bytes]:
    """The page's status and body, redirects followed, so a redirect to a page that leaks
    is caught too."""
    response = getattr(client, method)(url, data, follow=True)
    assert response.status_code < 500, (url, response.status_code)
    return response.status_code, response.content


@pytest.mark.parametrize("label", ROWS)
def test_no_page_names_the_restricted_event(without, world, label):
    for url in pages(label, world[label]):
        status, body = body_of(without, url)
        assert LEAK not in body, url
        if label in HIDDEN_ROWS and url.startswith(admin_url(label, "change", world[label].pk)):
            # The change form redirects to the index ("doesn't exist"); history is a 404.
            assert status == 404 or b"doesn" in body, url


@pytest.mark.parametrize("label", sorted(PUBLIC_ROWS))
def test_a_delete_page_counts_hidden_records_and_refuses(without, world, label):
    obj = world[label]
    url = admin_url(label, "delete", obj.pk)
    _, body = body_of(without, url)
    hidden = HIDDEN_COUNT.search(body)
    assert (int(hidden.group(1)) if hidden else 0) == PUBLIC_ROWS[label]
    assert LEAK not in body
    if PUBLIC_ROWS[label]:
        assert body_of(without, url, "post", post="yes")[0] == 200
        assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("label", sorted(PUBLIC_ROWS))
def test_delete_selected_counts_hidden_records_and_refuses(without, world, label):
    obj = world[label]
    data = {"action": "delete_selected", "_selected_action": [obj.pk]}
    _, body = body_of(without, admin_url(label, "changelist"), "post", **data)
    assert LEAK not in body
    _, body = body_of(without, admin_url(label, "changelist"), "post", **data, post="yes")
    assert LEAK not in body
    assert type(obj).objects.filter(pk=obj.pk).exists() == bool(PUBLIC_ROWS[label])


def test_staff_with_the_permission_see_what_blocks_a_deletion(with_permission, world):
    _, body = body_of(
        with_permission, admin_url("places.place", "delete", world["places.place"].pk)
    )
    assert LEAK in body
    assert not HIDDEN_COUNT.search(body)


@pytest.mark.parametrize("label", HIDDEN_ROWS)
def test_history_and_revert_forms_are_404(without, world, label):
    for url in pages(label, world[label])[5:]:
        status, body = body_of(without, url)
        assert status == 404, url
        assert LEAK not in body, url


@pytest.mark.parametrize("label", ["timeline.citation", "timeline.eventactor", "timeline.figure"])
def test_staff_with_the_permission_see_history_and_revert(with_permission, world, label):
    obj = world[label]
    for url in pages(label, obj)[3:]:
        status, body = body_of(with_permission, url)
        assert status == 200, url
        assert LEAK in body, url


def test_a_revert_is_refused_to_staff_without_the_permission(without, world):
    citation = world["timeline.citation"]
    first = citation.history.earliest("history_date")
    url = admin_url("timeline.citation", "simple_history", citation.pk, first.history_id)
    response = without.post(url, {"event": citation.event_id, "source": citation.source_id})
    assert response.status_code == 404
    citation.refresh_from_db()
    assert citation.supports == f"{SECRET} says more"


@pytest.mark.parametrize("label", ["timeline.citation", "timeline.eventactor", "timeline.figure"])
def test_history_of_a_row_whose_event_was_deleted(client, world, hidden_kind, label):
    obj = world[label]
    urls = pages(label, obj)[5:]  # its history and revert forms: the row goes with the event
    world["timeline.event"].delete()
    without, permitted = staff(hidden_kind, False), staff(hidden_kind, True)
    for url in urls:
        client.force_login(without)
        status, body = body_of(client, url)
        assert status == 404, url
        assert LEAK not in body
        client.force_login(permitted)
        assert body_of(client, url)[0] == 200, url


def autocomplete_urls() -> list[str]:
    """Every autocomplete a places/ or timeline/ form offers, inlines' included."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        owners = [(model, model_admin)] + [(i.model, i) for i in model_admin.inlines]
        for owner, owner_admin in owners:
            if owner._meta.app_label not in ("places", "timeline"):
                continue
            for field_name in owner_admin.autocomplete_fields:
                urls.append(
                    reverse("admin:autocomplete")
                    + f"?app_label={owner._meta.app_label}&model_name={owner._meta.model_name}"
                    + f"&field_name={field_name}&term={SECRET}"
                )
    return sorted(set(urls))


def test_autocomplete_offers_no_restricted_row(without):
    urls = autocomplete_urls()
    assert any("field_name=event&" in url for url in urls)
    for url in urls:
        response = without.get(url)
        assert response.status_code == 200, url
        assert LEAK not in response.content, url


def test_autocomplete_offers_restricted_events_to_staff_with_the_permission(with_permission):
    url = next(url for url in autocomplete_urls() if "model_name=citation&field_name=event" in url)
    assert LEAK in with_permission.get(url).content


def test_the_import_neither_reveals_nor_changes_a_restricted_event(without, world, hidden_kind):
    event = world["timeline.event"]
    url = reverse("admin:timeline_event_import")
    assert LEAK not in body_of(without, url)[1]
    feature = {
        "type": "Feature",
        "id": event.pk,
        "geometry": None,
        "properties": {
            "title": f"{SECRET} detention",
            "type": event.type_id,
            "date": event.date,
            "visibility": "public",
        },
    }
    upload = SimpleUploadedFile(
        "e.geojson", orjson.dumps({"type": "FeatureCollection", "features": [feature]})
    )
    response = without.post(url, {"file": upload}, follow=True)
    # Refused as an id nobody has, so no dry run to confirm; staff kept from drafts may not add
    # events, so not import at all.
    assert response.status_code == (403 if hidden_kind == "draft" else 400)
    assert b"left alone" not in response.content
    assert LEAK not in response.content
    event.refresh_from_db()
    assert event.visibility == Event.Visibility.RESTRICTED or event.status == Event.Status.DRAFT


def test_deleted_records_pages_hide_the_restricted_event(without, world, hidden_kind):
    world["timeline.event"].delete()
    for label in ("timeline.event", "timeline.source", "timeline.actor", "places.place"):
        status, body = body_of(without, admin_url(label, "deleted"))
        # Staff kept from drafts may not add events, so not restore them: that page is a 403.
        refused = hidden_kind == "draft" and label == "timeline.event"
        assert status == (403 if refused else 200), label
        assert LEAK not in body


def test_every_admin_model_has_a_row():
    registered = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in ("places", "timeline")
    }
    assert registered - set(ROWS) == set(), "add a row (and a record in `world`) for these"
