"""The bench's own functions on a small database: what they measure is what they claim to.

Their timings are never asserted here; speed is read in bench/RESULTS.md.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import run, synthetic


@pytest.fixture
def generated(db):
    synthetic.generate(events=200, seed=7)


def exported(export) -> dict:
    chunks = []
    export(chunks.append)
    return json.loads(b"".join(chunks))


def test_the_raw_baseline_builds_the_views_export_feature_for_feature(generated):
    view, raw = exported(run.export_view), exported(run.export_raw)
    assert len(view["features"]) > 150
    assert view == raw


def test_an_export_child_reports_its_bytes_times_and_peak_memory(generated):
    result = run.export_child("raw", repeat=2)
    assert result["bytes"] > 100_000
    assert len(result["seconds"]) == 2
    assert result["peak_rss_mb"] > 10


def test_every_page_answers_with_matches_and_the_plan_of_its_slowest_query(generated):
    pages = run.explain_pages()
    assert set(pages) == set(run.PAGES)
    for page in pages.values():
        assert page["status"] == 200
        assert page["matches"] > 0
        assert page["queries"] >= 2
        assert page["plan"]


class Answers(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/ok" else 404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_the_load_client_stops_at_its_request_budget_and_counts_errors(server):
    latencies, errors, elapsed = run.hammer(server, "/ok", seconds=30, requests=25)
    assert (len(latencies), errors) == (25, [])
    assert elapsed < 30
    latencies, errors, _ = run.hammer(server, "/missing", seconds=30, requests=6)
    assert errors == [404] * 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sqlite:200", [("sqlite", 200)]),
        ("sqlite:100k,postgresql:1m", [("sqlite", 100_000), ("postgresql", 1_000_000)]),
    ],
)
def test_targets_read_as_the_help_says(text, expected):
    assert run.parse_targets(text) == expected
    assert [run.label(size) for _, size in expected] == text.replace("sqlite:", "").replace(
        "postgresql:", ""
    ).split(",")


def test_the_explorer_figures_read_as_medians_with_every_run_and_each_request():
    request = {"path": "/api/v1/events/", "start": 10.0, "end": 250.0, "bytes": 2048}
    explorer = {
        "loads": [
            {"ready_ms": ready, "requests": [request], "load_average": 2.0}
            for ready in (500.0, 100.0, 300.0)
        ],
        "brushes": [
            {"map_ms": ms, "count_ms": 1.0, "draw_ms": ms / 2, "ready_ms": 2 * ms}
            for ms in (40.0, 20.0, 60.0)
        ],
        "months_ms": 900.0,
        "requests_alone_ms": {"/api/v1/events/": 80.0},
        "outside": [],
        "errors": [],
    }
    results = [{"vendor": "sqlite", "size": 100_000, "explorer": explorer}]
    text = run.table({"results": results})
    assert "explorer, sqlite 100k: ready ms 300 (500, 100, 300)" in text
    assert "brush to map ms 40 (40, 20, 60), of which counting 1 (1, 1, 1)" in text
    assert "| /api/v1/events/ | 2 | 10→250, 10→250, 10→250 | 80 |" in text
