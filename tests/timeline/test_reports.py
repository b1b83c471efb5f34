"""POST /api/v1/reports/ (timeline/report_views.py, timeline/reports.py): a report becomes a
source and draft events citing it, in one transaction; and the detail's possible duplicates."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from places.models import Place
from tests.dataset import MISSING_ID
from tests.factories import EventFactory, PlaceFactory, SourceFactory
from timeline import extraction_views, phrases, report_views, reports
from timeline.models import Citation, Event, Source

TEXT = (
    "Residents of Testivka were detained at the end of March 2022. "
    "Two men were held at a checkpoint near Testivka last week."
)
FIRST = {"start": 0, "end": 61}
SECOND = {"start": 62, "end": len(TEXT)}
EDITING = [
    "timeline.add_event",
    "timeline.change_event",
    "timeline.add_source",
    "places.add_place",
]


def client_with(*permissions: str) -> APIClient:
    user = User.objects.create(username="-".join(["user", *permissions]))
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=user.pk))
    return client


@pytest.fixture
def editor(db):
    return client_with(*EDITING)


@pytest.fixture
def place(db):
    return PlaceFactory(name="Testivka", latitude=48.5, longitude=38.8)


def report(place, **changes):
    body = {
        "text": TEXT,
        "source": {
            "outlet": "Example Daily",
            "title": "Detentions in Testivka",
            "url": "https://example.org/testivka",
            "published": "2022-08-03",
        },
        "events": [
            {
                "title": "Residents of Testivka detained",
                "date": "end of March 2022",
                "date_as_reported": "at the end of March 2022",
                "place": place.pk,
                "passage": FIRST,
            },
            {
                "title": "Two men held at a checkpoint",
                "date": "last week",
                "date_as_reported": "last week",
                "place": {
                    "name": "Testivka",
                    "latitude": 48.5,
                    "longitude": 38.8,
                    "place_id": place.pk,
                    "geonames_id": 1,
                    "score": 1.0,
                },
                "passage": SECOND,
            },
        ],
    }
    body.update(changes)
    return body


def test_a_report_becomes_a_source_and_drafts_citing_it(editor, place):
    response = editor.post("/api/v1/reports/", report(place), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    source = Source.objects.get(pk=body["source"]["id"])
    assert (source.outlet, source.published) == ("Example Daily", "2022-08-03")
    first, second = (Event.objects.get(pk=event["id"]) for event in body["events"])
    assert [first.status, second.status] == [Event.Status.DRAFT] * 2
    assert (first.date, first.date_as_reported, first.place) == (
        phrases.parse_phrase("end of March 2022").edtf,
        "at the end of March 2022",
        place,
    )
    assert second.earliest < second.latest <= source.published_latest  # counted from publication
    citation = Citation.objects.get(event=first)
    assert (citation.source, citation.supports) == (source, TEXT[:61].strip())
    assert citation.location == "characters 0–61 of the report"
    assert [event["possible_duplicates"] for event in body["events"]] == [[], []]
    assert APIClient().get(f"/api/v1/events/{first.pk}/").status_code == 404  # a draft


def test_an_existing_source_and_a_gazetteer_candidate_not_stored_yet(editor, place):
    source = SourceFactory(published="2022-08-03")
    candidate = {"name": "Novatown", "latitude": 48.9, "longitude": 38.1, "geonames_id": 987654321}
    events = [report(place)["events"][0] | {"place": candidate, "date": None}]
    body = {"text": TEXT, "source_id": source.pk, "events": events}
    response = editor.post("/api/v1/reports/", body, format="json")
    assert response.status_code == 201, response.json()
    event = Event.objects.get(pk=response.json()["events"][0]["id"])
    assert event.place == Place.objects.get(geonames_id=987654321)
    assert event.date == reports.UNDATED_BEFORE.format(published="2022-08-03")
    assert event.type_id == report_views.DEFAULT_TYPE


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"text": ""}, "text", extraction_views.ERROR_TEXT_EMPTY),
        ({"events": []}, "events", report_views.ERROR_NO_EVENTS),
        ({"source": None, "source_id": None}, "source_id", None),
        ({"source_id": 1}, "source", report_views.ERROR_ONE_SOURCE),
        (
            {"source_id": MISSING_ID, "source": None},
            "source_id",
            f"No source with id {MISSING_ID}.",
        ),
    ],
)
def test_bad_reports_are_400s_naming_the_field(editor, place, change, field, message):
    body = report(place, **change)
    body = {key: value for key, value in body.items() if value is not None}
    response = editor.post("/api/v1/reports/", body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    if message:
        assert message in str(errors[field])
    assert not Source.objects.filter(outlet="Example Daily").exists()


@pytest.mark.parametrize(
    ("event_change", "field"),
    [
        ({"passage": {"start": 10, "end": 5}}, "passage"),
        ({"passage": {"start": 0, "end": 10_000}}, "passage"),
        ({"date": "two months later"}, "date"),
        ({"place": MISSING_ID}, "place"),
        ({"place": "Testivka"}, "place"),
        ({"place": {"name": "X", "geonames_id": 5}}, "place"),
        ({"title": ""}, "title"),
        ({"type": "no-such-type"}, "type"),
    ],
)
def test_a_bad_event_is_a_400_naming_it_and_nothing_is_written(editor, place, event_change, field):
    body = report(place)
    body["events"][1] = body["events"][1] | event_change
    before = Event.objects.count()
    response = editor.post("/api/v1/reports/", body, format="json")
    assert response.status_code == 400, response.json()
    errors = response.json()["events"]
    assert list(errors) == ["1"] and field in errors["1"], errors
    assert Event.objects.count() == before
    assert not Source.objects.filter(outlet="Example Daily").exists()


def test_no_publication_date_and_no_event_date_is_a_400(editor, place):
    body = report(place)
    body["source"].pop("published")
    body["events"] = [body["events"][0] | {"date": None}]
    response = editor.post("/api/v1/reports/", body, format="json")
    assert response.status_code == 400
    assert reports.ERROR_NO_DATE in str(response.json())
    assert not Source.objects.filter(outlet="Example Daily").exists()


def test_only_editors_may_send_a_report(db, place):
    assert APIClient().post("/api/v1/reports/", report(place), format="json").status_code in (
        401,
        403,
    )
    reader = client_with("timeline.view_restricted_event")
    assert reader.post("/api/v1/reports/", report(place), format="json").status_code == 403
    no_sources = client_with("timeline.add_event", "timeline.change_event")
    response = no_sources.post("/api/v1/reports/", report(place), format="json")
    assert response.status_code == 403
    assert not Event.objects.filter(title="Residents of Testivka detained").exists()


def test_a_copy_of_a_report_is_flagged_as_a_possible_duplicate(editor, place):
    earlier = EventFactory(title="Testivka residents detained", date="2022-03-28", place=place)
    response = editor.post("/api/v1/reports/", report(place), format="json")
    assert response.status_code == 201, response.json()
    first = response.json()["events"][0]
    assert first["possible_duplicates"] == [earlier.pk]
    answer = editor.get(f"/api/v1/events/{first['id']}/duplicates/").json()
    assert answer == {"id": first["id"], "possible_duplicates": [earlier.pk]}


def test_duplicates_name_only_events_the_reader_may_see(editor, place):
    hidden = EventFactory(
        title="Testivka residents detained",
        date="2022-03-28",
        place=place,
        visibility=Event.Visibility.RESTRICTED,
    )
    shown = EventFactory(title="Residents of Testivka detained", date="2022-03", place=place)
    also = EventFactory(title="Testivka: residents detained", date="2022-03-30", place=place)
    answer = APIClient().get(f"/api/v1/events/{shown.pk}/duplicates/").json()
    assert answer["possible_duplicates"] == [also.pk]
    assert hidden.pk not in answer["possible_duplicates"]  # restricted: not for anonymous


def test_the_admin_names_possible_duplicates_the_staff_may_see(client, place):
    staff = User.objects.create(username="dup-staff", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_event", "change_event"])
    )
    client.force_login(staff)
    draft = EventFactory(
        title="Residents of Testivka detained", date="2022-03", place=place, status="draft"
    )
    earlier = EventFactory(title="Testivka residents detained", date="2022-03-28", place=place)
    restricted = EventFactory(
        title="Testivka: residents detained",
        date="2022-03-29",
        place=place,
        visibility=Event.Visibility.RESTRICTED,
    )
    page = client.get(f"/admin/timeline/event/{draft.pk}/change/").content.decode()
    assert "Possible duplicates" in page
    assert f"/admin/timeline/event/{earlier.pk}/change/" in page
    assert f"/admin/timeline/event/{restricted.pk}/change/" not in page
    assert restricted.title not in page
