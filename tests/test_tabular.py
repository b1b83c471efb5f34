"""The table plumbing every CSV/XLSX export shares (project/tabular.py): OWASP's CSV-injection
rule, cells, and the CSV body."""

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from project.tabular import BOM, FORMULA_TRIGGERS, cell, csv_body, neutralise, restore


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # already an apostrophe: one more, so that restore() is exact
        ("Izium", "Izium"),
        ("", ""),
        ("'quoted'", "'quoted'"),
        ("a=b", "a=b"),
    ],
)
def test_neutralise_prefixes_what_a_spreadsheet_would_run(text, written):
    assert neutralise(text) == written
    assert restore(written) == text


@given(st.text())
def test_restore_gives_back_any_text(text):
    written = neutralise(text)
    assert written[:1] not in FORMULA_TRIGGERS
    assert restore(written) == text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (-33.5, -33.5),  # numbers are never text, so never neutralised
        (7, 7),
        (dt.date(2022, 6, 1), "2022-06-01"),
        (dt.datetime(2022, 6, 1, 12, 30, tzinfo=dt.UTC), "2022-06-01T12:30:00Z"),
        (["a", "=b"], "a; =b"),
        (["=a"], "'=a"),
    ],
)
def test_cells(value, written):
    assert cell(value) == written


def test_csv_body_is_rfc4180_and_excel_gets_a_bom():
    chunks = [[(1, "a,b", None)], [(2, 'say "hi"\nthen', 0.5)]]
    body = b"".join(csv_body(["id", "text", "x"], chunks)).decode()
    assert body == 'id,text,x\r\n1,"a,b",\r\n2,"say ""hi""\nthen",0.5\r\n'
    assert list(csv.reader(io.StringIO(body, newline=""))) == [
        ["id", "text", "x"],
        ["1", "a,b", ""],
        ["2", 'say "hi"\nthen', "0.5"],
    ]
    excel = b"".join(csv_body(["id"], [], excel=True))
    assert excel.startswith(BOM.encode()) and excel.decode("utf-8-sig") == "id\r\n"


def test_csv_body_writes_each_value_as_cell_gives_it():
    """csv_body() calls cell() only for the values that need it: the file is the same."""
    values = [None, 0, -1.5, "", "text", "=1+1", "'=x", "'plain", "-3", "\ttab", True, False]
    values += [dt.date(2022, 1, 2), dt.datetime(2022, 1, 2, 3, 4, 5, tzinfo=dt.UTC), ["a", "=b"]]
    header = [f"c{index}" for index in range(len(values))]
    expected = io.StringIO()
    csv.writer(expected).writerows([header, [cell(value) for value in values]])
    assert b"".join(csv_body(header, [[values]])).decode() == expected.getvalue()
