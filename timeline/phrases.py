"""Dates as people write them: an English, French, German or Spanish date phrase ("end of March
2022", "early July", "début juillet", "Anfang März", "hace dos semanas") or an EDTF string
becomes EDTF, and through `timeline.dates` its earliest and latest day, precision and label.

Pure module, no Django inside. The phrase is turned into EDTF only; every bound, precision and
label then comes from `dates.parse`, so a phrase means exactly what its stored EDTF means.

Conventions (never more precise than the phrase):

- early / mid / late of a month: days 1–10, 11–20, 21–end; "end of" and "beginning of" are
  late and early. Of a year: January–April, May–August, September–December. Of a season: its
  first, middle or last month.
- "around", "about", "vers", "um", "alrededor de": EDTF's approximate flag (`~`), which
  `timeline.dates` widens by a week for a day and a month for a month or season.
- Seasons are meteorological (summer = June–August). Winter YEAR is December YEAR to February
  YEAR+1.
- A month or day without a year takes the year that puts it last on or before the reference
  date: with a reference of 3 August 2022, "early July" is July 2022 and "December" is
  December 2021.
- "before X" ends the day before X begins; "by / until X" ends with X; "after X" starts the day
  after X ends; "since / from X" starts with X. The open end is EDTF's (`..`).
- "last week" is the previous calendar week up to the day before the reference date (it covers
  both "the week before this one" and "the last seven days"); "last month" / "last year" are the
  previous calendar month / year; "earlier this month" runs from the 1st to the reference date.
- "N days ago" is that day; "N weeks / months / years ago" is approximate (`~`).
- Day-first numeric dates (24.02.2022, 24/02/2022); a slashed date that reads both ways
  (03/02/2022) is refused rather than guessed.
- A phrase that counts from another event ("two months later", "the next day", "la veille",
  "the end of the month" without "this") or a relative phrase without a reference date raises
  PhraseError: never a guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from timeline import dates

MAX_PHRASE_LENGTH = 200

ERROR_EMPTY = "Enter a date: a phrase such as 'end of March 2022' or 'début juillet', or EDTF."
ERROR_TOO_LONG = f"A date phrase has at most {MAX_PHRASE_LENGTH} characters."
ERROR_UNREADABLE = (
    "'{phrase}' is not a date phrase this parser reads. Examples: 'end of March 2022', "
    "'early July', 'from March 7 to April 1', '24.02.2022', 'début juillet', 'Anfang März', "
    "or EDTF such as 2022-03-21/2022-03-31."
)
ERROR_NEEDS_REF = (
    "'{phrase}' depends on when it was written: give the reference date (the report's "
    "publication date) or a full date."
)
ERROR_NO_YEAR = "'{phrase}' gives no year: give the year or the reference date."
ERROR_UNANCHORED = (
    "'{phrase}' counts from another event, not from a date: give the date it counts from, "
    "or the date itself."
)
ERROR_AMBIGUOUS = (
    "'{phrase}' could be {first} or {second}: write the month in words, or the date in EDTF "
    "(YYYY-MM-DD)."
)
ERROR_NO_SUCH_DAY = "'{phrase}' names a day that does not exist."
ERROR_NO_MONTH = "'{phrase}' gives a day without its month."


class PhraseError(dates.DateError):
    """A phrase that cannot be turned into a date; the message is meant for the user.

    `code` says why, for callers that treat a date they cannot anchor differently from text
    that is no date at all: empty, too_long, unreadable, needs_ref, unanchored, ambiguous,
    invalid.
    """

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ParsedDate:
    """A phrase read as a date: its EDTF and what that EDTF means."""

    phrase: str
    edtf: str
    earliest: dt.date
    latest: dt.date
    precision: str
    label: str

    def as_dict(self) -> dict:
        return {
            "edtf": self.edtf,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "precision": self.precision,
            "label": self.label,
            "phrase": self.phrase,
        }


class DateMention(NamedTuple):
    """A date phrase found in a text. `parsed` is None when the phrase is a date that cannot
    be anchored (relative without a reference date, or counting from another event)."""

    start: int
    end: int
    phrase: str
    parsed: ParsedDate | None


# --- vocabulary ----------------------------------------------------------------------------
# Words are compared lower-cased and without accents ("début" is "debut", "März" is "marz").

_MONTH_WORDS = (
    ("january jan janvier janv januar janner jaenner enero", 1),
    ("february feb febr fevrier fevr fev februar febrero", 2),
    ("march mar mars marz maerz marzo", 3),
    ("april apr avril avr abril", 4),
    ("may mai mayo", 5),
    ("june jun juin juni junio", 6),
    ("july jul juillet juil juli julio", 7),
    ("august aug aout agosto", 8),
    ("september sep sept septembre septiembre setiembre", 9),
    ("october oct octobre oktober okt octubre", 10),
    ("november nov novembre noviembre", 11),
    ("december dec decembre dezember dez diciembre", 12),
)
_SEASON_WORDS = (
    ("spring printemps fruhling fruehling fruhjahr fruehjahr primavera", 21),
    ("summer ete sommer verano", 22),
    ("autumn fall automne herbst otono", 23),
    ("winter hiver invierno", 24),
)
_WEEKDAY_WORDS = (
    ("monday mon lundi montag lunes", 0),
    ("tuesday tue tues mardi dienstag martes", 1),
    ("wednesday wed mercredi mittwoch miercoles", 2),
    ("thursday thu thurs jeudi donnerstag jueves", 3),
    ("friday fri vendredi freitag viernes", 4),
    ("saturday sat samedi samstag sonnabend sabado", 5),
    ("sunday sun dimanche sonntag domingo", 6),
)
_NUMBER_WORDS = (
    ("one une un ein eine einem einer einen uno una", 1),
    ("two deux zwei dos", 2),
    ("three trois drei tres", 3),
    ("four quatre vier cuatro", 4),
    ("five cinq funf fuenf cinco", 5),
    ("six sechs seis", 6),
    ("seven sieben siete", 7),
    ("eight huit acht ocho", 8),
    ("nine neuf neun nueve", 9),
    ("ten dix zehn diez", 10),
)
_UNIT_WORDS = (
    ("day days jour jours journee tag tage tagen dia dias", "day"),
    ("weekend week-end wochenende finde", "weekend"),
    ("week weeks semaine semaines woche wochen semana semanas", "week"),
    ("month months mois monat monate monaten monats mes meses", "month"),
    ("year years annee annees jahr jahre jahren jahres ano anos", "year"),
)
_KEYWORDS = (
    (
        "early beginning start debut anfang anfangs beginn principios principio comienzos "
        "comienzo inicios inicio",
        "early",
    ),
    ("mid middle mi milieu mitte mediados", "mid"),
    ("late end fin ende finales fines final", "late"),
    (
        "around about approximately approx circa ca c roughly some vers environ autour um gegen "
        "etwa ungefahr zirka alrededor hacia aproximadamente cerca",
        "around",
    ),
    ("before prior avant antes", "before"),
    ("after apres nach despues", "after"),
    ("until till til by jusqu hasta bis", "until"),
    ("from since depuis seit desde ab von vom", "from"),
    ("to through thru au al", "to"),
    ("and et und y", "and"),
    ("or ou oder", "to"),  # "late February or early March": the span holds both
    ("between entre zwischen", "between"),
    (
        "last past dernier derniere derniers dernieres passe passee letzte letzten letzter "
        "letztes vergangene vergangenen vergangener vorige vorigen voriger pasado pasada ultimo "
        "ultima",
        "last",
    ),
    ("this current ce cet cette diese dieser diesem diesen dieses este esta", "this"),
    ("next prochain prochaine nachste nachsten nachster proximo proxima", "next"),
    ("earlier tot fruher frueher", "earlier"),
    ("later tard spater spaeter", "later"),
    ("ago", "ago"),
    ("hace", "agoprefix"),
    ("vor", "vor"),
    ("yesterday hier gestern ayer anoche", "yesterday"),
    ("today tonight heute hoy aujourd", "today"),
    ("vorgestern anteayer antier", "daybefore"),
    (
        "lendemain veille siguiente anterior following previous preceding precedent precedente "
        "same meme mismo",
        "unanchored",
    ),
    ("a an", "a"),
    (
        "the of in on at during sometime hours hour heures stunden horas le la les l d de des du en el los las del lo der die das dem den "
        "des im am zum zur beim s ci hui que plus night nuit noche nacht morning matin manana "
        "morgen evening soir abend tarde afternoon apres-midi nachmittag th",
        "filler",
    ),
)
_PHRASES = (  # several words that mean one thing; checked before single words
    (("no", "later", "than"), "until"),
    (("not", "later", "than"), "until"),
    (("on", "or", "before"), "until"),
    (("on", "or", "after"), "from"),
    (("il", "y", "a"), "agoprefix"),
    (("avant", "hier"), "daybefore"),
    (("day", "before", "yesterday"), "daybefore"),
    (("last", "night"), "yesterday"),
    (("que", "viene"), "next"),
    (("next", "day"), "unanchored"),
    (("nachsten", "tag"), "unanchored"),
    (("day", "before"), "unanchored"),
    (("day", "after"), "unanchored"),
    (("that", "day"), "unanchored"),
    (("ce", "jour", "la"), "unanchored"),
    (("avant", "-", "hier"), "daybefore"),
    (("on", "or", "about"), "around"),
    (("some", "time"), "filler"),
    (("early", "hours"), "filler"),
    (("first", "days"), "early"),
    (("last", "days"), "late"),
    (("first", "half"), "firsthalf"),
    (("second", "half"), "secondhalf"),
    (("first", "week"), "firstweek"),
    (("fin", "de", "semana"), "weekend"),
)

_WORDS: dict[str, tuple[str, object]] = {}
for _table, _kind in (
    (_MONTH_WORDS, "month"),
    (_SEASON_WORDS, "season"),
    (_WEEKDAY_WORDS, "weekday"),
    (_NUMBER_WORDS, "count"),
    (_UNIT_WORDS, "unit"),
):
    for _words, _value in _table:
        for _word in _words.split():
            _WORDS[_word] = (_kind, _value)
for _words, _kind in _KEYWORDS:
    for _word in _words.split():
        _WORDS.setdefault(_word, (_kind, None))
# Abbreviations ("Aug.", "Sept.", "Mon.") take their full stop with them.
_ABBREVIATIONS = {
    short
    for table in (_MONTH_WORDS, _WEEKDAY_WORDS)
    for words, _ in table
    for short in words.split()
    if any(word != short and word.startswith(short) for word in words.split())
}
_TOKEN = re.compile(
    r"(?P<iso>\b\d{4}-\d{2}(?:-\d{2})?(?![\d.]))"
    r"|(?P<numeric>\b\d{1,2}[./-]\d{1,2}(?:[./-]\d{4}\b|\.(?!\d)))"
    r"|(?P<year>\b\d{4})(?![\w])"
    r"|(?P<num>\b\d{1,3})(?:st|nd|rd|th|eme|er|re|e|o|a|\u00ba|\u00b0|\.)?(?![\w])"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<dash>[-\u2013\u2014/])"
    r"|(?P<comma>,)"
    r"|(?P<stop>[.;:!?()\[\]{}\"\u201c\u201d\u00ab\u00bb\n])"
)
_EDTF_LIKE = re.compile(r"^[\dX~?%/.\[\],{}\-YES ]+$")


class _Token(NamedTuple):
    kind: str
    value: object
    start: int
    end: int
    text: str


@lru_cache(maxsize=65536)  # a report repeats its words: folding char by char is the cost
def _fold(text: str) -> str:
    """Lower-case, accents off, one character for one, so offsets stay those of the text."""
    folded = []
    for char in text:
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", char.lower()) if not unicodedata.combining(c)
        )
        folded.append(bare[:1] or char)
    return "".join(folded)


def _tokenize(text: str) -> list[_Token]:
    folded = _fold(text)
    raw = []
    for match in _TOKEN.finditer(folded):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "word":
            word = match.group("word")
            if word in _ABBREVIATIONS and folded[end : end + 1] == ".":
                end += 1
            kind, value = _WORDS.get(word, ("word", word))
            if kind == "word" and len(word) > 2 and word.endswith("s") and word[:-1] in _WORDS:
                kind, value = _WORDS[word[:-1]]  # "Mondays", "Anfangs"
        elif kind in ("num", "year"):
            value = int(match.group(kind))
        elif kind == "numeric":
            value = match.group("numeric")
        elif kind == "iso":
            value = match.group("iso")
        else:
            value = match.group(kind)
        raw.append(_Token(kind, value, start, end, text[start:end]))
    return _rewrite(raw)


# The phrases by their first word, in _PHRASES' order: a long text is read in one pass.
_PHRASES_BY_FIRST_WORD: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _words, _kind in _PHRASES:
    _PHRASES_BY_FIRST_WORD.setdefault(_words[0], []).append((_words, _kind))


def _rewrite(tokens: list[_Token]) -> list[_Token]:
    """Join the words that mean one thing together ("il y a", "no later than")."""
    out: list[_Token] = []
    index = 0
    while index < len(tokens):
        first_word = _fold(tokens[index].text).rstrip(".")
        for words, kind in _PHRASES_BY_FIRST_WORD.get(first_word, ()):
            window = tokens[index : index + len(words)]
            if len(window) == len(words) and all(
                _fold(token.text).rstrip(".") == word
                for token, word in zip(window, words, strict=True)
            ):
                first, last = window[0], window[-1]
                out.append(_Token(kind, None, first.start, last.end, "x"))
                index += len(words)
                break
        else:
            out.append(tokens[index])
            index += 1
    return out


# --- from tokens to a span -----------------------------------------------------------------


@dataclass
class _Written:
    """A calendar date as written: only the parts the phrase gives are set."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: int | None = None
    part: str | None = None


@dataclass
class _Span:
    earliest: dt.date
    latest: dt.date
    season: tuple[int, int] | None = None  # (year, code) when the span is exactly a season
    approximate: bool = False


class _Context:
    def __init__(self, phrase: str, ref: dt.date | None):
        self.phrase = phrase
        self.ref = ref

    def fail(self, message: str, code: str, **values) -> PhraseError:
        return PhraseError(message.format(phrase=self.phrase, **values), code)

    def need_ref(self) -> dt.date:
        if self.ref is None:
            raise self.fail(ERROR_NEEDS_REF, "needs_ref")
        return self.ref


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, _last_day(year, month))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


_PARTS = ("early", "mid", "late", "firsthalf", "secondhalf", "firstweek")
_PART_DAYS = {
    "early": (1, 10),
    "mid": (11, 20),
    "late": (21, 31),
    "firsthalf": (1, 15),
    "secondhalf": (16, 31),
    "firstweek": (1, 7),
}
_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "firsthalf": (1, 6),
                "secondhalf": (7, 12)}  # fmt: skip
_PART_OF_WEEK = {"early": (0, 2), "mid": (1, 3), "late": (3, 6)}  # Monday = 0
_PART_OF_SEASON = {"early": 0, "mid": 1, "late": 2}
_SEASON_FIRST_MONTH = {21: 3, 22: 6, 23: 9, 24: 12}


def _resolve(written: _Written, context: _Context) -> _Span:
    """The span a written date covers, the year taken from the reference date if missing."""
    if written.year is None:
        ref = context.ref
        if ref is None:
            raise context.fail(ERROR_NO_YEAR, "needs_ref")
        span = _resolve(_Written(ref.year, written.month, written.day, written.season,
                                 written.part), context)  # fmt: skip
        if span.earliest > ref:
            written = _Written(ref.year - 1, written.month, written.day, written.season,
                               written.part)  # fmt: skip
            return _resolve(written, context)
        return span
    year = written.year
    try:
        if written.season is not None:
            first_month = _SEASON_FIRST_MONTH[written.season]
            if written.part is not None:
                if written.part not in _PART_OF_SEASON:
                    raise context.fail(ERROR_UNREADABLE, "unreadable")
                year, month = _add_months(year, first_month, _PART_OF_SEASON[written.part])
                return _Span(*_month_span(year, month))
            if written.season == 24:  # the edtf package ends winter on 31 December
                end_year, end_month = _add_months(year, first_month, 2)
                return _Span(dt.date(year, 12, 1), _month_span(end_year, end_month)[1])
            return _Span(
                dt.date(year, first_month, 1),
                _month_span(*_add_months(year, first_month, 2))[1],
                season=(year, written.season),
            )
        if written.day is not None:
            if written.month is None:
                raise context.fail(ERROR_NO_MONTH, "unreadable")
            day = dt.date(year, written.month, written.day)
            return _Span(day, day)
        if written.month is not None:
            earliest, latest = _month_span(year, written.month)
            if written.part is not None:
                first, last = _PART_DAYS[written.part]
                earliest = dt.date(year, written.month, first)
                latest = dt.date(year, written.month, min(last, latest.day))
            return _Span(earliest, latest)
        if written.part is not None:
            if written.part not in _PART_MONTHS:
                raise context.fail(ERROR_UNREADABLE, "unreadable")
            first, last = _PART_MONTHS[written.part]
            return _Span(_month_span(year, first)[0], _month_span(year, last)[1])
        return _Span(dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError as error:  # 31 February, year 0
        raise context.fail(ERROR_NO_SUCH_DAY, "invalid") from error


def _numeric(value: str, context: _Context) -> _Written:
    """24.02.2022 and 24.02. are day-first; 24/02/2022 too, unless only month-first works."""
    parts = re.split(r"[./-]", value.rstrip("."))
    first, second = int(parts[0]), int(parts[1])
    year = int(parts[2]) if len(parts) > 2 and parts[2] else None
    if "/" in value and first <= 12 and second <= 12 and first != second:
        year_text = f" {year}" if year else ""
        raise context.fail(
            ERROR_AMBIGUOUS,
            "ambiguous",
            first=f"{first} {calendar.month_name[second]}{year_text}",
            second=f"{second} {calendar.month_name[first]}{year_text}",
        )
    if "/" in value and second > 12 >= first:
        first, second = second, first
    return _Written(year, second, first)


class _Reader:
    """Reads a list of tokens (fillers removed) front to back."""

    def __init__(self, tokens: list[_Token], context: _Context):
        self.tokens = tokens
        self.index = 0
        self.context = context

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def kind(self, offset: int = 0) -> str | None:
        token = self.peek(offset)
        return token.kind if token else None

    def take(self, *kinds: str) -> _Token | None:
        token = self.peek()
        if token is not None and token.kind in kinds:
            self.index += 1
            return token
        return None

    def done(self) -> bool:
        return self.index >= len(self.tokens)

    def unreadable(self) -> PhraseError:
        return self.context.fail(ERROR_UNREADABLE, "unreadable")


def _written(reader: _Reader) -> _Written | None:
    """A calendar date as written, or None if the tokens here are not one."""
    part_token = reader.take(*_PARTS)
    part = part_token.kind if part_token else None
    token = reader.peek()
    if token is None:
        return None
    if token.kind == "numeric":
        reader.index += 1
        written = _numeric(token.value, reader.context)
        written.year = written.year or _year(reader)
        written.part = part
        return written
    if token.kind == "iso":
        reader.index += 1
        numbers = [int(part) for part in token.value.split("-")]
        if len(numbers) == 2 and numbers[1] in _SEASON_FIRST_MONTH:  # EDTF's 2022-22
            return _Written(numbers[0], season=numbers[1], part=part)
        return _Written(*numbers, part=part)
    if token.kind == "season":
        reader.index += 1
        return _Written(_year(reader), season=token.value, part=part)
    if token.kind == "month":
        reader.index += 1
        day = reader.take("num")
        return _Written(_year(reader), token.value, day.value if day else None, part=part)
    if token.kind == "num" and 1 <= token.value <= 31:
        reader.index += 1
        month = reader.take("month")
        return _Written(_year(reader) if month else None, month.value if month else None,
                        token.value, part=part)  # fmt: skip
    if token.kind == "year":
        reader.index += 1
        return _Written(token.value, part=part)
    if part is not None:
        reader.index -= 1  # "late last month": the part belongs to a relative period
    return None


def _year(reader: _Reader) -> int | None:
    token = reader.take("year")
    return token.value if token else None


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _count(reader: _Reader) -> int | None:
    token = reader.take("num", "count", "a")
    if token is None:
        return None
    return 1 if token.kind == "a" else token.value


def _ago(count: int, unit: str, ref: dt.date) -> _Span:
    """N units before the reference date: a day exactly, anything longer approximately."""
    unit = "week" if unit == "weekend" else unit
    if unit == "day":
        day = ref - dt.timedelta(days=count)
        return _Span(day, day)
    if unit == "week":
        day = ref - dt.timedelta(days=7 * count)
        return _Span(day, day, approximate=True)
    if unit == "month":
        return _Span(*_month_span(*_add_months(ref.year, ref.month, -count)), approximate=True)
    year = ref.year - count
    return _Span(dt.date(year, 1, 1), dt.date(year, 12, 31), approximate=True)


def _period(unit: str, which: str, ref: dt.date) -> _Span:
    """This, last or next calendar week, month or year around the reference date."""
    step = {"this": 0, "last": -1, "next": 1}[which]
    if unit == "week":
        monday = _monday(ref) + dt.timedelta(weeks=step)
        if which == "last":  # the week before this one, and the seven days before ref
            return _Span(monday, ref - dt.timedelta(days=1))
        return _Span(monday, monday + dt.timedelta(days=6))
    if unit == "month":
        return _Span(*_month_span(*_add_months(ref.year, ref.month, step)))
    if unit == "year":
        return _Span(dt.date(ref.year + step, 1, 1), dt.date(ref.year + step, 12, 31))
    if unit == "weekend":
        saturday = _monday(ref) + dt.timedelta(days=5, weeks=step)
        return _Span(saturday, saturday + dt.timedelta(days=1))
    day = ref + dt.timedelta(days=step)
    return _Span(day, day)


def _relative(reader: _Reader) -> _Span | None:
    """A phrase counted from the reference date, or None if the tokens here are not one."""
    context = reader.context
    start = reader.index
    part_token = reader.take(*_PARTS)
    kind = reader.kind()
    if kind in ("today", "yesterday", "daybefore"):
        reader.index += 1
        ref = context.need_ref()
        day = ref - dt.timedelta(days={"today": 0, "yesterday": 1, "daybefore": 2}[kind])
        return _Span(day, day)
    if kind in ("agoprefix", "vor") and reader.kind(1) in ("num", "count", "a"):
        reader.index += 1
        count = _count(reader)
        unit = reader.take("unit")
        if unit is None:
            raise reader.unreadable()
        return _ago(count, unit.value, context.need_ref())
    if kind in ("num", "count", "a") and reader.kind(1) == "unit":
        count = _count(reader)
        unit = reader.take("unit").value
        if reader.take("ago"):
            return _ago(count, unit, context.need_ref())
        if reader.kind() in ("later", "earlier", "before", "after", "unanchored"):
            raise context.fail(ERROR_UNANCHORED, "unanchored")
        raise reader.unreadable()
    earlier = reader.take("earlier")
    which_token = reader.take("last", "this", "next")
    unit = reader.take("unit", "weekday", "season", "month")
    if unit is None and which_token is None and earlier is None:
        reader.index = start
        return None
    if unit is None and which_token and which_token.kind == "last" and reader.kind() == "num":
        return _last_date(reader)  # Spanish "el pasado 3 de agosto"
    if unit is None:
        raise reader.unreadable()
    if which_token is None:
        which_token = reader.take("last", "this", "next")  # "la semaine dernière"
    which = which_token.kind if which_token else "this"
    if unit.kind in ("season", "month"):
        if which_token is None:
            reader.index = start
            return None
        return _named_relative(unit, which, part_token, reader)
    if which_token is None and unit.kind == "unit":
        if part_token is None and not earlier:
            raise reader.unreadable()  # "the week" alone says nothing
        # "the end of the month", "Anfang des Monats": the month the story is in, which need
        # not be the report's
        raise context.fail(ERROR_UNANCHORED, "unanchored")
    ref = context.need_ref()
    if unit.kind == "weekday":
        back = (ref.weekday() - unit.value) % 7
        if which == "last" and back == 0:
            back = 7
        if which == "next":
            back = -((unit.value - ref.weekday()) % 7 or 7)
        day = ref - dt.timedelta(days=back)
        return _Span(day, day)
    if unit.value == "day":
        raise reader.unreadable()
    span = _period(unit.value, which, ref)
    if earlier:
        return _Span(span.earliest, min(span.latest, ref))
    if part_token is not None:
        return _part_of(span, part_token.kind, unit.value, context)
    return span


def _last_date(reader: _Reader) -> _Span:
    """A day named after "last": the latest such day before the reference date."""
    ref = reader.context.need_ref()
    written = _written(reader)
    if written is None or written.year is not None:
        raise reader.unreadable()
    span = _resolve(written, reader.context)
    if span.earliest >= ref:
        span = _resolve(_shift_year(written, span, -1), reader.context)
    return span


def _named_relative(unit: _Token, which: str, part_token, reader: _Reader) -> _Span:
    """ "last summer", "this March": the season or month named, counted from the reference."""
    ref = reader.context.need_ref()
    part = part_token.kind if part_token else None
    if unit.kind == "month":
        written = _Written(None, unit.value, part=part)
    else:
        written = _Written(None, season=unit.value, part=part)
    span = _resolve(written, reader.context)
    if which == "last" and span.latest >= ref:
        span = _resolve(_shift_year(written, span, -1), reader.context)
    elif which == "next":
        span = _resolve(_shift_year(written, span, +1), reader.context)
    return span


def _shift_year(written: _Written, span: _Span, years: int) -> _Written:
    year = (span.season[0] if span.season else span.earliest.year) + years
    return _Written(year, written.month, written.day, written.season, written.part)


def _part_of(span: _Span, part: str, unit: str, context: _Context) -> _Span:
    if unit == "month":
        return _resolve(_Written(span.earliest.year, span.earliest.month, part=part), context)
    if unit == "year":
        return _resolve(_Written(span.earliest.year, part=part), context)
    if unit == "week" and part in _PART_OF_WEEK:
        first, last = _PART_OF_WEEK[part]
        monday = span.earliest - dt.timedelta(days=span.earliest.weekday())
        return _Span(monday + dt.timedelta(days=first), monday + dt.timedelta(days=last))
    if unit == "weekend":
        return span
    raise context.fail(ERROR_UNREADABLE, "unreadable")


def _point(reader: _Reader) -> _Span | _Written:
    relative = _relative(reader)
    if relative is not None:
        return relative
    written = _written(reader)
    if written is None:
        raise reader.unreadable()
    return written


def _fill(first: _Written, second: _Written) -> _Written:
    """The start of a range borrows what it leaves out from the end: "7 to 12 March 2022"."""
    month = first.month
    if first.day is not None and month is None:
        month = second.month
    year = first.year
    if year is None and second.year is not None:
        year = second.year
        if (month or 0) > (second.month or 13) or (
            first.season is not None and second.month and second.month < 3
        ):
            year -= 1  # "December to February 2023"
    return _Written(year, month, first.day, first.season, first.part)


def _range(first, second, context: _Context) -> _Span:
    if isinstance(first, _Written) and isinstance(second, _Written):
        if second.year is None and first.year is not None:
            second_span = _resolve(_Written(first.year, second.month, second.day, second.season,
                                            second.part), context)  # fmt: skip
            first_span = _resolve(first, context)
            if second_span.latest < first_span.earliest:
                second_span = _resolve(_Written(first.year + 1, second.month, second.day,
                                                second.season, second.part), context)  # fmt: skip
            return _Span(first_span.earliest, second_span.latest)
        second_span = _resolve(second, context)
        if first.year is None and second.year is None:
            first = _fill(first, _Written(second_span.latest.year, second.month or
                                          second_span.latest.month))  # fmt: skip
        else:
            first = _fill(first, second)
        first_span = _resolve(first, context)
        return _Span(first_span.earliest, second_span.latest)
    first_span = first if isinstance(first, _Span) else _resolve(first, context)
    second_span = second if isinstance(second, _Span) else _resolve(second, context)
    return _Span(first_span.earliest, second_span.latest)


class _Meaning(NamedTuple):
    """A span, or one known end of an open interval ("before", "after") and its unit."""

    span: _Span
    open: str | None = None  # "start" or "end": the side the phrase leaves open
    unit: str = "day"


def _read(tokens: list[_Token], context: _Context) -> _Meaning:
    if any(token.kind in ("later", "unanchored") for token in tokens):
        raise context.fail(ERROR_UNANCHORED, "unanchored")
    reader = _Reader(tokens, context)
    approximate = bool(reader.take("around"))
    lead = reader.take("before", "after", "until", "from", "between")
    approximate = bool(reader.take("around")) or approximate  # "before about"
    first = _point(reader)
    second = None
    connector = reader.take("to", "and", "until")
    if connector:
        second = _point(reader)
    if not reader.done():
        raise reader.unreadable()
    if second is not None:
        if lead and lead.kind in ("before", "after", "until"):
            raise reader.unreadable()
        between = lead is not None and lead.kind == "between"
        if connector.kind == "and" and not between and not _months_only(first, second):
            raise reader.unreadable()  # "on 3 March and 5 April" are two dates, not a span
        span = _range(first, second, context)
    else:
        if lead and lead.kind == "between":
            raise reader.unreadable()
        span = first if isinstance(first, _Span) else _resolve(first, context)
    if span.earliest > span.latest:
        raise context.fail(dates.ERROR_REVERSED.replace("{value}", "{phrase}"), "invalid")
    span.approximate = span.approximate or approximate
    if lead is None or second is not None or lead.kind == "between":
        return _Meaning(span)
    unit = _unit(span.earliest, span.latest)
    one_day = dt.timedelta(days=1)
    bound = {
        "before": span.earliest - one_day,
        "until": span.latest,
        "after": span.latest + one_day,
        "from": span.earliest,
    }[lead.kind]
    side = "start" if lead.kind in ("before", "until") else "end"
    return _Meaning(_Span(bound, bound, approximate=span.approximate), side, unit)


def _months_only(*sides) -> bool:
    return all(isinstance(side, _Written) and side.day is None for side in sides)


def _clean(tokens: list[_Token]) -> list[_Token]:
    """Drop fillers, and settle the words whose meaning depends on their neighbours."""
    tokens = [token for token in tokens if token.kind not in ("filler", "comma", "stop")]
    kept: list[_Token] = []
    for index, token in enumerate(tokens):
        following = [item.kind for item in tokens[index + 1 : index + 3]] + [None, None]
        if token.kind == "month" and token.value == 9 and following[0] == "unit":
            token = token._replace(kind="count", value=7)  # French "sept jours"
        if token.kind == "a" and following[0] == "last":
            token = token._replace(kind="unit", value="year")  # French "l'an dernier"
        if token.kind == "a" and following[0] != "unit":
            if kept and _is_date_part(kept[-1]) and following[0] not in _PARTS + (None,):
                token = token._replace(kind="to")  # Spanish "de marzo a abril"
            else:
                continue
        if token.kind == "dash":
            if not kept or kept[-1].kind in _PARTS or following[0] is None:
                continue  # "mid-May", "mi-mai", "ce mois-ci"
            token = token._replace(kind="to")
        if token.kind == "to" and (not kept or kept[-1].kind in ("until", "to", "from")):
            continue  # French "au début", "jusqu'au"
        if token.kind == "vor" and not (
            following[0] in ("num", "count", "a") and following[1] == "unit"
        ):
            token = token._replace(kind="before")  # "vor dem 3. August", not "vor zwei Wochen"
        if token.kind == "unit" and following[0] == "num" and (not kept or kept[-1].kind
                                                                 != "last"):  # fmt: skip
            continue  # Spanish "el día 3 de marzo"
        if token.kind == "unit" and token.value == "month" and following[0] == "month":
            continue  # Spanish "el mes de marzo"
        if token.kind == "weekday" and following[0] in ("num", "month"):
            continue  # "Wednesday 3 August": the date says it all
        kept.append(token)
    return kept


def _is_date_part(token: _Token) -> bool:
    return token.kind in ("month", "num", "year", "season", "numeric", "iso")


# --- from a span to EDTF -------------------------------------------------------------------


def _is_month_start(day: dt.date) -> bool:
    return day.day == 1


def _is_month_end(day: dt.date) -> bool:
    return day.day == _last_day(day.year, day.month)


def _start_text(day: dt.date, unit: str) -> str:
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _unit(earliest: dt.date, latest: dt.date) -> str:
    """The coarsest calendar unit whose boundaries both ends fall on."""
    if (earliest.month, earliest.day) == (1, 1) and (latest.month, latest.day) == (12, 31):
        return "year"
    if _is_month_start(earliest) and _is_month_end(latest):
        return "month"
    return "day"


def _edtf(meaning: _Meaning) -> str:
    span = meaning.span
    mark = "~" if span.approximate else ""
    if meaning.open == "start":
        return f"../{_start_text(span.latest, meaning.unit)}{mark}"
    if meaning.open == "end":
        return f"{_start_text(span.earliest, meaning.unit)}{mark}/.."
    if span.season is not None and not span.approximate:
        year, code = span.season
        return f"{year:04d}-{code}"
    unit = _unit(span.earliest, span.latest)
    start, end = _start_text(span.earliest, unit), _start_text(span.latest, unit)
    if start == end:
        return f"{start}{mark}"
    return f"{start}{mark}/{end}{mark}"


# --- the public functions ------------------------------------------------------------------


def parse_phrase(phrase: str, ref: dt.date | None = None) -> ParsedDate:
    """Read a date phrase or an EDTF string; `ref` anchors relative phrases ("last week").

    Raise PhraseError (a dates.DateError) with a message for the user if the phrase cannot be
    read or anchored.
    """
    text = " ".join(str(phrase or "").split())
    context = _Context(text, ref)
    if not text:
        raise PhraseError(ERROR_EMPTY, "empty")
    if len(text) > MAX_PHRASE_LENGTH:
        raise PhraseError(ERROR_TOO_LONG, "too_long")
    edtf_error = None
    if _EDTF_LIKE.match(text) and any(char.isdigit() for char in text):
        try:
            return _parsed(text, dates.parse(text))
        except dates.DateError as error:
            edtf_error = error  # 24.02.2022 is no EDTF, but a date all the same
    try:
        return _parsed(text, dates.parse(_edtf(_meaning(text, context))))
    except PhraseError as error:
        if edtf_error is not None and error.code in ("unreadable", "invalid"):
            raise PhraseError(str(edtf_error), "invalid") from edtf_error
        raise
    except dates.DateError as error:
        raise context.fail(str(error), "invalid") from error


def _meaning(text: str, context: _Context) -> _Meaning:
    tokens = _clean(_tokenize(text))
    if not tokens or any(token.kind in ("word", "dash") for token in tokens):
        if any(token.kind == "unanchored" for token in tokens):
            raise context.fail(ERROR_UNANCHORED, "unanchored")
        raise context.fail(ERROR_UNREADABLE, "unreadable")
    try:
        return _read(tokens, context)
    except (OverflowError, ValueError) as error:  # counted past year 1 or 9999
        if isinstance(error, PhraseError):
            raise
        raise context.fail(ERROR_NO_SUCH_DAY, "invalid") from error


def _parsed(phrase: str, info: dates.DateInfo) -> ParsedDate:
    return ParsedDate(
        phrase=phrase,
        edtf=info.edtf,
        earliest=info.earliest,
        latest=info.latest,
        precision=info.precision,
        label=info.label,
    )


# Tokens that make a run of words worth reading as a date; numbers alone are counts.
_STRONG = {"month", "year", "numeric", "iso", "season", "weekday", "today", "yesterday",
           "daybefore", "unit"}  # fmt: skip
# Tokens that may sit inside a date phrase in running text.
_DATE_WORDS = _STRONG | {
    "num", "count", "a", "early", "mid", "late", "around", "before", "after", "until", "from",
    "to", "and", "between", "last", "this", "next", "earlier", "later", "ago", "agoprefix",
    "vor", "unanchored", "filler", "dash", "comma",
}  # fmt: skip
# English words that are months only when written as one: "they may", "a march".
_CAPITALISED_ONLY = {"may", "march", "mar", "sun", "sat", "wed", "mon", "fall", "ete"}
_EDGE_FILLERS = {"filler", "comma", "dash", "and", "to", "a"}


def find_dates(text: str, ref: dt.date | None = None) -> list[DateMention]:
    """Every date phrase in a text, with its character offsets, the longest reading first.

    A phrase that is a date but cannot be anchored (relative without `ref`, or counting from
    another event) is reported with `parsed=None` rather than dropped or guessed.
    """
    mentions: list[DateMention] = []
    for run in _runs(_tokenize(text)):
        index = 0
        while index < len(run):
            found = _longest_at(text, run, index, ref)
            if found is None:
                index += 1
                continue
            mention, index = found
            mentions.append(mention)
    return mentions


def _counts_in(token: _Token) -> bool:
    """True if the token may be part of a date phrase in running text."""
    if token.kind not in _DATE_WORDS:
        return False
    word = token.text.rstrip(".")
    if _fold(word) in _CAPITALISED_ONLY and token.kind in ("month", "season", "weekday"):
        return word[:1].isupper()
    return True


def _runs(tokens: list[_Token]) -> list[list[_Token]]:
    """Stretches of adjacent date words; any other word or a full stop ends one."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for token in tokens:
        adjacent = bool(current) and token.start - current[-1].end <= 2
        if not (_counts_in(token) and (adjacent or not current)):
            if any(item.kind in _STRONG for item in current):
                runs.append(current)
            current = []
        if _counts_in(token):
            current.append(token)
    if any(item.kind in _STRONG for item in current):
        runs.append(current)
    return runs


# Stands in for the reference date to find where a relative phrase ends when there is none.
_ANY_REF = dt.date(2000, 6, 15)


def _longest_at(text, run, index, ref):
    """The longest date phrase starting at run[index], and the index after it.

    Without a reference date, a relative phrase is found as it would be with one and reported
    unparsed; a phrase counting from another event is reported unparsed at its shortest.
    """
    first = run[index]
    if first.kind in _EDGE_FILLERS:
        return None
    candidates = [
        stop
        for stop in range(len(run) - 1, index - 1, -1)
        if run[stop].kind not in _EDGE_FILLERS
        and any(token.kind in _STRONG for token in run[index : stop + 1])
    ]
    unanchored = None
    for anchor in (ref, _ANY_REF) if ref is None else (ref,):
        for stop in candidates:
            phrase = text[first.start : run[stop].end]
            try:
                parsed = parse_phrase(phrase, anchor)
            except PhraseError as error:
                if error.code == "unanchored":
                    unanchored = stop
                continue
            mention = DateMention(
                first.start, run[stop].end, phrase, parsed if anchor is ref else None
            )
            return mention, stop + 1
    if unanchored is not None:
        end = run[unanchored].end
        return DateMention(first.start, end, text[first.start : end], None), unanchored + 1
    return None
