"""Honest dates: an EDTF string becomes the earliest and latest possible day, a precision,
flags and a human label.

Pure module, no Django inside. The `edtf` package parses; this module decides what the parsed
value means for filtering, sorting and display, and why:

- `earliest`/`latest` are the *possible* span. For an approximate (~) or uncertain (?) date the
  span is widened by APPROXIMATE_PADDING, because "about March" may mean late February.
- An unknown or open end ("/2022-08-03", "../2022-08-03", "[..2022-08-03]") has no bound in the
  text; we use the `edtf` package's own convention (10 years) so that the span stays finite and
  overlap filters still find the event as *possibly* in a window.
- `precision` is the scale of what is known, derived from the span itself, so that every EDTF
  form (day, month, season, interval, set) sorts on one scale: a 26-day interval is as precise
  as a month, not as a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

import edtf
from edtf import struct_time_to_date

MAX_LENGTH = 100

ERROR_EMPTY = "Enter a date in EDTF, for example 2022-06, 2022-03-07/2022-04-01 or 2022-03~."
ERROR_INVALID = "'{value}' is not a valid EDTF date. Examples: 2022-06-15, 2022-06, 2022, 2022-22 (summer), 2022-03-07/2022-04-01, 2022-06~, [..2022-08-03]."
ERROR_TOO_LONG = f"An EDTF date has at most {MAX_LENGTH} characters."
ERROR_REVERSED = "The end of '{value}' comes before its start."
ERROR_OUT_OF_RANGE = "'{value}' lies outside the years 1 to 9999."
ERROR_NO_YEAR = (
    "'{value}' gives no year. Give at least the decade or century the report allows "
    "(e.g. 202X, 19XX) or an open interval (../2022-08-03)."
)

UNKNOWN_END = dt.timedelta(days=3652)  # the edtf package's 10-year convention for "/X" and "X/"

# Precisions, most precise first. The rank orders timelines "from most to least precise".
PRECISIONS = ("day", "week", "month", "season", "year", "decade", "century", "open")
PRECISION_RANK = {name: rank for rank, name in enumerate(PRECISIONS)}
_PRECISION_MAX_DAYS = (
    ("day", 1),
    ("week", 7),
    ("month", 31),
    ("season", 92),
    ("year", 366),
    ("decade", 3653),
    ("century", 36525),
)

APPROXIMATE_PADDING = {
    "day": dt.timedelta(days=7),
    "month": dt.timedelta(days=31),
    "season": dt.timedelta(days=31),
    "year": dt.timedelta(days=366),
}

SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
# EDTF level 2 sub-year groupings (25-41): the edtf package parses them, so they need a name.
SEASONS |= {
    code: f"{season} (Northern Hemisphere)"
    for code, season in zip(range(25, 29), SEASONS.values(), strict=True)
}
SEASONS |= {
    code: f"{season} (Southern Hemisphere)"
    for code, season in zip(range(29, 33), list(SEASONS.values())[:4], strict=True)
}
SEASONS |= {33 + n: f"quarter {n + 1}" for n in range(4)}
SEASONS |= {37 + n: f"quadrimester {n + 1}" for n in range(3)}
SEASONS |= {40 + n: f"semester {n + 1}" for n in range(2)}

_DAY = re.compile(r"^(-?\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(-?\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(-?\d{4})$")
_QUALIFIERS = re.compile(r"[~?%]")
# A year with unspecified digits: 202X is a decade, 19XX a century (EDTF level 1).
_DECADE = re.compile(r"^(\d{3})X$")
_CENTURY = re.compile(r"^(\d{2})XX$")


class DateError(ValueError):
    """An EDTF string that cannot be stored; the message is meant for the user."""


@dataclass(frozen=True)
class Endpoint:
    """One end of a date as written: only the parts the text gives are set."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def known(self) -> bool:
        """Return True if the text gives this end at all."""
        return self.year is not None


@dataclass(frozen=True)
class DateInfo:
    """What an EDTF date says: bounds, precision, flags, a label and its two ends."""

    edtf: str
    earliest: dt.date
    latest: dt.date
    precision: str
    approximate: bool
    uncertain: bool
    label: str
    start: Endpoint
    end: Endpoint

    @property
    def is_interval(self) -> bool:
        """Return True if the date names a span with two different ends."""
        return self.start != self.end


def _to_date(struct) -> dt.date:
    return struct_time_to_date(struct)


def _endpoint(text: str) -> Endpoint:
    """Read one side of an interval (or a single date) as written."""
    approximate = "~" in text or "%" in text
    uncertain = "?" in text or "%" in text
    bare = _QUALIFIERS.sub("", text).strip()
    if bare in ("", ".."):
        return Endpoint()
    bare = re.sub(r"-XX$", "", bare)  # an unspecified day or month is simply not known
    if match := _DAY.match(bare):
        year, month, day = (int(part) for part in match.groups())
        return Endpoint(year, month, day, approximate=approximate, uncertain=uncertain)
    if match := _MONTH.match(bare):
        year, month = (int(part) for part in match.groups())
        if month in SEASONS:
            return Endpoint(year, season=month, approximate=approximate, uncertain=uncertain)
        return Endpoint(year, month, approximate=approximate, uncertain=uncertain)
    if match := _YEAR.match(bare):
        return Endpoint(int(match.group(1)), approximate=approximate, uncertain=uncertain)
    return Endpoint()


def _split(value: str) -> tuple[Endpoint, Endpoint, bool]:
    """Return (start, end, before_only) for the forms the label knows how to say."""
    if value.startswith("[..") and value.endswith("]") and "," not in value:
        end = _endpoint(value[3:-1])
        return Endpoint(), end, True
    if "/" in value:
        left, right = value.split("/", 1)
        return _endpoint(left), _endpoint(right), False
    point = _endpoint(value)
    return point, point, False


def _endpoint_precision(point: Endpoint) -> str:
    if point.day is not None:
        return "day"
    if point.month is not None:
        return "month"
    if point.season is not None:
        return "season"
    return "year"


def _precision_for_span(days: int) -> str:
    for name, max_days in _PRECISION_MAX_DAYS:
        if days <= max_days:
            return name
    return "open"


def _precision(start: Endpoint, end: Endpoint, strict_days: int) -> str:
    """The coarser of what each end states and what the unpadded span covers.

    Approximation is carried by its own flag, so "about March 2022" stays a month.
    """
    stated = max(_endpoint_precision(start), _endpoint_precision(end), key=PRECISION_RANK.get)
    spanned = _precision_for_span(strict_days)
    return max(stated, spanned, key=PRECISION_RANK.get)


def _bound(parsed, which: str) -> dt.date | None:
    """Return the strict lower or upper bound, or None where the text leaves it open."""
    try:
        return _to_date(getattr(parsed, f"{which}_strict")())
    except (TypeError, ValueError, OverflowError, AttributeError):
        return None


def _pad(point: Endpoint) -> dt.timedelta:
    if not (point.approximate or point.uncertain):
        return dt.timedelta(0)
    return APPROXIMATE_PADDING[_endpoint_precision(point)]


def parse(value: str) -> DateInfo:
    """Parse an EDTF string; raise DateError with a user-facing message if it can't be stored."""
    if value is None or not str(value).strip():
        raise DateError(ERROR_EMPTY)
    return _parse(str(value).strip())


# Parsing takes milliseconds (pyparsing), so a page of 50 labels would spend most of its time
# here; DateInfo is frozen, so one parse can serve every event with the same date.
@functools.lru_cache(maxsize=65_536)
def _parse(value: str) -> DateInfo:
    if len(value) > MAX_LENGTH:
        raise DateError(ERROR_TOO_LONG)
    if "XXXX" in value.upper():  # the edtf package would place it in the years 9989-9999
        raise DateError(ERROR_NO_YEAR.format(value=value))
    try:
        parsed = edtf.parse_edtf(value)
    except Exception as error:  # the edtf package raises several unrelated types
        raise DateError(ERROR_INVALID.format(value=value)) from error
    if parsed is None:
        raise DateError(ERROR_INVALID.format(value=value))

    start, end, before_only = _split(value)
    try:
        earliest = _bound(parsed, "lower")
        latest = _bound(parsed, "upper")
        strict_days = (latest - earliest).days + 1 if earliest and latest else None
        if earliest is not None:
            earliest -= _pad(start)
        if latest is not None:
            latest += _pad(end)
        if earliest is None and latest is not None:
            earliest = latest - UNKNOWN_END
        if latest is None and earliest is not None:
            latest = earliest + UNKNOWN_END
    except (OverflowError, ValueError) as error:
        raise DateError(ERROR_OUT_OF_RANGE.format(value=value)) from error
    if earliest is None or latest is None:
        raise DateError(ERROR_INVALID.format(value=value))
    if earliest > latest:
        raise DateError(ERROR_REVERSED.format(value=value))

    open_ended = not start.known or not end.known
    precision = "open" if open_ended else _precision(start, end, strict_days)
    label = _label(value, start, end, before_only, earliest, latest)
    if match := _DECADE.match(value):
        precision, label = "decade", f"the {match.group(1)}0s"
    elif match := _CENTURY.match(value):
        precision, label = "century", f"the {match.group(1)}00s"
    approximate = "~" in value or "%" in value
    uncertain = "?" in value or "%" in value
    return DateInfo(
        edtf=value,
        earliest=earliest,
        latest=latest,
        precision=precision,
        approximate=approximate,
        uncertain=uncertain,
        label=label,
        start=start,
        end=end,
    )


@functools.lru_cache(maxsize=1024)
def season_days(year: int, season: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a season or other sub-year grouping (codes 21-41) of a year,
    as the edtf package bounds it; a southern summer ends in the next year."""
    parsed = edtf.parse_edtf(f"{year:04d}-{season}")
    return _to_date(parsed.lower_strict()), _to_date(parsed.upper_strict())


def bounds(value: str) -> tuple[dt.date, dt.date]:
    """Return (earliest, latest) for an EDTF string."""
    info = parse(value)
    return info.earliest, info.latest


def stored_label(edtf: str, earliest: dt.date, latest: dt.date) -> str:
    """parse(edtf).label for a date already parsed and stored with its bounds, without parsing
    it again: the label needs only the text's two ends, and pyparsing takes milliseconds a date
    where an export reads thousands of distinct dates."""
    start, end, before_only = _split(edtf)
    return _label(edtf, start, end, before_only, earliest, latest)


# --- labels -------------------------------------------------------------------------------


def _month_name(month: int) -> str:
    return calendar.month_name[month]


def _say(point: Endpoint, *, with_year: bool = True, with_month: bool = True) -> str:
    """Say one end in words, leaving out the parts the caller says once for both ends."""
    if point.season is not None:
        name = SEASONS[point.season]
        text = name[:1].upper() + name[1:]
        return f"{text} {point.year}" if with_year else text
    parts = []
    if point.day is not None:
        parts.append(str(point.day))
    if point.month is not None and with_month:
        parts.append(_month_name(point.month))
    if with_year or point.month is None:
        parts.append(str(point.year))
    return " ".join(parts)


def _qualify(text: str, approximate: bool, uncertain: bool) -> str:
    if approximate and uncertain:
        return f"possibly about {text}"
    if approximate:
        return f"about {text}"
    if uncertain:
        return f"possibly {text}"
    return text


def _say_span(start: Endpoint, end: Endpoint) -> str:
    if start == end:
        return _say(start)
    plain_start = Endpoint(start.year, start.month, start.day, start.season)
    plain_end = Endpoint(end.year, end.month, end.day, end.season)
    same_year = start.year == end.year and start.season is None and end.season is None
    if plain_start == plain_end:
        return _say(start)
    if same_year and start.month == end.month and start.day and end.day:
        return f"{start.day}–{end.day} {_month_name(end.month)} {end.year}"
    if same_year and (start.day is None) == (end.day is None) and start.month and end.month:
        return f"{_say(start, with_year=False)} – {_say(end)}"
    if same_year and start.month is None and end.month is None:
        return str(start.year)
    return f"{_say(start)} – {_say(end)}"


def _label(value, start, end, before_only, earliest, latest) -> str:
    """Say the date as a person would; never more precisely than the text."""
    if not start.known and not end.known:
        return f"{earliest.isoformat()} – {latest.isoformat()}"
    if before_only:
        return _qualify(f"before {_say(end)}", end.approximate, end.uncertain)
    if not start.known:
        return _qualify(f"until {_say(end)}", end.approximate, end.uncertain)
    if not end.known:
        return _qualify(f"from {_say(start)}", start.approximate, start.uncertain)
    if start == end:
        return _qualify(_say(start), start.approximate, start.uncertain)
    text = _say_span(start, end)
    both_approximate = start.approximate and end.approximate
    both_uncertain = start.uncertain and end.uncertain
    if both_approximate or both_uncertain:
        return _qualify(text, both_approximate, both_uncertain)
    if start.approximate or start.uncertain or end.approximate or end.uncertain:
        left = _qualify(_say(start), start.approximate, start.uncertain)
        right = _qualify(_say(end), end.approximate, end.uncertain)
        return f"{left} – {right}"
    return text
