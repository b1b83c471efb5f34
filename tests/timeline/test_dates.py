import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import dates

D = dt.date


@pytest.mark.parametrize(
    ("value", "earliest", "latest", "precision", "label"),
    [
        # every form the shipped dataset uses
        ("2022-02", D(2022, 2, 1), D(2022, 2, 28), "month", "February 2022"),
        ("2022-03-07/2022-04-01", D(2022, 3, 7), D(2022, 4, 1), "month", "7 March – 1 April 2022"),
        ("2022-03", D(2022, 3, 1), D(2022, 3, 31), "month", "March 2022"),
        ("2022-06", D(2022, 6, 1), D(2022, 6, 30), "month", "June 2022"),
        ("2022-06/", D(2022, 6, 1), D(2032, 6, 1), "open", "from June 2022"),
        ("2022-22", D(2022, 6, 1), D(2022, 8, 31), "season", "Summer 2022"),
        ("2022-06/2022-07", D(2022, 6, 1), D(2022, 7, 31), "season", "June – July 2022"),
        ("2022-07", D(2022, 7, 1), D(2022, 7, 31), "month", "July 2022"),
        ("[..2022-08-03]", D(2012, 8, 3), D(2022, 8, 3), "open", "before 3 August 2022"),
        ("2022-07/2022-08", D(2022, 7, 1), D(2022, 8, 31), "season", "July – August 2022"),
        ("2022", D(2022, 1, 1), D(2022, 12, 31), "year", "2022"),
        ("2022-09", D(2022, 9, 1), D(2022, 9, 30), "month", "September 2022"),
        ("2022-12-01/2022-12-13", D(2022, 12, 1), D(2022, 12, 13), "month", "1–13 December 2022"),
        ("2022-08-03", D(2022, 8, 3), D(2022, 8, 3), "day", "3 August 2022"),
        # other forms users will type
        ("2022-06-XX", D(2022, 6, 1), D(2022, 6, 30), "month", "June 2022"),
        ("/2022-08-03", D(2012, 8, 3), D(2022, 8, 3), "open", "until 3 August 2022"),
        (
            "2021-12/2022-01-03",
            D(2021, 12, 1),
            D(2022, 1, 3),
            "season",
            "December 2021 – 3 January 2022",
        ),
        ("2022-06-01/2022-06-05", D(2022, 6, 1), D(2022, 6, 5), "week", "1–5 June 2022"),
        ("2020/2022", D(2020, 1, 1), D(2022, 12, 31), "decade", "2020 – 2022"),
    ],
)
def test_bounds_precision_and_label(value, earliest, latest, precision, label):
    info = dates.parse(value)
    assert (info.earliest, info.latest, info.precision, info.label) == (
        earliest,
        latest,
        precision,
        label,
    )


@pytest.mark.parametrize(
    ("value", "approximate", "uncertain", "label"),
    [
        ("2022-03~", True, False, "about March 2022"),
        ("2022?", False, True, "possibly 2022"),
        ("2022-06-15%", True, True, "possibly about 15 June 2022"),
        ("2022-06~/2022-07", True, False, "about June 2022 – July 2022"),
    ],
)
def test_qualified_dates_widen_the_span_and_say_so(value, approximate, uncertain, label):
    info = dates.parse(value)
    plain = dates.parse(value.replace("~", "").replace("?", "").replace("%", ""))
    assert (info.approximate, info.uncertain, info.label) == (approximate, uncertain, label)
    assert info.earliest < plain.earliest
    assert info.precision == plain.precision  # approximation has its own flag


def test_approximate_month_keeps_month_precision():
    info = dates.parse("2022-03~")
    assert info.precision == "month"
    assert info.earliest == D(2022, 1, 29) and info.latest == D(2022, 5, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", dates.ERROR_EMPTY),
        ("   ", dates.ERROR_EMPTY),
        ("June 2022", "not a valid EDTF date"),
        ("2022-13", "not a valid EDTF date"),
        ("2022-06-31", "not a valid EDTF date"),
        ("2022-04-01/2022-03-01", "comes before its start"),
        ("2" * 200, dates.ERROR_TOO_LONG),
        ("9999-12/..", "outside the years"),
    ],
)
def test_bad_dates_say_why(value, message):
    with pytest.raises(dates.DateError, match=message.replace("?", r"\?").replace(".", r"\.")):
        dates.parse(value)


def test_endpoints_carry_only_known_parts():
    info = dates.parse("2022-06/2022-07-15")
    assert (info.start.year, info.start.month, info.start.day) == (2022, 6, None)
    assert (info.end.year, info.end.month, info.end.day) == (2022, 7, 15)
    assert info.is_interval


def test_precision_rank_orders_most_precise_first():
    ranks = [dates.PRECISION_RANK[p] for p in ("day", "week", "month", "season", "year", "open")]
    assert ranks == sorted(ranks)


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_date_error(value):
    try:
        info = dates.parse(value)
    except dates.DateError:
        return
    assert info.earliest <= info.latest
    assert info.precision in dates.PRECISIONS
    assert info.label


@given(st.dates(min_value=D(1000, 1, 1), max_value=D(2999, 12, 31)))
def test_a_day_is_its_own_span(day):
    info = dates.parse(day.isoformat())
    assert info.earliest == info.latest == day
    assert info.precision == "day"


@pytest.mark.parametrize(
    ("value", "precision", "label"),
    [("202X", "decade", "the 2020s"), ("19XX", "century", "the 1900s")],
)
def test_a_year_with_unspecified_digits_is_a_decade_or_a_century(value, precision, label):
    info = dates.parse(value)
    assert (info.precision, info.label) == (precision, label)


@pytest.mark.parametrize(
    "value",
    [
        "2022-06-15",
        "2022-06",
        "2022",
        "2022-22",
        "2022-03-07/2022-04-01",
        "2022-06~",
        "2022-06-15?",
        "2022-06%",
        "[..2022-08-03]",
        "../2022-06-30",
        "2022-03-01/..",
        "2022-03-XX",
        "2022-03/2022-08-03",
        "2021-12-30/2022-01-02",
        "2022-03~/2022-04",
    ],
)
def test_stored_label_is_the_parsed_label(value):
    info = dates.parse(value)
    assert dates.stored_label(info.edtf, info.earliest, info.latest) == info.label
