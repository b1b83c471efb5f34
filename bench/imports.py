"""Import speed: `manage.py import_events` on a CSV of new events, against a raw bulk_create of
the same rows (the events, their actors' links and their citations), in the same run, on
SQLite and PostgreSQL.

    .venv/bin/python -m bench.imports --rows 100000 --vendors sqlite,postgresql

Each vendor gets a fresh database (a SQLite file under bench/data/, or the PostgreSQL database
BENCH_IMPORT_PG names), migrated and holding the shipped dataset, whose places, actors and
sources the rows name as an export would: `place_id`, `actors` by name, `sources` by id. Both
writers run in a child process, each inside a transaction rolled back after it is timed, so
they start from the same database and neither pays for the commit. The import also validates
every row, writes every record's history and checks the write gate; the baseline does none
of that: the ratio is what those cost.

Figures go in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import child as child_process
from bench.run import child_env

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get(
    "BENCH_IMPORT_PG", "postgres://postgres@127.0.0.1:5432/chronotope_bench_imports"
)
RATE_TARGET = 5000  # events per second
RATIO_TARGET = 3.0  # import time over the raw insert's
HEADER = ["id", "title", "summary", "type", "date", "place_id", "confidence", "actors", "sources"]
DATES = ["2022-03", "2022-06-14", "2022-08~", "2022-10-02/2022-10-09", "2023", "2023-01-20"]


def rows_for(count: int, places: list[int], actors: list[str], sources: list[int]) -> list[list]:
    """New events (no id) at the dataset's places, naming its actors and sources."""
    rng = random.Random(18)
    rows = []
    for number in range(count):
        named = rng.sample(actors, rng.choice((0, 1, 2)))
        cited = rng.sample(sources, rng.choice((1, 2)))
        rows.append(
            [
                "",
                f"Imported event {number}",
                "A synthetic event for the import benchmark.",
                rng.choice(("detention", "battle", "refusal", "statement")),
                rng.choice(DATES),
                rng.choice(places),
                "single_source",
                "; ".join(named),
                "; ".join(map(str, cited)),
            ]
        )
    return rows


def child(rows: int) -> dict:
    """In a fresh process on the database DATABASE_URL names: migrate, load, time both."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from places.models import Place
    from timeline.models import Actor, Citation, Event, EventActor, Source

    call_command("migrate", verbosity=0)
    call_command("load_dataset", verbosity=0)
    actor_names = dict(Actor.objects.values_list("name", "pk"))
    data = rows_for(
        rows,
        list(Place.objects.values_list("pk", flat=True)),
        sorted(actor_names),
        list(Source.objects.values_list("pk", flat=True)),
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.csv"
        with path.open("w", newline="") as stream:
            csv.writer(stream).writerows([HEADER, *data])

        def import_command():
            call_command("import_events", str(path), verbosity=0)

        def raw_insert():
            events = []
            for row in data:
                event = Event(
                    title=row[1],
                    summary=row[2],
                    type_id=row[3],
                    date=row[4],
                    place_id=row[5],
                    confidence=row[6],
                )
                event.set_dates()
                events.append(event)
            Event.objects.bulk_create(events, batch_size=2000)
            EventActor.objects.bulk_create(
                (
                    EventActor(event=event, actor_id=actor_names[name], role="unspecified")
                    for event, row in zip(events, data, strict=True)
                    for name in row[7].split("; ")
                    if name
                ),
                batch_size=2000,
            )
            Citation.objects.bulk_create(
                (
                    Citation(event=event, source_id=int(source))
                    for event, row in zip(events, data, strict=True)
                    for source in row[8].split("; ")
                ),
                batch_size=2000,
            )

        seconds = {}
        for name, write in (("raw", raw_insert), ("import", import_command)):
            before = Event.objects.count()
            with transaction.atomic():
                start = time.perf_counter()
                write()
                seconds[name] = time.perf_counter() - start
                assert Event.objects.count() == before + rows, name
                transaction.set_rollback(True)
    return {
        "vendor": connection.vendor,
        "rows": rows,
        "import_seconds": seconds["import"],
        "raw_seconds": seconds["raw"],
        "load_average": os.getloadavg()[0],
    }


def fresh_database(vendor: str, rows: int) -> str:
    if vendor == "sqlite":
        path = ROOT / "bench" / "data" / f"import_{rows}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{path.name}*"):
            stale.unlink()
        return f"sqlite:///{path}"
    server, _, name = PG_URL.rpartition("/")
    for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", f"{server}/postgres", "-qc", statement], check=True)
    return PG_URL


def measure(vendor: str, rows: int) -> dict:
    # As bench/run.py measures: production-like, DEBUG off. With DEBUG on, Django keeps every
    # query's SQL, on SQLite quoting each parameter with a query of its own, which costs the
    # writer of more rows more (the import writes history too).
    return child_process(child_env(fresh_database(vendor, rows)), str(rows), module="bench.imports")


def line(result: dict) -> str:
    rate = result["rows"] / result["import_seconds"]
    ratio = result["import_seconds"] / result["raw_seconds"]
    return (
        f"{result['vendor']}, {result['rows']:,} rows: import {result['import_seconds']:.1f} s "
        f"({rate:,.0f} events/s, target >= {RATE_TARGET:,}); raw bulk_create "
        f"{result['raw_seconds']:.1f} s ({result['rows'] / result['raw_seconds']:,.0f}/s); "
        f"ratio {ratio:.1f}x (target <= {RATIO_TARGET}x); load average "
        f"{result['load_average']:.1f}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--vendors", default="sqlite,postgresql")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    for vendor in args.vendors.split(","):
        print(line(measure(vendor.strip(), args.rows)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
