"""Chronotope's bench: page latency under load, the GeoJSON export against a raw cursor, EXPLAIN,
and (`--explorer`) the explorer page in headless Chromium.

`make bench` measures every database in DEFAULT_TARGETS, filling each once with
bench/synthetic.py (a rerun reuses it); `make bench-smoke` does the same on a 200-event SQLite
database in well under a minute. The bench reaches the app only through HTTP (a gunicorn it
starts on 127.0.0.1, or Django's test client in a child process), the models (to generate data)
and its own raw SQL, never through the app's internal modules, so it keeps measuring whatever
they become. Figures go to a JSON file and a Markdown table on stdout; they are read in
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import timeit
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import orjson

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_PREFIX = os.environ.get("BENCH_PG_PREFIX", "chronotope_bench_")
DEFAULT_TARGETS = "sqlite:10k,sqlite:100k,postgresql:10k,postgresql:100k,postgresql:1m"
SMOKE_TARGETS = "sqlite:200"
CLIENTS = 4
GENERATED_AT_MOST = 100_000  # larger databases are copies of this many (bench/synthetic.py)
P95_TARGET_MS = {100_000: 50, 1_000_000: 100}
EXPORT_RATIO_TARGET = 1.5
RSS_GROWTH_TARGET_MB = 50

EXPORT_PATH = "/api/v1/events.geojson"
FILTERS = {  # representative filtered first pages: a month, a city (Kharkiv), a type
    "date window": "from=2023-03-01&to=2023-03-31",
    "bbox": "bbox=36.0,49.7,36.6,50.2",
    "type": "type=detention",
}
PAGES = {
    f"{name}, {label}": f"{path}?{query}&page_size=50"
    for name, path in (("list", "/api/v1/events/"), ("timeline", "/api/v1/timeline/"))
    for label, query in FILTERS.items()
}

# The baseline for the export: the rows, places, actors and sources the view's features
# carry, fetched by hand (a streaming cursor, two queries per chunk) and dumped with orjson.
LOCATED = "(p.longitude IS NOT NULL OR p.geometry IS NOT NULL)"
RAW_EXTENT_SQL = f"""
SELECT MIN(p.longitude), MIN(p.latitude), MAX(p.longitude), MAX(p.latitude),
       SUM(CASE WHEN {LOCATED} THEN 0 ELSE 1 END)
FROM timeline_event e LEFT JOIN places_place p ON p.id = e.place_id
WHERE e.visibility = 'public'"""
RAW_EXPORT_SQL = f"""
SELECT e.id, e.title, e.summary, e.type_id, e.date, e.earliest, e.latest, e.precision,
       p.id, p.name, p.precision, p.longitude, p.latitude, p.geometry, e.location_note,
       e.confidence
FROM timeline_event e JOIN places_place p ON p.id = e.place_id
WHERE e.visibility = 'public' AND {LOCATED}
ORDER BY e.earliest, e.precision_rank, e.latest, e.id"""
RAW_ACTORS_SQL = """
SELECT ea.event_id, a.name, a.is_pseudonym
FROM timeline_eventactor ea JOIN timeline_actor a ON a.id = ea.actor_id
WHERE ea.event_id IN ({ids}) ORDER BY ea.event_id, ea.id"""
RAW_SOURCES_SQL = """
SELECT event_id, source_id FROM timeline_citation WHERE event_id IN ({ids})
ORDER BY event_id, id"""
RAW_CHUNK = 2000


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- inside a child process (Django set up) ---------------------------------------------------


def export_view(write) -> None:
    """The real export through Django's test client, its stream handed to `write`."""
    from django.test import Client

    response = Client().get(EXPORT_PATH)
    if response.status_code != 200:
        raise RuntimeError(f"{EXPORT_PATH} answered {response.status_code}")
    for chunk in response.streaming_content if response.streaming else [response.content]:
        write(chunk)


@functools.cache
def date_label(date: str) -> str:
    """How a person says a date, from the model; once per distinct date, as the view does."""
    from timeline.models import Event

    return Event(date=date).label


def export_raw(write) -> None:
    """The same features built by hand from a raw cursor, each chunk dumped with orjson."""
    from django.db import connection, transaction

    url = "http://testserver/api/v1/events/{}/"
    with transaction.atomic(), connection.chunked_cursor() as cursor, connection.cursor() as side:
        side.execute(RAW_EXTENT_SQL)
        *extent, _unlocated = side.fetchone()
        write(b'{"type":"FeatureCollection","bbox":' + orjson.dumps(extent) + b',"features":[')
        cursor.execute(RAW_EXPORT_SQL)
        first = True
        while batch := cursor.fetchmany(RAW_CHUNK):
            ids = [row[0] for row in batch]
            marks = ",".join(["%s"] * len(ids))
            actors = {}
            side.execute(RAW_ACTORS_SQL.format(ids=marks), ids)
            for event_id, name, pseudonym in side.fetchall():
                actors.setdefault(event_id, []).append(f"{name} (pseudonym)" if pseudonym else name)
            side.execute(RAW_SOURCES_SQL.format(ids=marks), ids)
            sources = {}
            for event_id, source_id in side.fetchall():
                sources.setdefault(event_id, []).append(str(source_id))
            features = []
            for row in batch:
                geometry = row[13] or {"type": "Point", "coordinates": [row[11], row[12]]}
                if isinstance(geometry, str):  # SQLite hands JSON columns back as text
                    geometry = orjson.Fragment(geometry)
                properties = {
                    "id": row[0],
                    "title": row[1],
                    "summary": row[2],
                    "type": row[3],
                    "date": row[4],
                    "earliest": row[5],
                    "latest": row[6],
                    "start": f"{row[5]}T00:00:00Z",
                    "end": f"{row[6]}T23:59:59Z",
                    "label": date_label(row[4]),
                    "precision": row[7],
                    "place_id": row[8],
                    "place_name": row[9],
                    "place_precision": row[10],
                    "location_note": row[14],
                    "confidence": row[15],
                    "actors": "; ".join(actors.get(row[0], ())),
                    "sources": "; ".join(sources.get(row[0], ())),
                    "source_count": len(sources.get(row[0], ())),
                    "url": url.format(row[0]),
                }
                feature = {"type": "Feature", "id": row[0], "geometry": geometry}
                features.append({**feature, "properties": properties})
            write(orjson.dumps(features)[1:-1] if first else b"," + orjson.dumps(features)[1:-1])
            first = False
    write(b"]}")


def export_child(mode: str, repeat: int) -> dict:
    """Export `repeat` times (after one untimed run) in this fresh process; peak RSS included."""
    export = export_view if mode == "view" else export_raw
    written = [0]

    def run():
        written[0] = 0
        export(lambda data: written.__setitem__(0, written[0] + len(data)))

    run()
    seconds = timeit.repeat(run, number=1, repeat=repeat)
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return {"bytes": written[0], "seconds": seconds, "peak_rss_mb": peak_kb / 1024}


def explain(sql: str) -> list[str]:
    """The plan of one captured statement (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: ANALYZE)."""
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN ") + sql)
        return [row[0] if postgres else row[-1] for row in cursor.fetchall()]


def explain_pages() -> dict:
    """Each filtered page once through the test client: its status, matches, queries, and the
    plan of its slowest statement (second call: the first warms the caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, pages = Client(), {}
    for label, path in PAGES.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
        pages[label] = {
            "status": response.status_code,
            "matches": response.json().get("count") if response.status_code == 200 else None,
            "queries": len(captured.captured_queries),
            "slowest_ms": float(slowest["time"]) * 1000,
            "slowest_sql": slowest["sql"],
            "plan": explain(slowest["sql"]),
        }
    return pages


def run_child(argv: list[str]) -> None:
    task, *rest = argv
    import django

    django.setup()
    if task == "explain":
        result = explain_pages()
    else:
        result = export_child(task.removeprefix("export-"), int(rest[0]))
    print(json.dumps(result, default=str))


# --- the load test ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, timeout: float = 60) -> int:
    """One GET to 127.0.0.1, body read in full; return the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class Gunicorn:
    """The project served by gunicorn on 127.0.0.1, stopped by its own pid when the block ends.

    Workers: gunicorn's documented starting point, (2 × cores) + 1."""

    def __init__(self, env: dict, workers: int | None = None):
        self.env, self.port = env, free_port()
        self.workers = workers or 2 * (os.cpu_count() or 1) + 1

    def __enter__(self):
        command = [Path(sys.executable).with_name("gunicorn"), "project.wsgi:application"]
        command += [f"--workers={self.workers}", f"--bind=127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(command + ["--log-level=warning"], cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                get(self.port, "/api/v1/", timeout=5)
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn exited before serving") from None
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def hammer(port: int, path: str, *, seconds: float, requests: int, clients: int = CLIENTS):
    """GETs from `clients` threads, each waiting for its answer before the next, until
    `seconds` or `requests` run out. Returns the latencies (s), errors and the elapsed time."""
    latencies, errors, lock = [], [], threading.Lock()
    budget, deadline = [requests], time.monotonic() + seconds

    def client():
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            started = time.perf_counter()
            try:
                status = get(port, path)
            except OSError as error:
                status = repr(error)
            with lock:
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    errors.append(status)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def load(env: dict, seconds: float, requests: int, workers: int | None = None) -> dict:
    """Each filtered page under CLIENTS concurrent clients, in turn, after a warm-up in which
    every worker opens its connection and fills its caches, as a running server has. The load
    average says what else the machine was running."""
    rows = {}
    with Gunicorn(env, workers) as server:
        for label, path in PAGES.items():
            hammer(server.port, path, seconds=seconds, requests=5 * server.workers)
            latencies, errors, elapsed = hammer(
                server.port, path, seconds=seconds, requests=requests
            )
            ms = sorted(1000 * latency for latency in latencies)
            cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
            rows[label] = {
                "requests": len(ms),
                "per_second": len(ms) / elapsed,
                "p50_ms": statistics.median(ms),
                "p95_ms": cuts[94],
                "max_ms": ms[-1],
                "errors": len(errors),
                "first_error": errors[0] if errors else None,
                "load_average": os.getloadavg()[0],
            }
    return {"workers": server.workers, "clients": CLIENTS, "pages": rows}


# --- the explorer in a browser ------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
# As the browser tests start it: without the background-networking flags Chromium dials out.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXPLORER_READY = '#explorer[data-ready="true"]'
# Where a brush starts and ends, as fractions of the histogram's width: a few months, a year.
BRUSHES = [(0.30, 0.36), (0.50, 0.75), (0.10, 0.20), (0.60, 0.64), (0.20, 0.50)]
RESOURCES_JS = """performance.getEntriesByType('resource').map(e => ({
    path: e.name.replace(location.origin, ''), start: e.startTime, end: e.responseEnd,
    wait: e.responseStart - e.requestStart, bytes: e.encodedBodySize}))"""


def explorer(env: dict, loads: int, static_root: Path) -> dict:
    """Time to data-ready (the navigation's start to the first whole page, as the page reports
    it) and each request of the page; then brushes of the histogram: release to the map
    redrawn, and to data-ready (the list too). The baseline, in the same run: the page's API
    requests alone, one after another, without a browser. Static files as in production
    (collectstatic, WhiteNoise); the browser's cache is cleared before each load."""
    from playwright.sync_api import sync_playwright

    env = {**env, "STATIC_ROOT": str(static_root)}
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    result = {"loads": [], "brushes": [], "outside": [], "errors": []}
    with Gunicorn(env) as server, sync_playwright() as playwright:
        origin = f"http://127.0.0.1:{server.port}"
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            page = context.new_page()

            def route(request_route):
                if request_route.request.url.startswith(origin + "/"):
                    request_route.continue_()
                else:
                    result["outside"].append(request_route.request.url)
                    request_route.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda error: result["errors"].append(str(error)))
            session = context.new_cdp_session(page)
            for number in range(loads + 1):  # the first one warms the server up, untimed
                session.send("Network.clearBrowserCache")
                page.goto(f"{origin}/explore/")
                page.wait_for_selector(EXPLORER_READY, timeout=300_000)
                if number:
                    root = page.locator("#explorer")
                    result["loads"].append(
                        {
                            "ready_ms": float(root.get_attribute("data-ready-ms")),
                            "requests": page.evaluate(RESOURCES_JS),
                            "load_average": os.getloadavg()[0],
                        }
                    )
            page.wait_for_selector('#explorer[data-months-ready="true"]', timeout=300_000)
            months_ms = float(page.locator("#explorer").get_attribute("data-months-ms"))
            result["months_ms"] = months_ms
            box = page.locator("#histogram svg").bounding_box()
            for start, end in BRUSHES:
                y = box["y"] + 50
                page.mouse.move(box["x"] + start * box["width"], y)
                page.mouse.down()
                page.mouse.move(box["x"] + end * box["width"], y, steps=4)
                page.mouse.up()
                page.wait_for_selector(EXPLORER_READY, timeout=300_000)
                root = page.locator("#explorer")
                result["brushes"].append(
                    {
                        "window": page.evaluate("location.search"),
                        "map_ms": float(root.get_attribute("data-brush-map-ms")),
                        "draw_ms": float(root.get_attribute("data-map-draw-ms")),
                        "count_ms": float(root.get_attribute("data-count-ms")),
                        "ready_ms": float(root.get_attribute("data-brush-ready-ms")),
                        "in_view": int(root.get_attribute("data-events-in-view")),
                        "load_average": os.getloadavg()[0],
                    }
                )
        finally:
            browser.close()
        api_paths = [r["path"] for r in result["loads"][-1]["requests"] if "/api/" in r["path"]]
        alone = {}
        for path in api_paths:
            started = time.perf_counter()
            get(server.port, path)
            alone[path] = 1000 * (time.perf_counter() - started)
        result["requests_alone_ms"] = alone
    return result


# --- the orchestrator -----------------------------------------------------------------------


def parse_targets(text: str) -> list[tuple[str, int]]:
    """'sqlite:100k,postgresql:1m' -> [('sqlite', 100000), ('postgresql', 1000000)]."""
    units = {"k": 1_000, "m": 1_000_000}
    targets = []
    for item in text.split(","):
        vendor, size = item.strip().split(":")
        number = int(size.rstrip("km")) * units.get(size[-1], 1)
        targets.append((vendor, number))
    return targets


def label(size: int) -> str:
    for unit, factor in (("m", 1_000_000), ("k", 1_000)):
        if size >= factor and size % factor == 0:
            return f"{size // factor}{unit}"
    return str(size)


def database_url(vendor: str, size: int, data_dir: Path) -> str:
    if vendor == "sqlite":
        return f"sqlite:///{data_dir / f'sqlite-{label(size)}.sqlite3'}"
    return f"{PG_SERVER}/{PG_PREFIX}{label(size)}"


def child_env(url: str) -> dict:
    """Production-like: DEBUG off (no query log), no HTTPS redirect on loopback, no throttle
    (its 429s would be errors here), persistent connections as a deployment would use."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "CONN_MAX_AGE": "60",
        "SECURE_SSL_REDIRECT": "0",
        "THROTTLE_ANON": "",
        "THROTTLE_USER": "",
        "LOG_LEVEL": "ERROR",
        "PYTHONWARNINGS": "ignore:No directory at",
        "PYTHONPATH": str(ROOT),
    }


def child(env: dict, *argv: str, timeout: float = 1800, module: str = "bench.run") -> dict:
    """Run `module --child argv` in a fresh process with `env`; return the JSON it prints last."""
    command = [sys.executable, "-m", module, "--child", *argv]
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, timeout=timeout)
    done.check_returncode()
    return json.loads(done.stdout.splitlines()[-1])


def ensure_database(vendor: str, url: str) -> None:
    if vendor != "postgresql":
        return
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def bench_target(vendor: str, size: int, args) -> dict:
    url = database_url(vendor, size, args.data_dir)
    env = child_env(url)
    ensure_database(vendor, url)
    say(f"{vendor} {label(size)}: data")
    started = time.perf_counter()
    generator = [sys.executable, str(ROOT / "bench" / "synthetic.py"), f"--events={size}"]
    generator += [f"--generate={GENERATED_AT_MOST}"] if size > GENERATED_AT_MOST else []
    subprocess.run(generator, cwd=ROOT, env=env, check=True, stdout=sys.stderr, timeout=3600)
    result = {"vendor": vendor, "size": size, "data_seconds": time.perf_counter() - started}
    say(f"{vendor} {label(size)}: EXPLAIN")
    result["explain"] = child(env, "explain")
    if not args.no_export:
        repeat = 2 if size >= 1_000_000 else args.export_repeat
        for mode in ("raw", "view"):
            say(f"{vendor} {label(size)}: export, {mode}")
            result[f"export_{mode}"] = child(env, f"export-{mode}", str(repeat))
    if not args.no_load:
        say(f"{vendor} {label(size)}: load")
        result["load"] = load(env, args.load_seconds, args.load_requests, args.workers)
    if args.explorer:
        say(f"{vendor} {label(size)}: explorer")
        result["explorer"] = explorer(env, args.explorer_loads, args.data_dir / "static")
    return result


def machine() -> dict:
    with open("/proc/cpuinfo") as cpuinfo:
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True)
    commit = commit.stdout.decode().strip() or os.environ.get("BENCH_COMMIT", "")  # a snapshot
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": os.getloadavg()[0],
        "commit": commit,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
    }


def table(run: dict) -> str:
    """The run as Markdown rows: pages under load, then the export."""
    lines = ["| database | events | page | matches | requests | req/s | p50 ms | p95 ms | errors "]
    lines[0] += "| load avg | target p95 |"
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for result in run["results"]:
        target = P95_TARGET_MS.get(result["size"])
        for page, row in result.get("load", {}).get("pages", {}).items():
            verdict = "NOT met" if target and row["p95_ms"] >= target else "met"
            verdict = f"< {target} ms: {verdict}" if target else "-"
            matches = result["explain"][page]["matches"]
            matches = f"{matches:,}" if isinstance(matches, int) else matches
            lines.append(
                f"| {result['vendor']} | {label(result['size'])} | {page} | {matches} "
                f"| {row['requests']} | {row['per_second']:.1f} | {row['p50_ms']:.0f} "
                f"| {row['p95_ms']:.0f} | {row['errors']} | {row['load_average']:.1f} | {verdict} |"
            )
    # The fastest of the runs: on a shared machine the others add only noise (timeit's advice).
    lines += ["", "| database | events | raw s | view s | view/raw | raw MB | view MB |"]
    lines.append("|---|---|---|---|---|---|---|")
    for result in run["results"]:
        raw, view = result.get("export_raw"), result.get("export_view")
        if raw and view:
            raw_s, view_s = min(raw["seconds"]), min(view["seconds"])
            lines.append(
                f"| {result['vendor']} | {label(result['size'])} | {raw_s:.2f} | {view_s:.2f} "
                f"| {view_s / raw_s:.2f}× | {raw['peak_rss_mb']:.0f} | {view['peak_rss_mb']:.0f} |"
            )
    lines += explorer_table(run)
    for vendor in dict.fromkeys(result["vendor"] for result in run["results"]):
        peaks = [
            (r["size"], r["export_view"]["peak_rss_mb"])
            for r in run["results"]
            if r["vendor"] == vendor and "export_view" in r
        ]
        if len(peaks) > 1:
            (small, low), (large, high) = min(peaks), max(peaks)
            lines.append(
                f"\n{vendor}: the view's peak RSS grows {high - low:.0f} MB from "
                f"{label(small)} to {label(large)} (target < {RSS_GROWTH_TARGET_MB} MB)"
            )
    return "\n".join(lines)


def explorer_table(run: dict) -> list[str]:
    """The explorer's figures: medians, with every run in brackets; then each API request."""
    lines = []
    for result in run["results"]:
        found = result.get("explorer")
        if not found:
            continue

        def runs(values):
            values = list(values)
            each = ", ".join(f"{value:.0f}" for value in values)
            return f"{statistics.median(values):.0f} ({each})"

        loads, brushes = found["loads"], found["brushes"]
        lines += [
            "",
            f"explorer, {result['vendor']} {label(result['size'])}: "
            f"ready ms {runs(load['ready_ms'] for load in loads)}; "
            f"months loaded at ms {found.get('months_ms', 0):.0f} (last load); "
            f"brush to map ms {runs(brush['map_ms'] for brush in brushes)}, "
            f"of which counting {runs(brush['count_ms'] for brush in brushes)} "
            f"and drawing {runs(brush['draw_ms'] for brush in brushes)}; "
            f"brush to ready ms {runs(brush['ready_ms'] for brush in brushes)}; "
            f"load avg {runs(load['load_average'] for load in loads)}; "
            f"outside requests {len(found['outside'])}, page errors {len(found['errors'])}",
            "",
            "| request | KB | in the page ms (start → end, each load) | alone ms |",
            "|---|---|---|---|",
        ]
        for request in loads[-1]["requests"]:
            path = request["path"]
            seen = [
                next((r for r in load["requests"] if r["path"] == path), None) for load in loads
            ]
            spans = ", ".join(f"{r['start']:.0f}→{r['end']:.0f}" for r in seen if r)
            alone = found["requests_alone_ms"].get(path)
            alone = f"{alone:.0f}" if alone is not None else "–"
            lines.append(f"| {path} | {request['bytes'] / 1024:.0f} | {spans} | {alone} |")
    return lines


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        run_child(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--targets", default=DEFAULT_TARGETS, help="e.g. sqlite:100k,postgresql:1m")
    parser.add_argument("--smoke", action="store_true", help=f"{SMOKE_TARGETS}, a few requests")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--load-seconds", type=float, default=15.0, help="per page, at most")
    parser.add_argument("--load-requests", type=int, default=600, help="per page, at most")
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, help="gunicorn's; (2 × cores) + 1 by default")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--explorer", action="store_true", help="the explorer in Chromium too")
    parser.add_argument("--explorer-loads", type=int, default=3, help="timed page loads")
    args = parser.parse_args(argv)
    if args.smoke:
        args.targets, args.load_seconds, args.load_requests = SMOKE_TARGETS, 0.5, 12
        args.export_repeat, args.workers = 1, 2
    args.data_dir = args.data_dir.resolve()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    run = {"machine": machine(), "results": []}
    out = args.data_dir / "last-run.json"
    for vendor, size in parse_targets(args.targets):
        run["results"].append(bench_target(vendor, size, args))
        out.write_text(json.dumps(run, indent=1, default=str))  # a later failure keeps these
    print(table(run))
    say(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
