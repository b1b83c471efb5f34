"""Measurements that run inside Django, against the database DATABASE_URL names.

Run by `bench/run.py` in child processes, one per database and size, so that each starts from a
fresh interpreter and a fresh peak RSS. Every figure is set against a baseline measured here, in
the same process, on the same rows: the real view against a raw cursor.
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from urllib.parse import urlencode

import orjson

WINDOW = ("2023-03-01", "2023-03-31")
BBOX = (36.0, 49.7, 36.6, 50.2)  # around Kharkiv
# Harder cases for the indexes, measured as bare queries only: a window near the end of the
# data (most rows start before it) and a bbox over the city with the most events.
LATE_WINDOW = ("2025-11-01", "2025-11-30")
BUSY_BBOX = (30.2, 50.3, 30.8, 50.6)  # Kyiv
# A bbox in the open Atlantic: the same view's page with nothing to find, through indexes that
# say so at once, is the fixed cost of a request (routing, middleware, authentication, parsing
# the filters, one trivial count, rendering). An empty date window would not do: on SQLite
# one of its two range conditions scans the whole index.
EMPTY_BBOX = (-30.0, -10.0, -29.0, -9.0)
PAGE_SIZE = 50
EXPORT_PATH = "/api/v1/events.geojson"
LIST_PATH = "/api/v1/events/"
TIMELINE_PATH = "/api/v1/timeline/"

# The rows and related data a map export carries, as the view's default (located events only):
# each event with its place, its actors' names and how many sources it cites.
RAW_EXPORT_SQL = """
SELECT e.id, e.title, e.summary, e.type_id, e.date, e.earliest, e.latest, e.precision,
       p.id, p.name, p.precision, p.longitude, p.latitude, p.geometry,
       e.location_note, e.confidence
FROM timeline_event e JOIN places_place p ON p.id = e.place_id
WHERE e.visibility = 'public' AND (p.longitude IS NOT NULL OR p.geometry IS NOT NULL)
ORDER BY e.earliest, e.precision_rank, e.latest, e.id
"""
RAW_ACTORS_SQL = """
SELECT ea.event_id, a.name FROM timeline_eventactor ea
JOIN timeline_actor a ON a.id = ea.actor_id
WHERE ea.event_id IN ({ids}) ORDER BY ea.event_id, ea.id
"""
RAW_SOURCES_SQL = """
SELECT event_id, COUNT(*) FROM timeline_citation WHERE event_id IN ({ids}) GROUP BY event_id
"""
RAW_CHUNK = 2000


def summary(seconds: list[float]) -> dict:
    """Median, min and max, in milliseconds."""
    ms = [value * 1000 for value in seconds]
    return {"median": statistics.median(ms), "min": min(ms), "max": max(ms), "runs": len(ms)}


def memory_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (VmHWM: peak RSS), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# --- calling the real views through WSGI -------------------------------------------------


class Wsgi:
    """Call the project's WSGI application in process, as a server would, streaming included."""

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()

    def get(self, path: str, query: dict | None = None, keep_body: bool = True):
        """Return (status code, body bytes or None, byte count), consuming a streamed body."""
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": urlencode(query or {}),
            "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        statuses = []
        body = self.handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
        size, chunks = 0, []
        try:
            for chunk in body:
                size += len(chunk)
                if keep_body:
                    chunks.append(chunk)
        finally:
            if hasattr(body, "close"):
                body.close()
        code = int(statuses[0].split()[0])
        return code, b"".join(chunks) if keep_body else None, size


def timed(function, repeat: int, warmup: int = 1) -> tuple[list[float], object]:
    """Run `function` warmup + repeat times; return the timed durations and the last result."""
    result = None
    for _ in range(warmup):
        result = function()
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - started)
    return durations, result


# --- export (one child process per mode, for an honest peak RSS) -------------------------


class CountingSink:
    """Where an export writes: counts bytes and keeps nothing, like a socket would."""

    def __init__(self):
        self.size = 0

    def write(self, data: bytes) -> None:
        self.size += len(data)


def raw_export(sink: CountingSink) -> int:
    """The baseline: the same rows and related data through a streaming raw cursor, two raw
    queries per chunk for actors and source counts, each feature dumped with orjson."""
    from django.db import connection, transaction

    rows = 0
    sink.write(b'{"type":"FeatureCollection","features":[')
    with transaction.atomic(), connection.chunked_cursor() as cursor, connection.cursor() as side:
        cursor.execute(RAW_EXPORT_SQL)
        while batch := cursor.fetchmany(RAW_CHUNK):
            # Placeholders, not literal ids: one statement text per chunk size, so SQLite's
            # statement cache does not keep 128 different 2,000-id statements alive.
            ids = [row[0] for row in batch]
            marks = ",".join(["%s"] * len(ids))
            actors = {}
            side.execute(RAW_ACTORS_SQL.format(ids=marks), ids)
            for event_id, name in side.fetchall():
                actors.setdefault(event_id, []).append(name)
            side.execute(RAW_SOURCES_SQL.format(ids=marks), ids)
            sources = dict(side.fetchall())
            parts = []
            for row in batch:
                geometry = row[13] or {"type": "Point", "coordinates": [row[11], row[12]]}
                if isinstance(geometry, str):  # SQLite hands JSON columns back as text
                    geometry = orjson.Fragment(geometry)
                parts.append(
                    orjson.dumps(
                        {
                            "type": "Feature",
                            "id": row[0],
                            "geometry": geometry,
                            "properties": {
                                "title": row[1],
                                "summary": row[2],
                                "type": row[3],
                                "date": row[4],
                                "earliest": row[5],
                                "latest": row[6],
                                "precision": row[7],
                                "place_id": row[8],
                                "place": row[9],
                                "place_precision": row[10],
                                "location_note": row[14],
                                "confidence": row[15],
                                "actors": ", ".join(actors.get(row[0], ())),
                                "sources": sources.get(row[0], 0),
                            },
                        }
                    )
                )
            sink.write((b"," if rows else b"") + b",".join(parts))
            rows += len(batch)
    sink.write(b"]}")
    return rows


def export_child(mode: str, repeat: int) -> dict:
    """Export `repeat` times in this fresh process; report times, bytes and peak RSS."""
    rss_before = memory_mb("VmRSS")
    if mode == "raw":

        def run():
            sink = CountingSink()
            raw_export(sink)
            return 200, sink.size

    else:
        wsgi = Wsgi()

        def run():
            code, _, size = wsgi.get(EXPORT_PATH, keep_body=False)
            return code, size

    code, size = run() if mode == "view" else (200, None)
    if code != 200:
        return {"available": False, "status": code}
    durations, (code, size) = timed(run, repeat, warmup=0)
    return {
        "available": True,
        "status": code,
        "bytes": size,
        "time": summary(durations),
        "rss_before_mb": rss_before,
        "peak_rss_mb": memory_mb("VmHWM"),
    }


# --- pages --------------------------------------------------------------------------------


def page_querysets():
    """The filtered first pages, built with the same QuerySet vocabulary the views use."""
    from timeline.models import Event

    public = Event.objects.visible_to(None)
    return {
        "window": public.overlapping(*WINDOW).chronological(),
        "bbox": public.in_bbox(BBOX).chronological(),
        "late window": public.overlapping(*LATE_WINDOW).chronological(),
        "busy bbox": public.in_bbox(BUSY_BBOX).chronological(),
        "empty bbox": public.in_bbox(EMPTY_BBOX).chronological(),
    }


def related_statements() -> dict[str, list[str]]:
    """What a page's items carry besides its rows, as the views fetch it: the list's actors,
    citations and figures, the timeline's actors and source counts, each one raw statement for
    the page's ids through project.sql.in_ids. Timed alone, they are the least any
    implementation of these answers must add to the bare queries. Empty in a build without
    them."""
    try:
        from timeline import representation, timeline

        return {
            LIST_PATH: [
                representation.ACTORS_SQL,
                representation.CITATIONS_SQL,
                representation.FIGURES_SQL,
            ],
            TIMELINE_PATH: [representation.ACTORS_SQL, timeline.SOURCE_COUNTS_SQL],
        }
    except (ImportError, AttributeError):
        return {LIST_PATH: [], TIMELINE_PATH: []}


def page_cases():
    """(name, path, query, filter) for each page measured."""
    window = {"from": WINDOW[0], "to": WINDOW[1], "page_size": PAGE_SIZE}
    bbox = {"bbox": ",".join(str(value) for value in BBOX), "page_size": PAGE_SIZE}
    return [
        ("list, date window", LIST_PATH, window, "window"),
        ("list, bbox", LIST_PATH, bbox, "bbox"),
        ("timeline, date window", TIMELINE_PATH, window, "window"),
        ("timeline, bbox", TIMELINE_PATH, bbox, "bbox"),
    ]


def run_sql(sql: str, params) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def explain(queryset) -> list[str]:
    """The plan of a query: EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    if connection.vendor == "postgresql":
        rows = run_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return [row[0] for row in rows]
    rows = run_sql("EXPLAIN QUERY PLAN " + sql, params)
    depth = {0: -1}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines


def page_ids(body: bytes) -> list | None:
    """The event ids of a page, wherever the payload keeps its list."""
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    if isinstance(payload, dict):
        payload = next(
            (value for key in ("results", "events", "items") if (value := payload.get(key))),
            payload.get("features"),
        )
    if not isinstance(payload, list):
        return None
    return [item.get("id") for item in payload if isinstance(item, dict)]


def view_queries(wsgi: Wsgi, path: str, query: dict) -> list[dict]:
    """The queries one call of a view runs: how many, and their SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        wsgi.get(path, query)
    return captured.captured_queries


def view_split(wsgi: Wsgi, path: str, query: dict, repeat: int) -> dict:
    """Where a view's time goes, from `repeat` further calls (not the timed ones, so the two
    parts need not add up to the view's median): each call's time in its statements' execute
    calls, timed in place through Django's execute wrapper, and the rest of the call. For
    these pages execute is nearly all of a statement's database work: psycopg's client-side
    cursor receives every row then, and SQLite runs the sort and steps to the first row. The
    rest is Python, with the fetching of the rows. Medians with min and max, in ms."""
    from django.db import connection

    in_database = []

    def timing(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_database[-1] += time.perf_counter() - started

    totals = []
    with connection.execute_wrapper(timing):
        for _ in range(repeat):
            in_database.append(0.0)
            started = time.perf_counter()
            wsgi.get(path, query)
            totals.append(time.perf_counter() - started)
    return {
        "sql": summary(in_database),
        "python": summary([total - sql for total, sql in zip(totals, in_database, strict=True)]),
    }


def measure_pages(repeat: int) -> dict:
    """Each filtered first page through its view, against the bare query it rests on."""
    from project.sql import in_ids

    wsgi = Wsgi()
    querysets = page_querysets()
    bare = {}
    for name, queryset in querysets.items():
        sql, params = queryset[:PAGE_SIZE].query.sql_with_params()
        durations, rows = timed(lambda sql=sql, params=params: run_sql(sql, params), repeat)
        count_sql, count_params = queryset.order_by().query.sql_with_params()
        count_sql = f"SELECT COUNT(*) FROM ({count_sql}) n"
        count_durations, count = timed(
            lambda s=count_sql, p=count_params: run_sql(s, p), max(1, repeat // 3)
        )
        # What a page's answer needs from the database: its rows and how many match in all.
        page_durations, _ = timed(
            lambda s=sql, p=params, c=count_sql, cp=count_params: (run_sql(s, p), run_sql(c, cp)),
            repeat,
        )
        ids = [row[0] for row in rows]
        related = {}
        for path, statements in related_statements().items():
            if not ids or not statements:
                related[path] = None
                continue
            related_durations, _ = timed(
                lambda statements=statements, ids=ids: [
                    in_ids(statement, ids) for statement in statements
                ],
                repeat,
            )
            related[path] = summary(related_durations)
        bare[name] = {
            "time": summary(durations),
            "ids": ids,
            "count": count[0][0],
            "count_time": summary(count_durations),
            "page_time": summary(page_durations),
            "related_time": related,
            "explain": explain(queryset[:PAGE_SIZE]),
        }
    floors = {}
    for path in (LIST_PATH, TIMELINE_PATH):
        empty = {"bbox": ",".join(str(value) for value in EMPTY_BBOX), "page_size": PAGE_SIZE}
        code, body, _ = wsgi.get(path, empty)
        durations, _ = timed(lambda path=path, empty=empty: wsgi.get(path, empty), repeat)
        floors[path] = {
            "status": code,
            "empty": code == 200 and json.loads(body).get("count") == 0,
            "time": summary(durations),
        }
    cases = []
    for label, path, query, filter_name in page_cases():
        case = {"case": label, "path": path, "query": query, "filter": filter_name}
        code, body, size = wsgi.get(path, query)
        if code != 200:
            case.update(available=False, status=code)
            cases.append(case)
            continue
        durations, _ = timed(lambda path=path, query=query: wsgi.get(path, query), repeat)
        queries = view_queries(wsgi, path, query)
        ids = page_ids(body)
        expected = bare[filter_name]["ids"]
        case.update(
            available=True,
            status=code,
            bytes=size,
            time=summary(durations),
            floor=floors[path]["time"] if floors[path]["empty"] else None,
            # The empty page's own query (its count; with no matches it reads no rows), raw:
            # the part of it that a page with matches replaces by its real rows and count.
            floor_bare=bare["empty bbox"]["count_time"] if floors[path]["empty"] else None,
            queries=len(queries),
            sql_ms=sum(float(query["time"]) for query in queries) * 1000,
            split=view_split(wsgi, path, query, repeat),
            filter_applied=None if ids is None else ids == expected[: len(ids)] and bool(ids),
        )
        cases.append(case)
    return {"bare": bare, "cases": cases}


# --- geocoder -----------------------------------------------------------------------------


def measure_geocoder(repeat: int) -> dict:
    """Lookups per second through places.geocoding.geocode, if this build has it."""
    try:
        from places.geocoding import geocode
    except ImportError as error:
        return {"available": False, "reason": f"places.geocoding not in this build ({error})"}
    from bench.synthetic import gazetteer_rows

    rows = gazetteer_rows()
    queries = [rows[index]["name"] for index in range(0, len(rows), max(1, len(rows) // 200))]
    geocode(queries[0])  # the first call may build the index; that is not a lookup
    found = errors = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for query in queries:
            try:
                found += bool(geocode(query))  # a list of candidates, or None
            except Exception:  # a lookup error is a figure here, not a crash
                errors += 1
    elapsed = time.perf_counter() - started
    lookups = repeat * len(queries)
    return {
        "available": True,
        "lookups": lookups,
        "found": found,
        "errors": errors,
        "per_second": lookups / elapsed,
    }


def measure(repeat: int) -> dict:
    """Everything but the export and the load test, in this process."""
    from django.db import connection

    from timeline.models import Event

    return {
        "vendor": connection.vendor,
        "server_version": server_version(),
        "events": Event.objects.count(),
        "pages": measure_pages(repeat),
        "geocoder": measure_geocoder(max(1, repeat // 3)),
    }


def server_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return run_sql("SHOW server_version", [])[0][0]
    return run_sql("SELECT sqlite_version()", [])[0][0]


def synthetic_count() -> int:
    from bench.synthetic import synthetic_events

    return synthetic_events().count()
