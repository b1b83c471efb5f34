import orjson
import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from timeline.models import Event

CHANGELIST = "/admin/timeline/event/"
IMPORT = "/admin/timeline/event/import-geojson/"


def _upload(content: bytes):
    return {"file": SimpleUploadedFile("events.geojson", content, "application/geo+json")}


def _feature(**properties):
    return {
        "type": "Feature",
        "id": 2,
        "geometry": None,
        "properties": {"title": "Renamed", "type": "battle", "date": "2022-03", **properties},
    }


def test_button_and_import(dataset, admin_client_logged_in):
    client = admin_client_logged_in
    assert 'href="/admin/timeline/event/import-geojson/"' in client.get(CHANGELIST).content.decode()
    assert client.get(IMPORT).status_code == 200
    body = orjson.dumps({"type": "FeatureCollection", "features": [_feature()]})
    response = client.post(IMPORT, _upload(body), follow=True)
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert (
        "GeoJSON imported: places: 0 created, 0 updated, 0 unchanged; events: 0 created, 1 updated"
        in response.content.decode()
    )
    assert Event.objects.get(pk=2).title == "Renamed"


def test_bad_file_shows_the_feature_and_changes_nothing(dataset, admin_client_logged_in):
    body = orjson.dumps({"type": "FeatureCollection", "features": [_feature(date="soon")]})
    response = admin_client_logged_in.post(IMPORT, _upload(body))
    assert response.status_code == 400
    assert (
        "Feature 0 (id 2): date: &#x27;soon&#x27; is not a valid EDTF date."
        in response.content.decode()
    )
    assert Event.objects.get(pk=2).title != "Renamed"


@pytest.mark.parametrize(
    "codenames",
    [
        [],
        ["view_event", "change_event"],
        ["add_event", "change_event"],  # may not create places
    ],
)
def test_only_staff_who_may_add_and_change_events_and_places(dataset, client, codenames):
    user = User.objects.create_user("staff", password="pw-for-tests-only", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    assert client.get(IMPORT).status_code == 403
    body = orjson.dumps({"type": "FeatureCollection", "features": [_feature()]})
    assert client.post(IMPORT, _upload(body)).status_code == 403
    assert Event.objects.get(pk=2).title != "Renamed"
    if "view_event" in codenames:
        assert "import-geojson" not in client.get(CHANGELIST).content.decode()


def test_staff_with_all_four_permissions_may_import(dataset, client):
    user = User.objects.create_user("editor", password="pw-for-tests-only", is_staff=True)
    codenames = ["add_event", "change_event", "add_place", "change_place"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    assert client.get(IMPORT).status_code == 200
