"""The admin's "Import events" page (timeline/import_admin.py): a dry run row by row, then a
confirmation that writes it all, for editors only, through the write gate, with the upload kept
on the server and named by a signed token."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.dataset import EVENT
from timeline.import_admin import TOKEN_SALT
from timeline.models import Actor, Event

KEPT = EVENT["Yuri refuses to keep fighting"]
RETITLED = EVENT["Yuri held in Perevalsk prison"]
STAS = EVENT["Officer 'Stas' refuses to fight"]

IMPORT = "/admin/timeline/event/import/"
CHANGELIST = "/admin/timeline/event/"
EDITOR_PERMISSIONS = ["add_event", "change_event", "add_place", "change_place", "add_actor"]


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    return settings.IMPORT_UPLOAD_DIR


@pytest.fixture
def staff_editor(db) -> User:
    """Staff who may import, but may not see restricted events."""
    user = User.objects.create_user("importer", password="pw-for-tests-only", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=EDITOR_PERMISSIONS))
    return user


@pytest.fixture
def client_of(client, staff_editor):
    client.force_login(staff_editor)
    return client


def upload(text: str, name: str = "events.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def dry_run(client, text: str, name: str = "events.csv"):
    return client.post(IMPORT, {"file": upload(text, name)})


def good_file() -> str:
    """Two dataset events as exported, KEPT left alone and RETITLED retitled, and a new event
    that names a new actor."""
    response = Client().get("/api/v1/events.csv", {"columns": "id,title,type,date,actors"})
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    kept, retitled = (next(row for row in rows if row[0] == str(pk)) for pk in (KEPT, RETITLED))
    retitled[1] = "A corrected title"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [header, kept, retitled, ["", "A new event", "detention", "2023-05", "Somebody new"]]
    )
    return buffer.getvalue()


def test_the_event_list_links_to_the_page_for_editors_only(dataset, client_of, client):
    assert 'href="/admin/timeline/event/import/"' in client_of.get(CHANGELIST).content.decode()
    viewer = User.objects.create_user("viewer", password="pw-for-tests-only", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(viewer)
    assert 'href="/admin/timeline/event/import/"' not in client.get(CHANGELIST).content.decode()
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": upload(good_file())}).status_code == 403


@pytest.mark.parametrize(
    "codenames",
    [
        [],
        ["view_event", "change_event"],
        ["add_event", "change_event"],  # may not create places
        ["add_event", "change_event", "add_place"],  # nor change them
    ],
)
def test_only_staff_who_may_add_and_change_events_and_places(dataset, client, codenames):
    user = User.objects.create_user("staff", password="pw-for-tests-only", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": upload(good_file())}).status_code == 403
    assert client.post(IMPORT, {"token": "anything"}).status_code == 403
    assert 'href="/admin/timeline/event/import/"' not in client.get(CHANGELIST).content.decode()


def test_staff_with_the_four_permissions_may_import(dataset, client):
    user = User.objects.create_user("editor", password="pw-for-tests-only", is_staff=True)
    codenames = ["add_event", "change_event", "add_place", "change_place"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    assert client.get(IMPORT).status_code == 200
    assert 'href="/admin/timeline/event/import/"' in client.get(CHANGELIST).content.decode()


def test_the_old_geojson_import_page_is_gone(dataset, client_of):
    """Its import had no dry run; this page takes GeoJSON too."""
    with pytest.raises(NoReverseMatch):
        reverse("admin:timeline_event_import_geojson")
    assert "Import GeoJSON" not in client_of.get(CHANGELIST).content.decode()


def test_the_dry_run_shows_each_row_and_writes_nothing(dataset, client_of, uploads):
    count, actors = Event.objects.count(), Actor.objects.count()
    response = dry_run(client_of, good_file())
    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing has been written yet" in page
    rows = response.context["rows"]
    assert [(line, record_id, outcome) for line, record_id, outcome, _ in rows] == [
        (2, KEPT, "unchanged"),
        (3, RETITLED, "updated"),
        (4, None, "created"),
    ]
    assert rows[1][3] == ("changed: title",)
    assert rows[2][3] == ("actor 'Somebody new' created",)
    assert "left alone" in page and "actor &#x27;Somebody new&#x27; created" in page
    assert (Event.objects.count(), Actor.objects.count()) == (count, actors)
    assert Event.objects.get(pk=RETITLED).title != "A corrected title"
    # The file waits on the server, not in the page: the page holds only a signed token.
    [stored] = list(uploads.glob("*/events.csv"))
    assert "A corrected title" not in response.context["token"]
    assert signing.loads(response.context["token"], salt=TOKEN_SALT)["name"] == stored.name


def test_confirming_writes_it_all(dataset, client_of, uploads):
    count = Event.objects.count()
    token = dry_run(client_of, good_file()).context["token"]
    response = client_of.post(IMPORT, {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == CHANGELIST
    message = str(next(iter(response.context["messages"])))
    assert message.startswith("events.csv imported: 1 created, 1 updated, 1 left alone")
    assert message.endswith("actors named: 6 matched, 1 created: Somebody new")
    assert Event.objects.count() == count + 1
    assert Event.objects.get(pk=RETITLED).title == "A corrected title"
    assert not list(uploads.glob("*/*"))  # the upload is gone
    # The same token again: the upload is gone, nothing is imported twice.
    again = client_of.post(IMPORT, {"token": token})
    assert again.status_code == 400
    assert Event.objects.count() == count + 1


def test_a_bad_row_is_named_by_line_and_field_and_there_is_nothing_to_confirm(
    dataset, client_of, uploads
):
    count = Event.objects.count()
    response = dry_run(
        client_of, "title,type,date\r\nGood,detention,2023\r\nBad,detention,in June\r\n"
    )
    assert response.status_code == 400
    [error] = response.context["errors"]
    assert error.startswith("events.csv: line 3 (id None): date: 'in June' is not a valid EDTF")
    assert "Confirm" not in response.content.decode()
    assert Event.objects.count() == count
    assert not list(uploads.glob("*/*"))


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps(
            {**signing.loads(token, salt=TOKEN_SALT), "name": "../../settings.py"},
            salt="another salt",
        ),
        lambda token: "",
    ],
    ids=["altered", "forged", "empty"],
)
def test_a_tampered_token_imports_nothing(dataset, client_of, tamper):
    count = Event.objects.count()
    token = dry_run(client_of, good_file()).context["token"]
    response = client_of.post(IMPORT, {"token": tamper(token)})
    assert response.status_code == 400
    assert "This dry run has expired or its form was altered" in response.content.decode()
    assert Event.objects.count() == count


def test_a_file_changed_on_the_server_after_the_dry_run_is_refused(dataset, client_of, uploads):
    count = Event.objects.count()
    token = dry_run(client_of, good_file()).context["token"]
    [stored] = list(uploads.glob("*/events.csv"))
    stored.write_text("title,type,date\r\nSwapped in,detention,2023\r\n")
    assert client_of.post(IMPORT, {"token": token}).status_code == 400
    assert Event.objects.count() == count


def test_another_users_token_is_refused(dataset, client_of, client, superuser):
    count = Event.objects.count()
    token = dry_run(client_of, good_file()).context["token"]
    client.force_login(superuser)
    assert client.post(IMPORT, {"token": token}).status_code == 400
    assert Event.objects.count() == count


def test_an_expired_dry_run_is_refused(dataset, client_of, settings):
    token = dry_run(client_of, good_file()).context["token"]
    settings.IMPORT_CONFIRM_SECONDS = -1
    assert client_of.post(IMPORT, {"token": token}).status_code == 400


def test_the_write_gate_applies(dataset, client_of):
    """Staff who may not see restricted events can neither make one nor touch a hidden one."""
    # A dataset event, not a new one: on PostgreSQL an earlier test's import at the largest id
    # moves the sequence (sequences are not rolled back), beyond the ids an import accepts.
    Event.objects.filter(pk=STAS).update(visibility="restricted")
    hidden = Event.objects.get(pk=STAS)
    response = dry_run(
        client_of,
        f"id,title,type,date,visibility\r\n"
        f",Secret,detention,2023,restricted\r\n"
        f"{hidden.pk},Exposed,other,2022,public\r\n",
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert errors[0].startswith("events.csv: line 2 (id None): visibility:")
    assert errors[1].startswith(f"events.csv: line 3 (id {hidden.pk}): id: you may give the id")
    assert hidden.title not in response.content.decode()


def test_geojson_and_other_names(dataset, client_of):
    data = '{"type":"FeatureCollection","features":[{"type":"Feature","id":null,'
    data += '"geometry":null,"properties":{"title":"From GeoJSON","type":"other","date":"2022"}}]}'
    response = dry_run(client_of, data, name="../../My events (1).geojson")
    assert response.status_code == 200
    assert response.context["file_name"] == "My_events_1.geojson"
    assert dry_run(client_of, "x", name="events.txt").status_code == 400
