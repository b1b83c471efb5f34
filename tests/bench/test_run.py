"""The benchmark's smoke run keeps working; its timings are never asserted here."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import report

ROOT = Path(__file__).resolve().parent.parent.parent

SECTIONS = [
    "### Machine and versions",
    "### Generating the data",
    "### Full GeoJSON export",
    "### Filtered first pages",
    "### Geocoder lookups",
    "### Load test",
    "### Query plans of the filtered pages",
    "### Targets",
]


@pytest.mark.bench_smoke
def test_smoke_run_writes_every_section_and_keeps_other_sections(tmp_path):
    out = tmp_path / "RESULTS.md"
    out.write_text("# Benchmarks\n\n## Geocoder\n\nAnother helper's figures.\n")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--smoke", "--data-dir", str(tmp_path), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text()
    assert "## Geocoder\n\nAnother helper's figures." in text
    assert text.count(report.START) == text.count(report.END) == 1
    for section in SECTIONS:
        assert section in text
    run = json.loads((tmp_path / "last-run.json").read_text())
    (result,) = run["results"]
    assert (result["backend"], result["size"], result["events"]) == ("sqlite", 1_000, 1_000)
    assert result["export"]["raw"]["bytes"] > 0
    assert {case["case"] for case in result["pages"]["cases"]} == {
        "list, date window",
        "list, bbox",
        "timeline, date window",
        "timeline, bbox",
    }
    for case in result["pages"]["cases"]:  # each page's time split into database and Python
        split = case["split"]
        assert split["sql"]["runs"] == split["python"]["runs"] > 0
        assert 0 < split["sql"]["median"] < split["sql"]["median"] + split["python"]["median"]
    assert all(row.get("errors", 0) == 0 for row in run["load"]["sqlite"]["endpoints"])


def test_write_replaces_only_its_own_block(tmp_path):
    out = tmp_path / "RESULTS.md"
    report.write(out, "first")
    out.write_text(out.read_text() + "\n## Geocoder\n\nkept\n")
    report.write(out, "second")
    text = out.read_text()
    assert "first" not in text
    assert f"{report.START}\nsecond\n{report.END}" in text
    assert text.endswith("## Geocoder\n\nkept\n")


def timing(median: float) -> dict:
    return {"median": median, "min": median, "max": median, "runs": 1}


@pytest.mark.parametrize(
    ("view", "empty", "related", "expected"),
    [
        (2.9, 1.0, 0.5, "2.90× met"),
        # Floor: the empty page less its own count (2.5 - 0.2), plus the bare page (1.0),
        # plus the related rows raw (0.6) = 3.9, above 3 × 1.0.
        (7.0, 2.5, 0.6, "7.00× **not met** (out of reach for this stack: floor 3.9×)"),
        (7.0, 1.5, 0.5, "7.00× **not met** (floor 2.8×)"),
    ],
)
def test_a_page_misses_the_target_for_a_measured_reason_or_plainly(view, empty, related, expected):
    base = {"page_time": timing(1.0), "related_time": {"/api/v1/events/": timing(related)}}
    case = {
        "path": "/api/v1/events/",
        "time": timing(view),
        "floor": timing(empty),
        "floor_bare": timing(0.2),
    }
    assert report.page_verdict(case, base) == expected
    assert report.floor_ms(case, base) == f"{empty - 0.2 + 1.0 + related:.1f}"


def test_a_run_without_the_empty_pages_queries_keeps_them_in_the_floor():
    base = {"page_time": timing(1.0), "related_time": {"/api/v1/events/": timing(0.6)}}
    case = {"path": "/api/v1/events/", "time": timing(7.0), "floor": timing(2.5)}
    assert report.floor_ms(case, base) == "3.1"


def test_the_floor_takes_each_term_at_its_fastest_and_the_subtracted_one_at_its_slowest():
    def spread(low: float, median: float, high: float) -> dict:
        return {"median": median, "min": low, "max": high, "runs": 3}

    base = {
        "page_time": spread(0.9, 1.0, 1.5),
        "related_time": {"/api/v1/events/": spread(0.5, 0.6, 0.9)},
    }
    case = {
        "path": "/api/v1/events/",
        "time": timing(7.0),
        "floor": spread(2.2, 2.5, 3.0),
        "floor_bare": spread(0.1, 0.2, 0.3),
    }
    assert report.floor_ms(case, base) == f"{2.2 - 0.3 + 0.9 + 0.5:.1f}"


def test_a_run_without_related_rows_keeps_the_plain_verdict():
    base = {"time": timing(1.0)}  # an older run: rows only, no related rows timed
    case = {"path": "/api/v1/events/", "time": timing(7.0), "floor": timing(2.5)}
    assert report.page_verdict(case, base) == "7.00× **not met**"
    assert report.floor_ms(case, base) == "–"


def test_the_views_split_reads_sql_plus_python_or_an_older_runs_captured_sql():
    split = {"sql": {"median": 2.94}, "python": {"median": 6.81}}
    assert report.split_cell({"split": split, "queries": 5}) == "2.9 + 6.8 in 5"
    assert report.split_cell({"sql_ms": 2.0, "queries": 4}) == "2.0 in 4"


def test_the_machine_line_gives_the_load_when_the_run_recorded_it():
    assert report.load_note({"load": 0.5}) == " (load average 0.50 when the run began)"
    assert report.load_note({}) == ""
