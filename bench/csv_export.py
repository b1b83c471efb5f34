"""CSV export speed: `/api/v1/events.csv` through Django's test client, against the same rows
written by hand with the csv module from a raw cursor, in fresh processes, on a database the
bench already made (bench/run.py; it is only read).

    .venv/bin/python -m bench.csv_export --database sqlite:////tmp/benchdata/sqlite-100k.sqlite3

The baseline fetches the public, published events with their places in the view's order from a
streaming cursor, their actors and citations with one query each per chunk, computes the derived
columns with the same pure functions the view uses (the date's label, ACLED's codes), writes
what a spreadsheet would run as a formula with a leading apostrophe, and hands each chunk to
csv.writer. Both must write the same bytes, which the bench checks. Each is timed by the wall
clock and by its process's CPU time, which a shared machine's load disturbs less (on SQLite it
includes the database's work; PostgreSQL's server is another process). Figures go in
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import os
import resource
import sys
import time

from bench.run import child as child_process
from bench.run import child_env

RATIO_TARGET = 1.5
PATH = "/api/v1/events.csv"
CHUNK = 2000
EVENTS_SQL = """
SELECT e.id, e.title, e.summary, e.type_id, e.date, e.earliest, e.latest, e.precision,
       e.approximate, e.uncertain, e.date_as_reported, p.id, p.name, p.latitude, p.longitude,
       p.precision, e.location_note, p.admin1, p.country_code, e.confidence, e.updated_at
FROM timeline_event e LEFT JOIN places_place p ON p.id = e.place_id
WHERE e.visibility = 'public' AND e.status = 'published'
ORDER BY e.earliest, e.precision_rank, e.latest, e.id"""
ACTORS_SQL = """
SELECT ea.event_id, a.name, a.is_pseudonym
FROM timeline_eventactor ea JOIN timeline_actor a ON a.id = ea.actor_id
WHERE ea.event_id IN ({ids}) ORDER BY ea.event_id, ea.id"""
CITATIONS_SQL = """
SELECT c.event_id, c.source_id, s.outlet
FROM timeline_citation c JOIN timeline_source s ON s.id = c.source_id
WHERE c.event_id IN ({ids}) ORDER BY c.event_id, c.id"""
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str | None) -> str | None:
    """OWASP's apostrophe before text a spreadsheet would run as a formula."""
    if text and (text[0] in TRIGGERS or (text[0] == "'" and text.lstrip("'")[:1] in TRIGGERS)):
        return "'" + text
    return text


def export_view(write) -> None:
    from django.test import Client

    response = Client().get(PATH)
    if response.status_code != 200:
        raise RuntimeError(f"{PATH} answered {response.status_code}")
    for chunk in response.streaming_content:
        write(chunk)


def export_raw(write) -> None:
    from django.db import connection, transaction

    from timeline import dates
    from timeline.exports import acled, table

    url = "http://testserver/api/v1/events/{}/"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.COLUMNS)
    with transaction.atomic(), connection.chunked_cursor() as cursor, connection.cursor() as side:
        cursor.execute(EVENTS_SQL)
        while batch := cursor.fetchmany(CHUNK):
            ids = [row[0] for row in batch]
            marks = ",".join(["%s"] * len(ids))
            actors, outlets, sources = {}, {}, {}
            side.execute(ACTORS_SQL.format(ids=marks), ids)
            for event_id, name, pseudonym in side.fetchall():
                actors.setdefault(event_id, []).append(f"{name} (pseudonym)" if pseudonym else name)
            side.execute(CITATIONS_SQL.format(ids=marks), ids)
            for event_id, source_id, outlet in side.fetchall():
                sources.setdefault(event_id, []).append(str(source_id))
                outlets.setdefault(event_id, []).append(outlet)
            rows = []
            for row in batch:
                (event_id, title, summary, kind, date, earliest, latest, precision) = row[:8]
                (approximate, uncertain, as_reported, place_id, place_name) = row[8:13]
                (latitude, longitude, place_precision, location_note, admin1) = row[13:18]
                (country_code, confidence, updated_at) = row[18:]
                earliest, latest = str(earliest), str(latest)
                first, last = dt.date.fromisoformat(earliest), dt.date.fromisoformat(latest)
                if isinstance(updated_at, str):
                    updated_at = dt.datetime.fromisoformat(updated_at)
                if updated_at.tzinfo is None:
                    updated_at = updated_at.replace(tzinfo=dt.UTC)
                updated_at = updated_at.astimezone(dt.UTC)
                named = list(dict.fromkeys(actors.get(event_id, ())))
                cited = sources.get(event_id, ())
                tags = ["date approximate"] if approximate else []
                tags += ["date uncertain"] if uncertain else []
                tags += ["pseudonyms"] if any(n.endswith(" (pseudonym)") for n in named) else []
                iso, country = acled.country(country_code)
                title, summary, place_name = safe(title), safe(summary), safe(place_name)
                rows.append([
                    event_id, title, summary, kind, safe(date), earliest, latest, precision,
                    safe(dates.stored_label(date, first, last)), safe(as_reported), place_id,
                    place_name, latitude, longitude, place_precision, safe(location_note),
                    safe(admin1), country_code, safe("; ".join(named)), "; ".join(cited),
                    len(cited), confidence, url.format(event_id),
                    updated_at.isoformat().replace("+00:00", "Z"),
                    acled.event_date(date, first, last).isoformat(),
                    acled.time_precision(precision, bool(approximate)),
                    acled.geo_precision(place_precision), iso, country, place_name,
                    safe("; ".join(dict.fromkeys(outlets.get(event_id, ())))), summary,
                    "; ".join(tags), int(updated_at.timestamp()),
                ])  # fmt: skip
            writer.writerows(rows)
            write(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
    write(buffer.getvalue().encode())


def child(mode: str, repeat: int) -> dict:
    import django

    django.setup()
    export = export_view if mode == "view" else export_raw
    written = [b"", 0]

    def run():
        digest = hashlib.sha256()
        written[1] = 0

        def write(data: bytes) -> None:
            digest.update(data)
            written[1] += len(data)

        export(write)
        written[0] = digest.hexdigest()

    run()
    seconds, cpu_seconds = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        seconds.append(time.perf_counter() - wall)
        cpu_seconds.append(time.process_time() - cpu)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB
    return {
        "sha256": written[0],
        "bytes": written[1],
        "seconds": seconds,
        "cpu": cpu_seconds,
        "peak_rss_mb": peak_mb,
    }


def measure(database: str, rounds: int) -> dict:
    """Each writer in a fresh process, in turns (raw, view, raw, view, ...) so that a change in
    the machine's load falls on both; each process times one run after an untimed one."""
    env = child_env(database)
    results = {mode: {"seconds": [], "cpu": [], "peak_rss_mb": 0.0} for mode in ("raw", "view")}
    for _ in range(rounds):
        for mode in ("raw", "view"):
            result = child_process(env, mode, "1", module="bench.csv_export")
            results[mode].update(sha256=result["sha256"], bytes=result["bytes"])
            results[mode]["seconds"] += result["seconds"]
            results[mode]["cpu"] += result["cpu"]
            results[mode]["peak_rss_mb"] = max(results[mode]["peak_rss_mb"], result["peak_rss_mb"])
    if results["raw"]["sha256"] != results["view"]["sha256"]:
        raise SystemExit("The baseline and the view wrote different files.")
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="DATABASE_URL of a database bench/run.py made")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return 0
    results = measure(args.database, args.rounds)
    raw, view = min(results["raw"]["seconds"]), min(results["view"]["seconds"])
    raw_cpu, view_cpu = min(results["raw"]["cpu"]), min(results["view"]["cpu"])
    runs = {mode: ", ".join(f"{s:.2f}" for s in results[mode]["seconds"]) for mode in results}
    print(
        f"{results['view']['bytes']:,} bytes, the same from both; wall: raw {raw:.2f} s "
        f"({runs['raw']}), view {view:.2f} s ({runs['view']}), view/raw {view / raw:.2f}x; "
        f"CPU of the process: raw {raw_cpu:.2f} s, view {view_cpu:.2f} s, view/raw "
        f"{view_cpu / raw_cpu:.2f}x (target <= {RATIO_TARGET}x); peak RSS: raw "
        f"{results['raw']['peak_rss_mb']:.0f} MB, view {results['view']['peak_rss_mb']:.0f} MB; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
