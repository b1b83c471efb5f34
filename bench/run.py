"""Chronotope's benchmark: `make bench` (full) or `make bench-smoke` (1,000 events, SQLite).

For each database (SQLite always; PostgreSQL when DATABASE_URL points to one) and each size, it
fills a dedicated bench database with `generate_synthetic` (once: later runs reuse it), then
measures in fresh child processes, each figure against a baseline taken in the same run:

- the full GeoJSON export through the real view against a raw cursor dumped with orjson
  (time, bytes, peak RSS, one child process per mode);
- filtered first pages of the event list and the timeline against their bare indexed query,
  with the EXPLAIN of each;
- geocoder lookups per second;
- a bounded load test against gunicorn.

It writes its part of bench/RESULTS.md between markers and leaves other sections alone.
An endpoint this build does not have yet (404) is recorded as not available.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import load, measure, report  # noqa: E402

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
SMOKE_SIZE = 1_000
SEED = 0


def size_label(size: int) -> str:
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size >= 1_000 and size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def child_env(database_url: str) -> dict:
    """Production-like settings: DEBUG off, so Django keeps no query log and adds no overhead."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="project.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", "bench-only-not-a-secret"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE="60",
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="ERROR",  # the project's own warnings would drown the progress lines
        PYTHONWARNINGS="ignore:No directory at",
        # The benchmark measures throughput: no HTTPS redirect (plain HTTP on loopback) and no
        # throttling, whose 429s would count as errors.
        SECURE_SSL_REDIRECT="0",
        THROTTLE_ANON="",
        THROTTLE_USER="",
    )
    return env


def targets(args) -> list[tuple[str, int, str]]:
    """(backend, size, database URL) for every bench database of this run."""
    found = []
    for size in args.sizes if "sqlite" in args.backends else ():
        path = args.data_dir / f"sqlite-{size_label(size)}.sqlite3"
        found.append(("sqlite", size, f"sqlite:///{path}"))
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")) and "postgresql" in args.backends:
        parts = urlsplit(url)
        prefix = args.pg_prefix or f"{parts.path.lstrip('/')}_bench"
        for size in args.sizes:
            name = f"{prefix}_{size_label(size)}"
            found.append(("postgresql", size, urlunsplit(parts._replace(path=f"/{name}"))))
    return found


def ensure_postgres_database(url: str) -> None:
    """Create the bench database if it is missing; never touch any other."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env: dict, *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, stdout=sys.stderr
    )


def worker(env: dict, *arguments: str) -> dict:
    """Run this script as a worker in a fresh process; it answers in JSON on stdout."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), "--worker", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout)


def ensure_data(args, backend: str, size: int, env: dict) -> dict:
    """Generate the bench data unless this database already holds exactly this run's rows."""
    # One stamp file per database: runs for different backends may fill theirs side by side,
    # and a shared file lost the stamps of whichever run wrote first.
    name = Path(urlsplit(env["DATABASE_URL"]).path).name
    stamp_path = args.data_dir / f"generation-{backend}-{name}.json"
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() else None
    shared = args.data_dir / "generation.json"  # the earlier layout: one file for all
    if stamp is None and shared.exists():
        stamp = json.loads(shared.read_text()).get(f"{backend}:{name}")
    count = worker(env, "count")["synthetic_events"]
    if stamp and stamp.get("seed") == args.seed and count == size:
        return {**stamp, "reused": True}
    say(f"{backend} {size_label(size)}: generating {size:,} events (seed {args.seed})")
    started = time.perf_counter()
    generator = [sys.executable, "bench/synthetic.py", f"--events={size}", f"--seed={args.seed}"]
    subprocess.run(generator, cwd=ROOT, env=env, check=True, stdout=sys.stderr)
    stamp = {
        "seed": args.seed,
        "events": size,
        "seconds": time.perf_counter() - started,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    stamp_path.write_text(json.dumps(stamp, indent=2))
    return {**stamp, "reused": False}


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine() -> dict:
    """CPU model, cores, RAM and versions, read from the machine itself."""
    cpu = "unknown"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram_kb = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                ram_kb = int(line.split()[1])
    import django
    import gunicorn
    import orjson

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(ram_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "orjson": orjson.__version__,
        "load": round(os.getloadavg()[0], 2),  # what else was running when the run began
    }


def bench_one(args, backend: str, size: int, url: str) -> dict:
    """Generate (if needed) and measure one database at one size."""
    env = child_env(url)
    if backend == "postgresql":
        ensure_postgres_database(url)
    else:
        args.data_dir.mkdir(parents=True, exist_ok=True)
    say(f"{backend} {size_label(size)}: migrating")
    manage(env, "migrate", "--noinput", "-v0")
    generation = ensure_data(args, backend, size, env)
    if generation["reused"]:
        worker(env, "analyze")  # a migration may have added an index since the data was made
    if args.generate_only:
        return {"backend": backend, "size": size, "generation": generation}
    say(f"{backend} {size_label(size)}: pages, EXPLAIN, geocoder")
    result = worker(env, "measure", f"--repeat={args.repeat}")
    say(f"{backend} {size_label(size)}: exports")
    export_repeat = max(1, args.repeat // 3) if size >= 1_000_000 else args.repeat
    result["export"] = {
        mode: worker(env, "export", f"--mode={mode}", f"--repeat={export_repeat}")
        for mode in ("raw", "view")
    }
    result.update(backend=backend, size=size, generation=generation)
    return result


def load_test(args, backend: str, url: str) -> dict:
    say(f"{backend}: load test")
    return load.run(
        child_env(url),
        window=measure.WINDOW,
        bbox=measure.BBOX,
        duration=args.load_seconds,
        max_requests=args.load_requests,
        concurrency=args.load_concurrency,
    )


def run_worker(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=["count", "analyze", "measure", "export"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--mode", choices=["raw", "view"], default="raw")
    options = parser.parse_args(argv)
    import logging

    import django

    django.setup()
    # A 404 from an endpoint this build lacks is a result here, not a warning to print.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    if options.task == "count":
        result = {"synthetic_events": measure.synthetic_count()}
    elif options.task == "analyze":
        from bench.synthetic import analyze

        analyze()
        result = {"analyzed": True}
    elif options.task == "measure":
        result = measure.measure(options.repeat)
    else:
        result = measure.export_child(options.mode, options.repeat)
    print(json.dumps(result, default=str))


def parse_sizes(value: str) -> list[int]:
    sizes = []
    for part in value.split(","):
        match = re.fullmatch(r"(\d+)([km]?)", part.strip().lower())
        if not match:
            raise argparse.ArgumentTypeError(f"'{part}' is not a size like 10000, 10k or 1m")
        sizes.append(int(match.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2)])
    return sizes


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        run_worker(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES))
    parser.add_argument("--smoke", action="store_true", help="1k events, SQLite, few runs")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per figure")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--pg-prefix", help="bench databases are <prefix>_10k, <prefix>_1m, …")
    parser.add_argument(
        "--backends",
        type=lambda value: value.split(","),
        default=["sqlite", "postgresql"],
        help="sqlite,postgresql (PostgreSQL only when DATABASE_URL points to one)",
    )
    parser.add_argument("--generate-only", action="store_true", help="fill the databases, stop")
    parser.add_argument("--no-load", action="store_true", help="skip the load test")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite --out from the last run's JSON"
    )
    parser.add_argument("--load-seconds", type=float, default=15.0)
    parser.add_argument("--load-requests", type=int, default=2_000)
    parser.add_argument("--load-concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.repeat, args.backends = [SMOKE_SIZE], min(args.repeat, 2), ["sqlite"]
        args.load_seconds, args.load_requests = min(args.load_seconds, 1.0), 30
    args.data_dir = args.data_dir.resolve()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        run = json.loads((args.data_dir / "last-run.json").read_text())
        report.write(args.out, report.render(run))
        return 0
    started = time.perf_counter()
    results, loads = [], {}
    for backend, size, url in targets(args):
        results.append(bench_one(args, backend, size, url))
    if args.generate_only:
        for result in results:
            generation = result["generation"]
            say(f"{result['backend']} {size_label(result['size'])}: {generation}")
        return 0
    if not args.no_load:
        for backend in dict.fromkeys(result["backend"] for result in results):
            largest = max((r for r in results if r["backend"] == backend), key=lambda r: r["size"])
            url = next(u for b, s, u in targets(args) if b == backend and s == largest["size"])
            loads[backend] = {"size": largest["size"], **load_test(args, backend, url)}
    run = {
        "command": "bench/run.py " + " ".join(argv),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": time.perf_counter() - started,
        "repeat": args.repeat,
        "seed": args.seed,
        "machine": machine(),
        "results": results,
        "load": loads,
    }
    (args.data_dir / "last-run.json").write_text(json.dumps(run, indent=2, default=str))
    report.write(args.out, report.render(run))
    say(f"wrote {args.out} in {run['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
