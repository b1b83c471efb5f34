"""Events as an Excel workbook (timeline/exports/xlsx.py), read back with openpyxl."""

import csv
import io

from openpyxl import load_workbook

from places.models import Place
from project.tabular import FORMULA_TRIGGERS, restore
from tests.dataset import EVENT
from tests.timeline.hidden_events import hidden_events
from tests.timeline.known_event import make_known_event
from timeline.exports import table
from timeline.models import Event

BRIANKA = EVENT["held in Brianka"]

XLSX = "/api/v1/events.xlsx"


def read_xlsx(response) -> list[list]:
    assert response.status_code == 200, getattr(response, "content", b"")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["events"]
    sheet = workbook["events"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_is_the_csv_table(dataset, api_client):
    rows = read_xlsx(api_client.get(XLSX))
    body = b"".join(api_client.get("/api/v1/events.csv").streaming_content).decode()
    expected = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[0] == list(table.COLUMNS) == expected[0]
    # The same values; numbers typed as numbers (Excel keeps 49.0 as 49), an empty cell for an
    # empty CSV cell.
    differences = [
        (name, mine, theirs)
        for row, other in zip(rows[1:], expected[1:], strict=True)
        for name, mine, theirs in zip(rows[0], row, other, strict=True)
        if (float(theirs) if isinstance(mine, int | float) else theirs)
        != ("" if mine is None else mine)
    ]
    assert differences == []


def test_numbers_are_numbers_and_dates_text(dataset, api_client):
    event = make_known_event()
    rows = read_xlsx(api_client.get(XLSX))
    known = dict(zip(rows[0], next(row for row in rows if row[0] == event.pk), strict=True))
    assert (known["latitude"], known["iso"], known["earliest"], known["event_date"]) == (
        48.511,
        804,
        "2012-08-03",
        "2022-08-03",
    )


def test_columns_and_download(dataset, api_client):
    response = api_client.get(XLSX, {"columns": "id,label", "download": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="events.xlsx"'
    assert read_xlsx(response)[0] == ["id", "label"]


def test_an_empty_match_is_the_header_alone(dataset, api_client):
    response = api_client.get(XLSX, {"from": "9000-01-01", "columns": "id,title"})
    assert read_xlsx(response) == [["id", "title"]]


def test_a_bad_parameter_is_a_400(dataset, api_client):
    response = api_client.get(XLSX, {"columns": "nope"})
    assert response.status_code == 400
    assert "Unknown column(s): nope." in response.json()["columns"][0]


def test_a_formula_never_reaches_excel(dataset, api_client):
    hostile = ['=HYPERLINK("http://evil","x")', "+1+1", "-1+1", "@SUM(A1)", "\t=1", "=1\x01\x1f"]
    place = Place.objects.create(name=hostile[0], latitude=-10, longitude=-20)
    for text in hostile:
        Event.objects.create(
            title=text, summary=text, type_id="detention", date="2022-06", place=place
        )
    rows = read_xlsx(api_client.get(XLSX))  # no formula cell: checked in read_xlsx
    texts = [value for row in rows for value in row if isinstance(value, str)]
    assert [value for value in texts if value[:1] in FORMULA_TRIGGERS] == []
    assert {restore(value) for value in texts} >= {*hostile[:5], "=1"}


@hidden_events
def test_hidden_events_and_the_column_that_says_so_only_for_those_who_may_see_them(
    dataset, api_client, request, hidden, column, who
):
    Event.objects.filter(pk=BRIANKA).update(**hidden)
    anonymous = read_xlsx(api_client.get(XLSX))
    rows = read_xlsx(request.getfixturevalue(who).get(XLSX))
    assert BRIANKA not in [row[0] for row in anonymous[1:]]
    assert column not in anonymous[0]
    assert rows[0] == [*table.COLUMNS, column]
    assert {row[0]: row[-1] for row in rows[1:]}[BRIANKA] == hidden[column]
