"""Events, places, sources and actors as CSV (timeline/exports/csv.py, places/exports.py), read
back with the csv module as pandas and R would read them."""

import csv
import io

import pytest

from places.models import Place
from project.tabular import BOM, FORMULA_TRIGGERS, restore
from tests.dataset import EVENT
from tests.timeline.hidden_events import hidden_events
from tests.timeline.known_event import KNOWN, make_known_event
from timeline.exports import table
from timeline.models import Event

BRIANKA = EVENT["held in Brianka"]

EVENTS = "/api/v1/events.csv"


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body, newline="")))


def header(response) -> list[str]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return next(csv.reader(io.StringIO(body, newline="")))


def list_ids(client, url) -> list[int]:
    separator = "&" if "?" in url else "?"
    results = client.get(f"{url}{separator}page_size=1000").json()["results"]
    return [item["id"] for item in results]


@pytest.mark.parametrize(
    "query", ["", "?type=detention", "?from=2022-06-01", "?q=Brianka", "?bbox=37,48,39,49"]
)
def test_events_are_the_json_lists_in_its_order(dataset, api_client, query):
    response = api_client.get(EVENTS + query)
    rows = read_csv(response)
    expected = list_ids(api_client, "/api/v1/events/" + query)
    assert [int(row["id"]) for row in rows] == expected
    assert response["X-Row-Count"] == str(len(expected))


def test_an_event_row_has_our_columns_and_acleds(dataset, api_client):
    event = make_known_event()
    rows = {row["id"]: row for row in read_csv(api_client.get(EVENTS))}
    assert list(rows[str(event.pk)]) == list(table.COLUMNS)
    row = rows[str(event.pk)]
    item = api_client.get(f"/api/v1/events/{event.pk}/").json()
    assert row["updated_at"] == item["updated_at"]
    assert int(row["timestamp"]) > 0
    assert row | {"updated_at": "", "timestamp": ""} == {
        "id": str(event.pk),
        "title": KNOWN["title"],
        "summary": KNOWN["summary"],
        "type": "detention",
        "date": "[..2022-08-03]",
        "earliest": "2012-08-03",
        "latest": "2022-08-03",
        "precision": "open",
        "label": "before 3 August 2022",
        "date_as_reported": KNOWN["date_as_reported"],
        "place_id": str(event.place_id),
        "place_name": "Testivka",
        "latitude": "48.511",
        "longitude": "38.67222",
        "place_precision": "settlement",
        "location_note": "",
        "admin1": "Luhansk Oblast",
        "country_code": "UA",
        "actors": "Yuri (pseudonym); Test brigade",
        "sources": str(event.source_id),
        "source_count": "1",
        "confidence": "single_source",
        "url": f"http://testserver/api/v1/events/{event.pk}/",
        "updated_at": "",
        "event_date": "2022-08-03",
        "time_precision": "3",
        "geo_precision": "1",
        "iso": "804",
        "country": "Ukraine",
        "location": "Testivka",
        "source": "DW (Deutsche Welle)",
        "notes": KNOWN["summary"],
        "tags": "pseudonyms",
        "timestamp": "",
    }


def test_an_event_without_a_place_has_empty_place_cells(dataset, api_client):
    row = next(row for row in read_csv(api_client.get(EVENTS)) if row["id"] == "9")
    place_columns = ("place_id", "latitude", "longitude", "geo_precision", "iso", "location")
    assert [row[name] for name in place_columns] == [""] * len(place_columns)


def test_columns_choose_and_order(dataset, api_client):
    response = api_client.get(EVENTS, {"columns": "event_date,id,title,time_precision"})
    rows = read_csv(response)
    assert list(rows[0]) == ["event_date", "id", "title", "time_precision"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"columns": "id,nope"}, "columns", "Unknown column(s): nope."),
        ({"columns": "id,id"}, "columns", "Column(s) named twice: id."),
        ({"columns": "visibility"}, "columns", "Unknown column(s): visibility."),
        ({"excel": "perhaps"}, "excel", "Use true or false."),
        ({"from": "June"}, "from", "Enter a day as YYYY-MM-DD"),
    ],
)
def test_bad_parameters_are_a_400_before_any_csv(dataset, api_client, query, field, message):
    response = api_client.get(EVENTS, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert message in response.json()[field][0]


def test_excel_gets_a_byte_order_mark(dataset, api_client):
    plain = b"".join(api_client.get(EVENTS).streaming_content)
    excel = b"".join(api_client.get(EVENTS, {"excel": "1"}).streaming_content)
    assert not plain.startswith(BOM.encode())
    assert excel == BOM.encode() + plain


def test_download_names_the_file(dataset, api_client):
    response = api_client.get(EVENTS, {"download": "true"})
    assert response["Content-Disposition"] == 'attachment; filename="events.csv"'


def test_an_empty_match_is_the_header_alone(dataset, api_client):
    response = api_client.get(EVENTS, {"from": "9000-01-01", "columns": "id,title"})
    assert b"".join(response.streaming_content) == b"id,title\r\n"
    assert response["X-Row-Count"] == "0"


HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("path", ["events", "places", "sources", "actors"])
def test_a_formula_never_reaches_a_spreadsheet(dataset, api_client, path):
    place = Place.objects.create(name=HOSTILE[0], notes=HOSTILE[3], latitude=-10, longitude=-20)
    for text in HOSTILE:
        Event.objects.create(
            title=text, summary=text, type_id="detention", date="2022-06", place=place
        )
    from timeline.models import Actor, Source

    Source.objects.create(outlet=HOSTILE[1], title=HOSTILE[2], notes=HOSTILE[4])
    Actor.objects.create(name=HOSTILE[5], kind="person", aliases=[HOSTILE[0]])

    rows = read_csv(api_client.get(f"/api/v1/{path}.csv"))
    cells = [value for row in rows for value in row.values()]
    numeric = {value for value in cells if _is_number(value)}
    assert [
        value for value in cells if value[:1] in FORMULA_TRIGGERS and value not in numeric
    ] == []
    restored = {restore(value) for value in cells}
    assert set(HOSTILE) & restored, "the hostile text is there, neutralised"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("path", "list_path", "query"),
    [
        ("places", "places", ""),
        ("places", "places", "?kind=settlement"),
        ("sources", "sources", ""),
        ("sources", "sources", "?kind=original"),
        ("actors", "actors", ""),
        ("actors", "actors", "?is_pseudonym=true"),
    ],
)
def test_other_tables_are_their_json_lists(dataset, api_client, path, list_path, query):
    rows = read_csv(api_client.get(f"/api/v1/{path}.csv{query}"))
    assert [int(row["id"]) for row in rows] == list_ids(api_client, f"/api/v1/{list_path}/{query}")
    assert rows and all(row["updated_at"].endswith("Z") for row in rows)


@hidden_events
def test_hidden_events_and_the_column_that_says_so_only_for_those_who_may_see_them(
    dataset, api_client, request, hidden, column, who
):
    Event.objects.filter(pk=BRIANKA).update(**hidden)
    client = request.getfixturevalue(who)
    anonymous = read_csv(api_client.get(EVENTS))
    rows = read_csv(client.get(EVENTS))
    assert str(BRIANKA) not in {row["id"] for row in anonymous}
    assert column not in anonymous[0]
    assert {row["id"]: row[column] for row in rows}[str(BRIANKA)] == hidden[column]
    assert header(client.get(EVENTS)) == [*table.COLUMNS, column]


def test_who_may_see_restricted_events_and_drafts_gets_both_columns(dataset, superuser_client):
    assert header(superuser_client.get(EVENTS)) == list(table.ALL_COLUMNS)
    assert header(superuser_client.get(EVENTS)) == list(table.ALL_COLUMNS)
