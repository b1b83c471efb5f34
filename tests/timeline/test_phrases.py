import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import dates
from timeline.phrases import (
    ERROR_NEEDS_REF,
    ERROR_NO_YEAR,
    ERROR_UNANCHORED,
    PhraseError,
    find_dates,
    parse_phrase,
)

D = dt.date
REF = D(2022, 8, 3)  # a Wednesday: the day a report was published


@pytest.mark.parametrize(
    ("phrase", "edtf"),
    [
        # the phrases the issue names
        ("end of March 2022", "2022-03-21/2022-03-31"),
        ("early July", "2022-07-01/2022-07-10"),
        ("mid-May 2022", "2022-05-11/2022-05-20"),
        ("June and July", "2022-06/2022-07"),
        ("from March 7 to April 1", "2022-03-07/2022-04-01"),
        ("before 3 August 2022", "../2022-08-02"),
        ("earlier this month", "2022-08-01/2022-08-03"),
        ("last week", "2022-07-25/2022-08-02"),
        ("yesterday", "2022-08-02"),
        ("summer 2022", "2022-22"),
        ("late 2022", "2022-09/2022-12"),
        ("around 20 June 2022", "2022-06-20~"),
        ("24.02.2022", "2022-02-24"),
        ("début juillet", "2022-07-01/2022-07-10"),
        ("Anfang März", "2022-03-01/2022-03-10"),
        # EDTF as before
        ("2022-03-07/2022-04-01", "2022-03-07/2022-04-01"),
        ("[..2022-08-03]", "[..2022-08-03]"),
        ("2022-03~", "2022-03~"),
        ("2022-06/", "2022-06/"),
        # English as reports write it
        ("August 3, 2022", "2022-08-03"),
        ("3rd of August 2022", "2022-08-03"),
        ("on or about 3 March 2022", "2022-03-03~"),
        ("7-12 March 2022", "2022-03-07/2022-03-12"),
        ("between 7 and 12 March 2022", "2022-03-07/2022-03-12"),
        ("March 7–April 1, 2022", "2022-03-07/2022-04-01"),
        ("December to February 2023", "2022-12/2023-02"),
        ("early 2022", "2022-01/2022-04"),
        ("mid-2022", "2022-05/2022-08"),
        ("after 3 August 2022", "2022-08-04/.."),
        ("since March 2022", "2022-03/.."),
        ("until 3 August 2022", "../2022-08-03"),
        ("no later than 5 June 2022", "../2022-06-05"),
        ("before August 2022", "../2022-07"),
        ("winter 2022", "2022-12/2023-02"),
        ("last summer", "2021-22"),
        ("December", "2021-12"),
        ("last month", "2022-07"),
        ("late last month", "2022-07-21/2022-07-31"),
        ("the end of this month", "2022-08-21/2022-08-31"),
        ("this week", "2022-08-01/2022-08-07"),
        ("on Monday", "2022-08-01"),
        ("three days ago", "2022-07-31"),
        ("two weeks ago", "2022-07-20~"),
        ("two months ago", "2022-06~"),
        ("02/24/2022", "2022-02-24"),
        ("in the first days of March 2022", "2022-03-01/2022-03-10"),
        ("the weekend of 5-6 March 2022", "2022-03-05/2022-03-06"),
        ("the first week of April 2022", "2022-04-01/2022-04-07"),
        ("in the first half of 2022", "2022-01/2022-06"),
        ("in the early hours of 24 February 2022", "2022-02-24"),
        ("Wednesday 3 August", "2022-08-03"),
        ("last weekend", "2022-07-30/2022-07-31"),
        ("late February or early March 2022", "2022-02-21/2022-03-10"),
        ("March/April 2022", "2022-03/2022-04"),
        # French
        ("fin mars 2022", "2022-03-21/2022-03-31"),
        ("mi-mai 2022", "2022-05-11/2022-05-20"),
        ("le 3 août 2022", "2022-08-03"),
        ("du 7 mars au 1er avril", "2022-03-07/2022-04-01"),
        ("avant le 3 août 2022", "../2022-08-02"),
        ("vers le 20 juin 2022", "2022-06-20~"),
        ("l'été 2022", "2022-22"),
        ("fin 2022", "2022-09/2022-12"),
        ("hier", "2022-08-02"),
        ("avant-hier", "2022-08-01"),
        ("la semaine dernière", "2022-07-25/2022-08-02"),
        ("plus tôt ce mois-ci", "2022-08-01/2022-08-03"),
        ("il y a deux semaines", "2022-07-20~"),
        ("l'an dernier", "2021"),
        ("à la mi-juillet", "2022-07-11/2022-07-20"),
        ("en avril dernier", "2022-04"),
        # German
        ("Ende März 2022", "2022-03-21/2022-03-31"),
        ("Mitte Mai 2022", "2022-05-11/2022-05-20"),
        ("am 5. März 2022", "2022-03-05"),
        ("vom 7. März bis 1. April", "2022-03-07/2022-04-01"),
        ("vor dem 3. August 2022", "../2022-08-02"),
        ("um den 20. Juni 2022", "2022-06-20~"),
        ("Sommer 2022", "2022-22"),
        ("gestern", "2022-08-02"),
        ("letzte Woche", "2022-07-25/2022-08-02"),
        ("vor zwei Wochen", "2022-07-20~"),
        ("Anfang dieses Monats", "2022-08-01/2022-08-10"),
        ("24.02.", "2022-02-24"),
        ("Anfang dieser Woche", "2022-08-01/2022-08-03"),
        ("Ende letzten Jahres", "2021-09/2021-12"),
        # Spanish
        ("finales de marzo de 2022", "2022-03-21/2022-03-31"),
        ("a principios de julio", "2022-07-01/2022-07-10"),
        ("mediados de mayo de 2022", "2022-05-11/2022-05-20"),
        ("el 5 de marzo de 2022", "2022-03-05"),
        ("del 7 de marzo al 1 de abril", "2022-03-07/2022-04-01"),
        ("de marzo a abril de 2022", "2022-03/2022-04"),
        ("alrededor del 20 de junio de 2022", "2022-06-20~"),
        ("verano de 2022", "2022-22"),
        ("ayer", "2022-08-02"),
        ("la semana pasada", "2022-07-25/2022-08-02"),
        ("hace dos semanas", "2022-07-20~"),
        ("el año pasado", "2021"),
        ("el pasado 3 de agosto", "2021-08-03"),
        ("el pasado mes de marzo", "2022-03"),
        ("a finales del mes pasado", "2022-07-21/2022-07-31"),
    ],
)
def test_phrase_becomes_edtf(phrase, edtf):
    assert parse_phrase(phrase, REF).edtf == edtf


def test_bounds_precision_and_label_are_those_of_the_edtf():
    parsed = parse_phrase("end of March 2022")
    assert parsed.as_dict() == {
        "edtf": "2022-03-21/2022-03-31",
        "earliest": "2022-03-21",
        "latest": "2022-03-31",
        "precision": "month",
        "label": "21–31 March 2022",
        "phrase": "end of March 2022",
    }
    info = dates.parse(parsed.edtf)
    assert (parsed.earliest, parsed.latest, parsed.label) == (
        info.earliest,
        info.latest,
        info.label,
    )


@pytest.mark.parametrize(
    ("phrase", "ref", "code", "message"),
    [
        ("two months later", REF, "unanchored", ERROR_UNANCHORED),
        ("the next day", REF, "unanchored", ERROR_UNANCHORED),
        ("la veille", REF, "unanchored", ERROR_UNANCHORED),
        ("by the end of the month", REF, "unanchored", ERROR_UNANCHORED),
        ("Anfang des Monats", REF, "unanchored", ERROR_UNANCHORED),
        ("le lendemain", REF, "unanchored", ERROR_UNANCHORED),
        ("zwei Tage später", REF, "unanchored", ERROR_UNANCHORED),
        ("dos meses después", REF, "unanchored", ERROR_UNANCHORED),
        ("last week", None, "needs_ref", ERROR_NEEDS_REF),
        ("yesterday", None, "needs_ref", ERROR_NEEDS_REF),
        ("hace dos semanas", None, "needs_ref", ERROR_NEEDS_REF),
        ("early July", None, "needs_ref", ERROR_NO_YEAR),
    ],
)
def test_a_phrase_it_cannot_anchor_is_refused(phrase, ref, code, message):
    with pytest.raises(PhraseError) as raised:
        parse_phrase(phrase, ref)
    assert raised.value.code == code
    assert str(raised.value) == message.format(phrase=phrase)


@pytest.mark.parametrize(
    ("phrase", "code", "says"),
    [
        ("", "empty", "Enter a date"),
        ("   ", "empty", "Enter a date"),
        ("banana", "unreadable", "'banana' is not a date phrase"),
        ("March the banana", "unreadable", "is not a date phrase"),
        ("03/02/2022", "ambiguous", "3 February 2022 or 2 March 2022"),
        ("31 February 2022", "invalid", "names a day that does not exist"),
        ("x" * 201, "too_long", "at most 200 characters"),
        ("2022-13", "invalid", "is not a valid EDTF date"),
    ],
)
def test_bad_phrases_say_why(phrase, code, says):
    with pytest.raises(PhraseError) as raised:
        parse_phrase(phrase, REF)
    assert raised.value.code == code
    assert says in str(raised.value)


@pytest.mark.parametrize(
    ("phrase", "ref"),
    [
        ("next year", D(9999, 12, 31)),
        ("two years ago", D(1, 5, 5)),
        ("last month", D(1, 1, 5)),
        ("yesterday", D(1, 1, 1)),
    ],
)
def test_counting_past_the_calendar_is_refused_not_a_crash(phrase, ref):
    with pytest.raises(PhraseError) as raised:
        parse_phrase(phrase, ref)
    assert raised.value.code == "invalid"


def test_a_phrase_error_is_a_date_error():
    """Callers that already catch dates.DateError need nothing new."""
    with pytest.raises(dates.DateError):
        parse_phrase("banana")


def test_a_month_without_a_year_is_the_last_one_on_or_before_the_reference():
    assert parse_phrase("early July", D(2022, 7, 1)).edtf == "2022-07-01/2022-07-10"
    assert parse_phrase("early July", D(2022, 6, 30)).edtf == "2021-07-01/2021-07-10"


def test_find_dates_gives_offsets_and_keeps_what_it_cannot_anchor():
    text = (
        "Shelling hit the market at the end of March 2022, witnesses said. Two months later "
        "the school was struck; residents fled in early July. They may return, said the mayor "
        "yesterday."
    )
    found = find_dates(text, REF)
    assert [(m.phrase, m.parsed.edtf if m.parsed else None) for m in found] == [
        ("end of March 2022", "2022-03-21/2022-03-31"),
        ("Two months later", None),
        ("early July", "2022-07-01/2022-07-10"),
        ("yesterday", "2022-08-02"),
    ]
    assert all(text[m.start : m.end] == m.phrase for m in found)


def test_find_dates_without_a_reference_reports_relative_phrases_unanchored():
    found = find_dates("Le village a été bombardé hier et le 3 août 2022.")
    assert [(m.phrase, m.parsed.edtf if m.parsed else None) for m in found] == [
        ("hier", None),
        ("3 août 2022", "2022-08-03"),
    ]


def test_find_dates_ignores_numbers_and_verbs():
    assert find_dates("About 200 people may march on 12 roads in 3 towns.", REF) == []


# --- properties --------------------------------------------------------------------------

PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
PART_WORDS = {
    "en": {"early": "early", "mid": "mid-", "late": "end of"},
    "fr": {"early": "début", "mid": "mi-", "late": "fin"},
    "de": {"early": "Anfang", "mid": "Mitte", "late": "Ende"},
    "es": {"early": "principios de", "mid": "mediados de", "late": "finales de"},
}
MONTHS = {
    "en": calendar.month_name[1:],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}
DAY_FORMS = {
    "en": "{day} {month} {year}",
    "fr": "le {day} {month} {year}",
    "de": "am {day}. {month} {year}",
    "es": "el {day} de {month} de {year}",
}
LANGUAGES = st.sampled_from(sorted(MONTHS))
YEARS = st.integers(min_value=1900, max_value=2100)
REFS = st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31))
# Each new EDTF string costs a pyparsing parse (tens of ms); 20 examples keep the file fast.
FEW = settings(max_examples=20)


@FEW
@given(LANGUAGES, YEARS, st.integers(1, 12), st.data())
def test_a_day_in_any_language_is_that_day(language, year, month, data):
    day = data.draw(st.integers(1, calendar.monthrange(year, month)[1]))
    phrase = DAY_FORMS[language].format(day=day, month=MONTHS[language][month - 1], year=year)
    parsed = parse_phrase(phrase)
    assert parsed.earliest == parsed.latest == D(year, month, day)


@FEW
@given(LANGUAGES, YEARS, st.integers(1, 12), st.sampled_from(sorted(PARTS)))
def test_a_part_of_a_month_is_exactly_its_days(language, year, month, part):
    """The span covers what the phrase allows, and no more: never more precise, nor vaguer."""
    words = PART_WORDS[language][part]
    month_name = MONTHS[language][month - 1]
    separator = "" if words.endswith("-") else " "
    year_words = f"de {year}" if language == "es" else str(year)
    parsed = parse_phrase(f"{words}{separator}{month_name} {year_words}")
    first, last = PARTS[part]
    last = min(last, calendar.monthrange(year, month)[1])
    assert (parsed.earliest, parsed.latest) == (D(year, month, first), D(year, month, last))
    assert parsed.precision == "month"


@FEW
@given(st.sampled_from(["yesterday", "hier", "gestern", "ayer"]), REFS)
def test_yesterday_is_the_day_before_the_reference(phrase, ref):
    parsed = parse_phrase(phrase, ref)
    assert parsed.earliest == parsed.latest == ref - dt.timedelta(days=1)


@FEW
@given(st.sampled_from(["last week", "la semaine dernière", "letzte Woche"]), REFS)
def test_last_week_covers_both_readings_and_nothing_after_the_reference(phrase, ref):
    parsed = parse_phrase(phrase, ref)
    previous_monday = ref - dt.timedelta(days=ref.weekday() + 7)
    assert parsed.earliest == previous_monday  # the calendar week before this one
    assert parsed.latest == ref - dt.timedelta(days=1)  # the seven days before the reference
    assert parsed.earliest <= ref - dt.timedelta(days=7)


@FEW
@given(LANGUAGES, st.integers(1, 12), REFS)
def test_a_month_without_a_year_is_the_latest_that_began_by_the_reference(language, month, ref):
    parsed = parse_phrase(MONTHS[language][month - 1], ref)
    assert (parsed.earliest.month, parsed.earliest.day) == (month, 1)
    assert parsed.earliest <= ref
    assert parsed.earliest.replace(year=parsed.earliest.year + 1) > ref


@FEW
@given(st.sampled_from(["earlier this month", "plus tôt ce mois-ci"]), REFS)
def test_earlier_this_month_runs_from_the_first_to_the_reference(phrase, ref):
    parsed = parse_phrase(phrase, ref)
    assert (parsed.earliest, parsed.latest) == (ref.replace(day=1), ref)


# Words the parser knows, in any order: the grammar's corners, not the edtf package's.
VOCABULARY = sorted(
    {"early", "mid", "late", "end", "of", "the", "around", "before", "after", "until", "from",
     "to", "and", "or", "between", "last", "this", "next", "earlier", "ago", "il", "y", "a",
     "hace", "vor", "yesterday", "today", "week", "month", "year", "weekend", "days", "first",
     "half", "March", "mars", "März", "marzo", "summer", "été", "winter", "Monday", "dernier",
     "de", "-", "/", ",", "1er", "3.", "7", "12", "31", "2022", "1999", "24.02.2022", "24.02.",
     "2022-03-07", "two", "deux", "later", "pasado", "Anfang", "finales", "mi-mai"}
)  # fmt: skip


@FEW
@given(st.lists(st.sampled_from(VOCABULARY), max_size=7).map(" ".join), st.one_of(st.none(), REFS))
def test_any_words_parse_or_raise_phrase_error(text, ref):
    try:
        parsed = parse_phrase(text, ref)
    except PhraseError as error:
        assert str(error)
    else:
        assert parsed.earliest <= parsed.latest


@FEW
@given(st.text(max_size=120), st.one_of(st.none(), REFS))
def test_find_dates_never_fails_and_offsets_hold(text, ref):
    for mention in find_dates(text, ref):
        assert text[mention.start : mention.end] == mention.phrase
        if mention.parsed is not None:
            assert mention.parsed.earliest <= mention.parsed.latest


AROUND_FORMS = {
    "en": "around {day} {month} {year}",
    "fr": "vers le {day} {month} {year}",
    "de": "um den {day}. {month} {year}",
    "es": "alrededor del {day} de {month} de {year}",
}
BEFORE_FORMS = {
    "en": "before {day} {month} {year}",
    "fr": "avant le {day} {month} {year}",
    "de": "vor dem {day}. {month} {year}",
    "es": "antes del {day} de {month} de {year}",
}


@FEW
@given(LANGUAGES, st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
def test_around_a_day_is_a_week_either_side_and_before_ends_the_day_before(language, day):
    values = {"day": day.day, "month": MONTHS[language][day.month - 1], "year": day.year}
    around = parse_phrase(AROUND_FORMS[language].format(**values))
    week = dt.timedelta(days=7)
    assert (around.earliest, around.latest) == (day - week, day + week)
    before = parse_phrase(BEFORE_FORMS[language].format(**values))
    assert before.latest == day - dt.timedelta(days=1)
    assert before.earliest < before.latest
    assert before.precision == "open"
