import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from project.concurrency import etag_for, parse_etags
from tests.dataset import ACTOR, EVENT, MISSING_ID, PLACE, SOURCE
from timeline.models import Actor, Citation, Event

ARRESTED = EVENT["Yuri refuses to keep fighting"]
BURYATIA = EVENT["from Buryatia refuse to fight"]
SERGEI = ACTOR["Sergei"]
EVENT_URL = f"/api/v1/events/{ARRESTED}/"
RESOURCES = [
    (EVENT_URL, {"title": "Changed title"}, Event, ARRESTED, "title"),
    (f"/api/v1/actors/{SERGEI}/", {"description": "Changed"}, Actor, SERGEI, "description"),
]
DETAILS = [
    f"events/{ARRESTED}",
    f"places/{PLACE['Izium']}",
    f"sources/{SOURCE['R1']}",
    f"actors/{SERGEI}",
]


@pytest.fixture
def editor(superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    return client


def etag_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


@pytest.mark.parametrize(
    ("header", "tags"),
    [
        ('"a"', ['"a"']),
        ('"a", W/"b" ,"c"', ['"a"', 'W/"b"', '"c"']),
        ("*", ["*"]),
        ("", []),
        ("abc", ["abc"]),
        ('"unterminated', ['"unterminated']),
    ],
)
def test_parse_etags(header, tags):
    assert parse_etags(header) == tags


def test_detail_has_a_strong_etag_of_its_representation(dataset, api_client):
    response = api_client.get(EVENT_URL)
    assert response["ETag"] == etag_for(response.json())
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    assert api_client.get(EVENT_URL)["ETag"] == response["ETag"]


@pytest.mark.parametrize("resource", DETAILS)
def test_if_none_match_gives_304(dataset, api_client, resource):
    url = f"/api/v1/{resource}/"
    etag = etag_of(api_client, url)
    response = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response["ETag"], response.content) == (304, etag, b"")
    assert api_client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert api_client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304


def test_etag_changes_when_a_nested_row_changes(dataset, api_client):
    before = etag_of(api_client, f"/api/v1/events/{BURYATIA}/")
    Citation.objects.filter(event_id=BURYATIA).update(supports="Something else")
    assert etag_of(api_client, f"/api/v1/events/{BURYATIA}/") != before


@pytest.mark.parametrize(("url", "change", "model", "pk", "field"), RESOURCES)
def test_patch_with_current_etag_succeeds_and_answers_the_new_etag(
    dataset, editor, url, change, model, pk, field
):
    response = editor.patch(url, change, HTTP_IF_MATCH=etag_of(editor, url))
    assert response.status_code == 200
    assert getattr(model.objects.get(pk=pk), field) == change[field]
    assert response["ETag"] == etag_of(editor, url)


@pytest.mark.parametrize(("url", "change", "model", "pk", "field"), RESOURCES)
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_stale_if_match_is_412_and_changes_nothing(
    dataset, editor, url, change, model, pk, field, method
):
    stale = etag_of(editor, url)
    model.objects.filter(pk=pk).update(**{field: "Changed by someone else"})
    history_before = model.history.count()
    data = {**editor.get(url).json(), **change} if method == "put" else change
    response = getattr(editor, method)(url, data, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    detail = response.json()["detail"]
    assert "has changed since you read it" in detail and "Nothing was changed" in detail
    assert etag_of(editor, url) in detail
    assert getattr(model.objects.get(pk=pk), field) == "Changed by someone else"
    assert model.history.count() == history_before


@pytest.mark.parametrize(
    ("if_match", "status"),
    [("*", 200), ("current", 200), ('"nope", current', 200), ("weak", 412), ('"nope"', 412)],
)
def test_if_match_forms(dataset, editor, if_match, status):
    etag = etag_of(editor, EVENT_URL)
    header = if_match.replace("current", etag).replace("weak", f"W/{etag}")
    assert editor.patch(EVENT_URL, {"title": "x"}, HTTP_IF_MATCH=header).status_code == status


def test_delete_with_current_etag(dataset, editor):
    assert editor.delete(EVENT_URL, HTTP_IF_MATCH=etag_of(editor, EVENT_URL)).status_code == 204
    assert not Event.objects.filter(pk=ARRESTED).exists()


def test_if_none_match_star_on_write_is_412(dataset, editor):
    assert editor.patch(EVENT_URL, {"title": "x"}, HTTP_IF_NONE_MATCH="*").status_code == 412


def test_unconditional_write_is_allowed_by_default(dataset, editor):
    assert editor.patch(EVENT_URL, {"title": "x"}).status_code == 200


def test_if_match_can_be_required(dataset, editor, settings):
    settings.REQUIRE_IF_MATCH = True
    response = editor.patch(EVENT_URL, {"title": "x"})
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert (
        editor.patch(
            EVENT_URL, {"title": "x"}, HTTP_IF_MATCH=etag_of(editor, EVENT_URL)
        ).status_code
        == 200
    )


def test_precondition_comes_after_permissions_and_existence(dataset, editor, api_client):
    assert api_client.patch(EVENT_URL, {"title": "x"}, HTTP_IF_MATCH='"x"').status_code in (
        401,
        403,
    )
    assert editor.patch(f"/api/v1/events/{MISSING_ID}/", {}, HTTP_IF_MATCH='"x"').status_code == 404


def test_the_check_locks_the_row(dataset, editor):
    if not connection.features.has_select_for_update:
        # SQLite has no row locks: a write transaction takes the database's write lock at BEGIN.
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        return
    etag = etag_of(editor, EVENT_URL)
    with CaptureQueriesContext(connection) as queries:
        editor.patch(EVENT_URL, {"title": "x"}, HTTP_IF_MATCH=etag)
    assert any("FOR UPDATE" in query["sql"] for query in queries)


@pytest.mark.django_db(transaction=True)
def test_a_writer_waiting_on_the_lock_sees_the_other_writers_change():
    """Two writers read the same ETag; the second to get the lock must answer 412."""
    if not connection.features.has_select_for_update:
        # SQLite's in-memory test database is per thread, so there is no second writer to race;
        # its writers queue on the database's write lock, taken at BEGIN.
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        return
    from django.contrib.auth.models import User

    user = User.objects.create_superuser("racer", "r@example.org", "pw")
    actor = Actor.objects.create(name="Someone", kind="person")
    url = f"/api/v1/actors/{actor.pk}/"
    client = APIClient()
    client.force_authenticate(user)
    etag = etag_of(client, url)
    results = {}
    locked = threading.Event()

    def second_writer():
        locked.wait()
        other = APIClient()
        other.force_authenticate(user)
        results["status"] = other.patch(url, {"description": "B"}, HTTP_IF_MATCH=etag).status_code
        connection.close()

    thread = threading.Thread(target=second_writer)
    thread.start()
    with transaction.atomic():
        Actor.objects.select_for_update().get(pk=actor.pk)
        locked.set()
        thread.join(timeout=1)  # the second writer is now blocked on the row lock
        assert thread.is_alive()
        Actor.objects.filter(pk=actor.pk).update(description="A")
    thread.join(timeout=30)
    assert results == {"status": 412}
    assert Actor.objects.get(pk=actor.pk).description == "A"


@pytest.mark.urls("project.urls")
@pytest.mark.parametrize("resource", DETAILS)
def test_real_write_endpoints_honour_if_match(dataset, editor, resource):
    url = f"/api/v1/{resource}/"
    assert editor.patch(url, {}, HTTP_IF_MATCH='"stale"').status_code == 412
