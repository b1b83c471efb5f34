"""GeoJSON export benchmark: time and peak memory of /api/v1/events.geojson against a raw
baseline, at two sizes, to show that memory does not grow with the export.

    DEBUG=1 .venv/bin/python bench/geojson.py                 # 10k and 100k events, SQLite
    DEBUG=1 .venv/bin/python bench/geojson.py 10000 100000    # sizes of your choice
    DATABASE_URL=postgres://... DEBUG=1 .venv/bin/python bench/geojson.py   # PostgreSQL (the
        database is emptied of events and places first: use a scratch database)

Each measurement runs in its own process, so each peak RSS (ru_maxrss) is that of one export
alone. The baseline reads the same rows with a raw DB-API cursor in chunks of 2000, with the same
two per-chunk queries (actors, citation counts), and serialises each row with orjson.dumps; it
has no Django views, no feature dicts, no formatting. Output is a Markdown table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["ALLOWED_HOSTS"] = "testserver"
CHUNK = 2000
PLACES = 500
ACTORS = 200


def _setup():
    import django

    django.setup()


def generate(count: int) -> None:
    """Fill the database with `count` events over PLACES places, 2 actors and 1-2 citations
    each; one in ten without a place."""
    _setup()
    from django.core.management import call_command
    from django.db import transaction

    from places.models import Place
    from timeline import dates
    from timeline.models import Actor, Citation, Event, EventActor, EventType, Source

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    with transaction.atomic():
        Event.objects.all().delete()
        Place.objects.filter(parent__isnull=False).update(parent=None)
        Place.objects.all().delete()
        places = Place.objects.bulk_create(
            Place(
                name=f"Place {i}",
                latitude=rng.uniform(44, 52),
                longitude=rng.uniform(22, 40),
                country_code="UA",
            )
            for i in range(PLACES)
        )
        actors = Actor.objects.bulk_create(
            Actor(name=f"Actor {i}", kind="person", is_pseudonym=i % 3 == 0) for i in range(ACTORS)
        )
        sources = Source.objects.bulk_create(
            Source(outlet="Bench", title=f"Source {i}") for i in range(20)
        )
        types = list(EventType.objects.values_list("slug", flat=True))
        parsed = {}  # the edtf parser is slow; a few hundred distinct dates repeat
        day0 = dt.date(2022, 2, 24)
        for start in range(0, count, 10_000):
            events = []
            for i in range(start, min(count, start + 10_000)):
                day = day0 + dt.timedelta(days=rng.randrange(300))
                date = day.isoformat() if i % 2 else day.strftime("%Y-%m")
                info = parsed.get(date) or parsed.setdefault(date, dates.parse(date))
                events.append(
                    Event(
                        title=f"Bench event {i}",
                        summary="A generated event for the GeoJSON benchmark.",
                        type_id=rng.choice(types),
                        date=info.edtf,
                        earliest=info.earliest,
                        latest=info.latest,
                        precision=info.precision,
                        precision_rank=dates.PRECISION_RANK[info.precision],
                        place=None if i % 10 == 0 else rng.choice(places),
                    )
                )
            events = Event.objects.bulk_create(events)
            EventActor.objects.bulk_create(
                EventActor(event=event, actor=actor, role="participant")
                for event in events
                for actor in rng.sample(actors, 2)
            )
            Citation.objects.bulk_create(
                Citation(event=event, source=source)
                for event in events
                for source in rng.sample(sources, 1 + (event.pk % 2))
            )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export() -> dict:
    _setup()
    from django.test import Client

    client = Client()
    client.get("/api/v1/events.geojson", {"type": "none-such-type"})  # warm imports
    before = _peak_mb()
    started = time.perf_counter()
    response = client.get("/api/v1/events.geojson")
    size = sum(len(part) for part in response.streaming_content)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": size, "rss_before": before, "rss_peak": _peak_mb()}


RAW_EVENTS = """
SELECT e.id, e.title, e.summary, e.type_id, e.date, e.earliest, e.latest, e.precision,
       e.place_id, p.name, p.precision, p.longitude, p.latitude, p.geometry, e.location_note,
       e.confidence, e.visibility
FROM timeline_event e LEFT JOIN places_place p ON p.id = e.place_id
WHERE e.visibility = 'public' AND (p.longitude IS NOT NULL OR p.geometry IS NOT NULL)
ORDER BY e.earliest, e.precision_rank, e.latest, e.id
"""


def raw() -> dict:
    _setup()
    import orjson
    from django.db import connection

    before = _peak_mb()
    started = time.perf_counter()
    size = 0
    with connection.cursor() as side, connection.chunked_cursor() as cursor:
        cursor.execute(RAW_EVENTS)
        while rows := cursor.fetchmany(CHUNK):
            marks = ",".join(["%s"] * len(rows))
            ids = [row[0] for row in rows]
            side.execute(
                "SELECT ea.event_id, a.name, a.is_pseudonym FROM timeline_eventactor ea "
                f"JOIN timeline_actor a ON a.id = ea.actor_id WHERE ea.event_id IN ({marks})",
                ids,
            )
            side.fetchall()
            side.execute(
                "SELECT event_id, COUNT(*) FROM timeline_citation "
                f"WHERE event_id IN ({marks}) GROUP BY event_id",
                ids,
            )
            side.fetchall()
            size += sum(len(orjson.dumps(row, default=str)) for row in rows)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": size, "rss_before": before, "rss_peak": _peak_mb()}


def _child(*args: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, *args],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(sizes: list[int]) -> None:
    scratch = None
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
    engine = os.environ["DATABASE_URL"].split(":")[0]
    print(
        f"| events ({engine}) | export s | raw s | ratio | MB out | peak RSS MB (export) | peak RSS MB (raw) |"
    )
    print("|---|---|---|---|---|---|---|")
    for count in sizes:
        subprocess.run([sys.executable, __file__, "--generate", str(count)], check=True)
        runs = [(_child("--export"), _child("--raw")) for _ in range(3)]
        exported = min((run[0] for run in runs), key=lambda r: r["seconds"])
        baseline = min((run[1] for run in runs), key=lambda r: r["seconds"])
        print(
            f"| {count:,} | {exported['seconds']:.2f} | {baseline['seconds']:.2f} "
            f"| {exported['seconds'] / baseline['seconds']:.2f} | {exported['bytes'] / 1e6:.1f} "
            f"| {exported['rss_peak']:.0f} (at start {exported['rss_before']:.0f}) "
            f"| {baseline['rss_peak']:.0f} |",
            flush=True,
        )
    if scratch is not None:
        scratch.cleanup()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--generate"]:
        generate(int(arguments[1]))
    elif arguments[:1] == ["--export"]:
        print(json.dumps(export()))
    elif arguments[:1] == ["--raw"]:
        print(json.dumps(raw()))
    else:
        main([int(a) for a in arguments] or [10_000, 100_000])
