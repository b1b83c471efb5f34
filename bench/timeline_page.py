"""Benchmark: the first page of a timeline with a date window, through the whole API stack,
against the bare indexed query that any timeline page must run at least (same WHERE, ORDER BY
and LIMIT, raw SQL, no count, no actors, no JSON).

Uses whatever is in the database named by DATABASE_URL. With --events N it first tops the
database up to N events with bulk_create (each with one citation and one actor), so it runs on
an empty database too:

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/chronotope_bench \\
        .venv/bin/python bench/timeline_page.py --events 1000000 --write-results

Standalone on purpose, so that the bench suite (bench/run.py) can fold it in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from timeline import dates  # noqa: E402
from timeline.models import Actor, Citation, Event, EventActor, EventType, Source  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Timeline"
BATCH = 5000


def synthetic_dates(rng: random.Random, count: int) -> list[str]:
    """EDTF strings of every kind the timeline handles, spread over 2014–2024."""
    found = []
    for _ in range(count):
        day = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(11 * 365))
        kind = rng.random()
        if kind < 0.45:
            found.append(day.isoformat())
        elif kind < 0.75:
            found.append(f"{day.year}-{day.month:02d}")
        elif kind < 0.85:
            end = day + dt.timedelta(days=rng.randrange(1, 60))
            found.append(f"{day.isoformat()}/{end.isoformat()}")
        elif kind < 0.92:
            found.append(f"{day.year}-{day.month:02d}~")
        elif kind < 0.97:
            found.append(str(day.year))
        else:
            found.append(f"[..{day.isoformat()}]")
    return found


def top_up(target: int, seed: int = 1) -> None:
    """Add synthetic events until the database holds `target`."""
    have = Event.objects.count()
    if have >= target:
        return
    rng = random.Random(seed)
    event_type, _ = EventType.objects.get_or_create(
        slug="synthetic", defaults={"label": "synthetic"}
    )
    source, _ = Source.objects.get_or_create(outlet="Synthetic", title="Benchmark data")
    actor, _ = Actor.objects.get_or_create(name="Synthetic actor", kind=Actor.Kind.PERSON)
    # A pool of distinct dates, parsed once: parsing EDTF costs far more than inserting a row.
    pool = [dates.parse(text) for text in set(synthetic_dates(rng, 4000))]
    print(f"adding {target - have:,} synthetic events", file=sys.stderr)
    started = time.perf_counter()
    for offset in range(have, target, BATCH):
        size = min(BATCH, target - offset)
        events = []
        for info in rng.choices(pool, k=size):
            events.append(
                Event(
                    title=f"Synthetic event {offset + len(events) + 1}",
                    type=event_type,
                    date=info.edtf,
                    earliest=info.earliest,
                    latest=info.latest,
                    precision=info.precision,
                    precision_rank=dates.PRECISION_RANK[info.precision],
                    approximate=info.approximate,
                    uncertain=info.uncertain,
                    visibility="restricted" if rng.random() < 0.05 else "public",
                )
            )
        with transaction.atomic():
            created = Event.objects.bulk_create(events)
            Citation.objects.bulk_create(Citation(event=e, source=source) for e in created)
            EventActor.objects.bulk_create(
                EventActor(event=e, actor=actor, role="subject") for e in created
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def timed(function, repeat: int) -> list[float]:
    function()  # warm the caches once; the first call is not counted
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        found.append((time.perf_counter() - started) * 1000)
    return found


def bare_query(start: str, end: str, limit: int):
    table = Event._meta.db_table
    sql = (
        f"SELECT id, title, date, earliest, latest FROM {table} "
        "WHERE visibility = %s AND latest >= %s AND earliest <= %s "
        "ORDER BY earliest, precision_rank, latest, id LIMIT %s"
    )

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, ["public", start, end, limit])
            return cursor.fetchall()

    return run


def bare_count(start: str, end: str):
    table = Event._meta.db_table
    sql = f"SELECT COUNT(*) FROM {table} WHERE visibility = %s AND latest >= %s AND earliest <= %s"

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, ["public", start, end])
            return cursor.fetchone()

    return run


def api_page(client: Client, params: dict):
    def run():
        response = client.get("/api/v1/timeline/", params)
        assert response.status_code == 200, response.content[:500]
        return response

    return run


def summary(times: list[float]) -> str:
    return (
        f"median {statistics.median(times):.2f} ms, "
        f"min {min(times):.2f} ms, max {max(times):.2f} ms"
    )


def write_results(text: str) -> None:
    """Replace (or add) the ## Timeline section of bench/RESULTS.md, leaving others alone."""
    old = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    section = f"{SECTION}\n\n{text.strip()}\n\n"
    new = (
        pattern.sub(lambda _: section, old)
        if pattern.search(old)
        else old.rstrip() + "\n\n" + section
    )
    RESULTS.write_text(new.rstrip() + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=0, help="top the database up to N events")
    parser.add_argument("--from", dest="start", default="2020-06-01")
    parser.add_argument("--to", dest="end", default="2020-06-30")
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()

    if args.events:
        top_up(args.events)
    total = Event.objects.count()
    in_window = Event.objects.visible_to(None).overlapping(args.start, args.end).count()
    params = {"from": args.start, "to": args.end, "page_size": args.page_size}

    bare = timed(bare_query(args.start, args.end, args.page_size), args.repeat)
    counted = timed(bare_count(args.start, args.end), args.repeat)
    client = Client()
    page = timed(api_page(client, params), args.repeat)
    grouped = timed(api_page(client, {**params, "group": "month"}), args.repeat)
    ratio = statistics.median(page) / statistics.median(bare)
    grouped_ratio = statistics.median(grouped) / statistics.median(bare)

    lines = [
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {connection.vendor}, "
        f"{total:,} events ({in_window:,} public ones in the window {args.start} – {args.end}), "
        f"page_size {args.page_size}, {args.repeat} runs after one warm-up; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} shared cores.",
        "",
        "| what | median | min | max | ÷ bare |",
        "|---|---|---|---|---|",
    ]
    for name, times, factor in (
        ("bare indexed query (raw SQL, same WHERE/ORDER/LIMIT)", bare, 1.0),
        (
            "bare COUNT(*) over the window (raw SQL; every paginated page runs one)",
            counted,
            statistics.median(counted) / statistics.median(bare),
        ),
        ("`GET /api/v1/timeline/?from&to` first page", page, ratio),
        ("same with `group=month` (first page of buckets)", grouped, grouped_ratio),
    ):
        lines.append(
            f"| {name} | {statistics.median(times):.2f} ms | {min(times):.2f} ms "
            f"| {max(times):.2f} ms | {factor:.1f}× |"
        )
    lines += [
        "",
        "The API page adds the page count (COUNT over the window, most of its time), the "
        "source-count subquery, the actors of the page, labels and JSON; the bare query does "
        "none of these. Grouping counts every bucket and the spanning events in one more "
        "GROUP BY pass over the window.",
        "Command: `python bench/timeline_page.py "
        f"--from {args.start} --to {args.end} --page-size {args.page_size} --repeat {args.repeat}`.",
    ]
    text = "\n".join(lines)
    print(text)
    print(f"\nbare: {summary(bare)}\npage: {summary(page)}\ngrouped: {summary(grouped)}")
    if args.write_results:
        write_results(text)


if __name__ == "__main__":
    main()
