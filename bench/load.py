"""A bounded load test: gunicorn on 127.0.0.1 and a small thread-pool client.

wrk is not in the Debian image we run on and locust is heavy, so the client is our own: a fixed
number of threads sends requests until either the duration or the request budget runs out.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, timeout: float = 60) -> tuple[int, int]:
    """One GET; return (status, body bytes) after reading the whole body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        size = 0
        while chunk := response.read(65536):
            size += len(chunk)
        return response.status, size
    finally:
        connection.close()


class Server:
    """gunicorn serving the project, stopped (by its own pid) when the block ends."""

    def __init__(self, env: dict, workers: int):
        self.env, self.workers = env, workers
        self.port = free_port()
        self.process = None

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "project.wsgi:application",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=120",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                get(self.port, "/api/v1/", timeout=5)
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn exited before serving") from None
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def hammer(port: int, path: str, *, duration: float, max_requests: int, concurrency: int) -> dict:
    """Send GETs from `concurrency` threads until `duration` s or `max_requests` have passed."""
    latencies, errors, statuses = [], [], {}
    lock = threading.Lock()
    budget = [max_requests]
    deadline = time.monotonic() + duration

    def worker():
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            started = time.perf_counter()
            try:
                status, _ = get(port, path)
            except OSError as error:
                with lock:
                    errors.append(repr(error))
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if status != 200:
                    errors.append(f"HTTP {status}")

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def percentile(share: float) -> float:
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return {
        "requests": len(latencies) + sum(1 for e in errors if not e.startswith("HTTP")),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else float("nan"),
        "p99_ms": percentile(0.99),
        "errors": len(errors),
        "statuses": statuses,
    }


def endpoints(window: tuple[str, str], bbox: tuple) -> list[tuple[str, str]]:
    """(label, path) for the endpoints under load."""
    query = urlencode({"from": window[0], "to": window[1], "page_size": 50})
    return [
        ("list, date window", f"/api/v1/events/?{query}"),
        ("list, bbox", "/api/v1/events/?" + urlencode({"bbox": ",".join(map(str, bbox))})),
        ("timeline, date window", f"/api/v1/timeline/?{query}"),
        ("GeoJSON, date window", f"/api/v1/events.geojson?{query}"),
        ("geocode", "/api/v1/geocode/?" + urlencode({"q": "Kharkiv"})),
    ]


def run(env: dict, *, window, bbox, duration: float, max_requests: int, concurrency: int) -> dict:
    """Serve with gunicorn and load each endpoint in turn; an endpoint that 404s is skipped."""
    workers = max(2, min(4, (os.cpu_count() or 1) + 1))
    results = {"workers": workers, "concurrency": concurrency, "endpoints": []}
    with Server(env, workers) as server:
        for label, path in endpoints(window, bbox):
            status, _ = get(server.port, path)
            row = {"endpoint": label, "path": path}
            if status == 404:
                row.update(available=False, status=status)
            else:
                # Unrecorded warm-up: every worker builds its caches (a geocoder index, date
                # labels) before the clock starts, as a long-running server already has.
                hammer(
                    server.port,
                    path,
                    duration=duration,
                    max_requests=workers * 3,
                    concurrency=workers,
                )
                row.update(
                    available=True,
                    **hammer(
                        server.port,
                        path,
                        duration=duration,
                        max_requests=max_requests,
                        concurrency=concurrency,
                    ),
                )
            results["endpoints"].append(row)
    return results
