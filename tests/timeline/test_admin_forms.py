"""The admin's event form: the date field takes a phrase or EDTF, stores EDTF, and keeps the
phrase as the date as reported."""

import pytest
from django.urls import reverse

from tests.test_admin import admin_event_post
from timeline.models import Event
from timeline.phrases import ERROR_NEEDS_REF, ERROR_UNANCHORED

ADD = "admin:timeline_event_add"


def save(client, **fields):
    url = reverse(ADD)
    return client.post(url, admin_event_post(client, url, **fields))


def test_a_phrase_is_stored_as_edtf_and_kept_as_reported(db, admin_client_logged_in):
    response = save(admin_client_logged_in, date="end of March 2022")
    assert response.status_code == 302
    event = Event.objects.get(title="Added in the admin")
    assert (event.date, event.date_as_reported) == ("2022-03-21/2022-03-31", "end of March 2022")
    assert (str(event.earliest), str(event.latest)) == ("2022-03-21", "2022-03-31")


def test_the_reports_date_anchors_a_relative_phrase(db, admin_client_logged_in):
    response = save(admin_client_logged_in, date="la semaine dernière", date_reference="2022-08-03")
    assert response.status_code == 302
    event = Event.objects.get(title="Added in the admin")
    assert (event.date, event.date_as_reported) == ("2022-07-25/2022-08-02", "la semaine dernière")


def test_edtf_is_stored_as_typed_and_says_nothing_of_the_wording(db, admin_client_logged_in):
    assert save(admin_client_logged_in, date="2022-06~").status_code == 302
    event = Event.objects.get(title="Added in the admin")
    assert (event.date, event.date_as_reported) == ("2022-06~", "")


def test_the_editors_own_wording_wins_over_the_phrase(db, admin_client_logged_in):
    response = save(
        admin_client_logged_in,
        date="early July 2022",
        date_as_reported="in the first days of July, according to the family",
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Added in the admin")
    assert event.date == "2022-07-01/2022-07-10"
    assert event.date_as_reported == "in the first days of July, according to the family"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "yesterday"}, ERROR_NEEDS_REF.format(phrase="yesterday")),
        (
            {"date": "two months later", "date_reference": "2022-08-03"},
            ERROR_UNANCHORED.format(phrase="two months later"),
        ),
        ({"date": "banana"}, "&#x27;banana&#x27; is not a date phrase"),
        ({"date": "yesterday", "date_reference": "3/8/22"}, "Enter a valid date."),
    ],
)
def test_a_date_it_cannot_read_is_refused_with_the_reason(
    db, admin_client_logged_in, fields, message
):
    response = save(admin_client_logged_in, **fields)
    assert response.status_code == 200
    assert not Event.objects.filter(title="Added in the admin").exists()
    assert message.replace("'", "&#x27;") in response.content.decode()


def test_the_date_field_asks_the_parse_endpoint_as_the_editor_types(db, admin_client_logged_in):
    page = admin_client_logged_in.get(reverse(ADD)).content.decode()
    assert 'data-date-preview="/api/v1/dates/parse/"' in page
    assert 'name="date_reference"' in page
    assert "timeline/admin/date_preview.js" in page
