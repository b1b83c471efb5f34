import pytest

from places.models import Place
from timeline.extraction import MAX_TEXT_LENGTH
from timeline.extraction_views import ERROR_TEXT_EMPTY, ERROR_TEXT_TOO_LONG
from timeline.models import Event, Source

pytestmark = pytest.mark.usefixtures("gazetteer_index")

URL = "/api/v1/reports/extract/"
KADIIVKA = 692975
TEXT = "At the end of March 2022 residents of Stakhanov were detained. Nothing else happened."


def test_an_editor_gets_places_dates_and_proposed_events(dataset, editor_client):
    response = editor_client.post(URL, {"text": TEXT, "published": "2022-08-03"})
    assert response.status_code == 200
    place_id = Place.objects.get(geonames_id=KADIIVKA).pk
    stakhanov = {
        "name": "Kadiyivka",
        "latitude": pytest.approx(48.568, abs=0.01),
        "longitude": pytest.approx(38.644, abs=0.01),
        "geonames_id": KADIIVKA,
        "place_id": place_id,
        "score": 1.0,
    }
    assert response.json() == {
        "places": [
            {
                "mention": "Stakhanov",
                "start": 38,
                "end": 47,
                "ambiguous": False,
                "candidates": [stakhanov],
            }
        ],
        "dates": [
            {
                "mention": "end of March 2022",
                "start": 7,
                "end": 24,
                "edtf": "2022-03-21/2022-03-31",
                "earliest": "2022-03-21",
                "latest": "2022-03-31",
                "label": "21–31 March 2022",
            }
        ],
        "events": [
            {
                "title": "At the end of March 2022 residents of Stakhanov were detained.",
                "date": "2022-03-21/2022-03-31",
                "date_as_reported": "end of March 2022",
                "place": stakhanov,
                "passage": {"start": 0, "end": 62},
            }
        ],
    }


def test_offsets_are_into_the_text_as_sent(dataset, editor_client):
    text = "  Обстріли у Попасній 24.02.2022.\n\nوفي ستاخانوف"
    body = editor_client.post(URL, {"text": text}).json()
    for item in body["places"] + body["dates"]:
        assert text[item["start"] : item["end"]] == item["mention"]
    assert [p["mention"] for p in body["places"]] == ["Попасній", "ستاخانوف"]
    assert [d["edtf"] for d in body["dates"]] == ["2022-02-24"]


def test_a_relative_phrase_is_anchored_only_by_the_publication_date(dataset, editor_client):
    text = "Earlier this month, searches took place in Perevalsk."
    unanchored = editor_client.post(URL, {"text": text}).json()
    assert unanchored["dates"][0]["mention"].lower() == "earlier this month"
    assert unanchored["dates"][0]["edtf"] is None
    assert unanchored["events"][0]["date"] is None
    assert unanchored["events"][0]["date_as_reported"].lower() == "earlier this month"
    anchored = editor_client.post(URL, {"text": text, "published": "3 August 2022"}).json()
    assert anchored["dates"][0]["edtf"] == "2022-08-01/2022-08-03"
    assert anchored["events"][0]["date"] == "2022-08-01/2022-08-03"


def test_extraction_writes_nothing(dataset, editor_client):
    counts = (Event.objects.count(), Source.objects.count(), Place.objects.count())
    assert editor_client.post(URL, {"text": TEXT}).status_code == 200
    assert (Event.objects.count(), Source.objects.count(), Place.objects.count()) == counts


def test_anonymous_users_may_not_extract(db, api_client):
    assert api_client.post(URL, {"text": TEXT}).status_code == 401


def test_only_who_may_add_events_may_extract(db, reader_client):
    assert reader_client.post(URL, {"text": TEXT}).status_code == 403


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"text": ""}, "text", ERROR_TEXT_EMPTY),
        ({}, "text", ERROR_TEXT_EMPTY),
        ({"text": "x" * (MAX_TEXT_LENGTH + 1)}, "text", ERROR_TEXT_TOO_LONG),
        ({"text": ["Stakhanov"]}, "text", None),
        ({"text": TEXT, "published": "two months later"}, "published", None),
        ({"text": TEXT, "published": "soon"}, "published", None),
        ({"text": TEXT, "published": "2022-13-45"}, "published", None),
    ],
)
def test_bad_input_is_a_400_naming_the_field(dataset, editor_client, body, field, message):
    response = editor_client.post(URL, body)
    assert response.status_code == 400
    errors = response.json()[field]
    assert errors and all(isinstance(error, str) and error for error in errors)
    if message:
        assert errors == [message]


def test_binary_junk_is_refused_by_the_parser_naming_the_field(dataset, editor_client):
    response = editor_client.post(URL, {"text": "Popasna\x00\x01\x02"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("text:")


def test_a_body_of_a_megabyte_is_refused_not_a_crash(dataset, editor_client):
    response = editor_client.post(URL, {"text": "Popasna " * 140_000})
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "text",
    [
        "<p>Shelling in <b>Popasna</b> on 5 March 2022.</p><script>alert(1)</script>",
        "\ufffd\u202e\u200b" * 50 + "Stakhanov",
        "В Стаханове 5 марта задержали двоих.",
        "وفي لوغانسك قال مسؤولون",
        "   \n\n\t ",
    ],
)
def test_odd_text_is_read_for_what_it_holds(dataset, editor_client, text):
    response = editor_client.post(URL, {"text": text})
    assert response.status_code == 200
    body = response.json()
    for item in body["places"] + body["dates"]:
        assert text[item["start"] : item["end"]] == item["mention"]


def test_html_text_yields_the_place_inside_it(dataset, editor_client):
    text = "<p>Shelling in <b>Popasna</b> on 5 March 2022.</p>"
    body = editor_client.post(URL, {"text": text}).json()
    assert [p["mention"] for p in body["places"]] == ["Popasna"]
    assert [e["date"] for e in body["events"]] == ["2022-03-05"]


def test_the_endpoint_is_in_the_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/reports/extract/"]["post"]
    assert operation["operationId"] == "reports_extract"
    assert set(operation["responses"]) >= {"200", "400"}
