"""Timelines: items in chronological order, buckets of what is known to belong to a period, and
TimelineJS3 JSON.

No request handling here. Every function takes an Event QuerySet that the caller has already
gated (`Event.objects.visible_to`) and filtered (`EventFilter`), so nothing in this module can
show or count an event its reader may not see. Rows are read with `.values()`: one query for the
events (place and source count joined in), one for their actors, whatever the page size.

The bucket rule: an event belongs to a bucket only if its whole possible span [earliest, latest]
lies inside that bucket's period. An event whose span crosses a period boundary (E7, June–July
2022, under group=month; E4, June 2022, under group=day) is not put in any bucket, because we do
not know which one it belongs to; it is listed once under `spanning`, with its own count.
"""

from __future__ import annotations

import datetime as dt
import html

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    RowNumber,
    TruncDay,
    TruncMonth,
    TruncWeek,
    TruncYear,
)

from timeline import dates, reads

PERIODS = ("day", "week", "month", "year")
GROUP_BY = ("type", "place")
CHRONOLOGICAL = ("earliest", "precision_rank", "latest", "id")

_TRUNC = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth, "year": TruncYear}

NO_PLACE = "Place not given"

# The read model's columns a timeline item shows.
COLUMNS = (
    "id",
    "title",
    "summary",
    "type",
    "date",
    "earliest",
    "latest",
    "precision",
    "approximate",
    "uncertain",
    "confidence",
    "place_id",
    "place_name",
    "place_latitude",
    "place_longitude",
)


# --- reading rows -------------------------------------------------------------------------


def rows(queryset, *extra):
    """The read model's rows a timeline item needs (then `extra` annotations), as tuples in the
    queryset's order; sliceable, for a page."""
    return reads.select(queryset, COLUMNS, *extra)


def items(event_rows, *extra) -> list[dict]:
    """Timeline items for a page of rows(), with their actors and source counts (two queries)."""
    event_rows = reads.as_dicts(event_rows, [*COLUMNS, *extra])
    ids = [row["id"] for row in event_rows]
    actors = reads.actors_by_event(ids)
    counts = reads.source_counts(ids)
    return [item(row, actors.get(row["id"], []), counts.get(row["id"], 0)) for row in event_rows]


def item(row: dict, actors: list[dict], source_count: int) -> dict:
    """One event as the timeline shows it; the label says the date no more precisely than known."""
    return {
        "id": row["id"],
        "title": row["title"],
        "type": row["type"],
        "date": row["date"],
        "earliest": row["earliest"],
        "latest": row["latest"],
        "precision": row["precision"],
        "approximate": row["approximate"],
        "uncertain": row["uncertain"],
        "label": dates.stored_label(
            row["date"], _as_date(row["earliest"]), _as_date(row["latest"])
        ),
        "place": reads.place_summary(row),
        "actors": [
            {
                "id": actor["actor_id"],
                "name": actor["name"],
                "role": actor["role"],
                "is_pseudonym": actor["is_pseudonym"],
            }
            for actor in actors
        ],
        "source_count": source_count,
        "confidence": row["confidence"],
    }


# --- buckets ------------------------------------------------------------------------------


def _with_buckets(queryset, period: str):
    trunc = _TRUNC[period]
    return queryset.annotate(bucket=trunc("earliest"), bucket_last=trunc("latest"))


def belonging(queryset, period: str):
    """Events whose whole possible span lies inside one period, annotated with it (`bucket`)."""
    return _with_buckets(queryset, period).filter(bucket=F("bucket_last"))


def spanning(queryset, period: str):
    """Events whose possible span crosses a boundary of the period: no bucket can claim them."""
    return _with_buckets(queryset, period).exclude(bucket=F("bucket_last"))


def bucket_counts(queryset, period: str) -> tuple[list[dict], int]:
    """Every period that has events known to belong to it, as {bucket, count} in order, and the
    number of spanning events.

    The database counts the events per pair (latest, earliest): an index that holds both
    columns after visibility (event_visibility_latest) answers that GROUP BY alone, in index
    order, without reading the table or calling a function per row (SQLite runs Trunc as a
    Python function on every row). Events share few pairs (a million synthetic ones, a few
    thousand), and each pair is put in its period here, once.
    """
    pairs = queryset.order_by().values_list("latest", "earliest").annotate(count=Count("*"))
    counts: dict[dt.date, int] = {}
    spanning_count = 0
    for latest, earliest, count in pairs:
        start = period_start(period, _as_date(earliest))
        if start == period_start(period, _as_date(latest)):
            counts[start] = counts.get(start, 0) + count
        else:
            spanning_count += count
    return [{"bucket": start, "count": counts[start]} for start in sorted(counts)], spanning_count


def bucket_rows(queryset, period: str, starts: list[dt.date], per_bucket: int) -> list[tuple]:
    """The first `per_bucket` events of each listed bucket, chronologically, in one query: rows()
    with the bucket last."""
    if not starts or per_bucket == 0:
        return []
    first, last = min(starts), period_end(period, max(starts))
    # The bucket as a CASE over the listed periods' bounds, compared with plain dates: the
    # index on earliest serves it, where Trunc would call a function on every row.
    bucket = Case(
        *(
            When(earliest__gte=start, latest__lte=period_end(period, start), then=Value(start))
            for start in starts
        ),
        default=None,
        output_field=DateField(),
    )
    ranked = (
        queryset.filter(earliest__gte=first, latest__lte=last)
        .annotate(bucket=bucket)
        .filter(bucket__isnull=False)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("bucket")], order_by=list(CHRONOLOGICAL))
        )
        .filter(rank__lte=per_bucket)
        .order_by(*CHRONOLOGICAL)
    )
    return list(rows(ranked, "bucket"))


def buckets(queryset, period: str, counts: list[dict], per_bucket: int) -> list[dict]:
    """Buckets {period, start, end, count, events} for a page of `bucket_counts` rows."""
    starts = [_as_date(row["bucket"]) for row in counts]
    listed = bucket_rows(queryset, period, starts, per_bucket)
    events_of: dict[dt.date, list[dict]] = {start: [] for start in starts}
    for row, event in zip(listed, items(listed, "bucket"), strict=True):
        events_of[_as_date(row[-1])].append(event)
    return [
        {
            "period": period_name(period, start),
            "start": start.isoformat(),
            "end": period_end(period, start).isoformat(),
            "count": row["count"],
            "events": events_of[start],
        }
        for start, row in zip(starts, counts, strict=True)
    ]


def _as_date(value) -> dt.date:
    """Trunc returns a date on PostgreSQL and may return a datetime elsewhere."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def period_name(period: str, start: dt.date) -> str:
    """How a bucket is named: 2022-06-01, 2022-W22, 2022-06, 2022."""
    if period == "day":
        return start.isoformat()
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    return str(start.year)


def period_start(period: str, day: dt.date) -> dt.date:
    """The first day of the period that holds `day` (weeks start on Monday, as in ISO 8601)."""
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    return day


def period_end(period: str, start: dt.date) -> dt.date:
    """The last day of the period that begins on `start`."""
    if period == "day":
        return start
    if period == "week":
        return start + dt.timedelta(days=6)
    if period == "month":
        next_month = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return next_month - dt.timedelta(days=1)
    return start.replace(month=12, day=31)


# --- TimelineJS3 --------------------------------------------------------------------------


def timelinejs(event_rows, *, title: str, total: int, limit: int, group_by: str = "type") -> dict:
    """A TimelineJS3 document: `title` and `events`, and `meta` saying whether it was capped."""
    events = [
        timelinejs_event(row, group_by=group_by) for row in reads.as_dicts(event_rows, COLUMNS)
    ]
    shown = len(events)
    if shown < total:
        summary = f"The first {shown:,} of {total:,} events, in date order (limit {limit:,})."
    else:
        summary = f"{total:,} event{'s' if total != 1 else ''}."
    return {
        "title": {
            "text": {
                "headline": html.escape(title, quote=False),
                "text": html.escape(summary, quote=False),
            }
        },
        "events": events,
        "meta": {"total": total, "exported": shown, "limit": limit, "truncated": shown < total},
    }


def timelinejs_event(row: dict, *, group_by: str = "type") -> dict:
    """One slide. Dates carry year, month and day only as far as the EDTF text gives them."""
    info = dates.parse(row["date"])
    slide = {"unique_id": f"event-{row['id']}"}
    slide.update(timelinejs_dates(info))
    if needs_display_date(info):
        slide["display_date"] = info.label
    slide["text"] = {
        "headline": html.escape(row["title"], quote=False),
        "text": html.escape(row["summary"] or "", quote=False),
    }
    if group_by == "place":
        slide["group"] = row["place_name"] or NO_PLACE
    else:
        slide["group"] = row["type"]
    return slide


def timelinejs_dates(info: dates.DateInfo) -> dict:
    """start_date (always) and end_date (when a second end is known) as TimelineJS objects.

    A date known only by its upper bound ("before 3 August 2022") is placed at that bound, the
    one day the text gives; its display_date says "before". An open end is left out.
    """
    start, end = info.start, info.end
    if not start.known:
        return {"start_date": _timelinejs_date(end)}
    found = {"start_date": _timelinejs_date(start)}
    if end.known and (info.is_interval or start.season is not None):
        found["end_date"] = _timelinejs_date(end, last=True)
    return found


def _timelinejs_date(point: dates.Endpoint, *, last: bool = False) -> dict:
    if point.season is not None:
        first_day, last_day = dates.season_days(point.year, point.season)
        day = last_day if last else first_day
        return {"year": day.year, "month": day.month}
    found = {"year": point.year}
    if point.month is not None:
        found["month"] = point.month
    if point.day is not None:
        found["day"] = point.day
    return found


def needs_display_date(info: dates.DateInfo) -> bool:
    """True where TimelineJS's own date text would say more than we know."""
    seasonal = info.start.season is not None or info.end.season is not None
    return info.approximate or info.uncertain or info.precision == "open" or seasonal
