"""bench/RESULTS.md: render a run as Markdown and write it between this run's markers, keeping
every other section of the file (another helper's, or hand-written notes) as it is."""

from __future__ import annotations

from pathlib import Path

START = "<!-- bench:run start -->"
END = "<!-- bench:run end -->"
HEADER = "# Benchmarks\n"

EXPORT_RATIO = 1.5
RSS_GROWTH_MB = 50
PAGE_RATIO = 3
PAGE_MS_AT_1M = 100
BIG = 1_000_000


def write(path: Path, section: str) -> None:
    """Replace the text between the markers, or append the section if there is none yet."""
    block = f"{START}\n{section.strip()}\n{END}"
    text = path.read_text() if path.exists() else HEADER
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def label(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:g}M"
    if size >= 1_000:
        return f"{size / 1_000:g}k"
    return str(size)


def ms(summary: dict | None) -> str:
    if not summary:
        return "–"
    return f"{summary['median']:.1f} ({summary['min']:.1f}–{summary['max']:.1f})"


def ratio(view: dict | None, base: dict | None) -> float | None:
    if not view or not base or not base["median"]:
        return None
    return view["median"] / base["median"]


def verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "not measured"
    return f"{value:.2f}× {'met' if value <= limit else '**not met**'}"


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render(run: dict) -> str:
    results, machine = run["results"], run["machine"]
    versions = {f"{r['backend']}": r["server_version"] for r in results}
    out = [
        "## Benchmark run",
        "",
        f"`{run['command'].strip()}` on {run['when']}, {run['seconds']:.0f} s in all; "
        f"seed {run['seed']}; every time is the median (min–max) of {run['repeat']} timed runs "
        "after a warm-up (a third as many for exports at 1M), in milliseconds.",
        "",
        "### Machine and versions",
        "",
        f"- CPU: {machine['cpu']}, {machine['cores']} cores{load_note(machine)}; "
        f"RAM {machine['ram_gb']} GB; {machine['os']}",
        f"- Python {machine['python']}, Django {machine['django']}, gunicorn "
        f"{machine['gunicorn']}, orjson {machine['orjson']}",
        "- " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        "",
        "### Generating the data (`bench/synthetic.py`)",
        "",
        table(
            ["database", "events", "seconds", "events/s", "when"],
            [
                [
                    r["backend"],
                    f"{r['size']:,}",
                    f"{r['generation']['seconds']:.1f}",
                    f"{r['size'] / r['generation']['seconds']:,.0f}",
                    r["generation"]["when"] + (" (reused)" if r["generation"]["reused"] else ""),
                ]
                for r in results
            ],
        ),
        "",
        "Each event comes with 1–4 citations, 1–3 actor roles and, for one in four, a figure, so "
        "a million events are about 4.5 million rows.",
        "",
    ]
    out += export_section(results)
    out += pages_section(results)
    out += geocoder_section(results)
    out += load_section(run["load"])
    out += explain_section(results)
    out += targets_section(results)
    return "\n".join(out)


def export_section(results) -> list[str]:
    rows = []
    for r in results:
        raw, view = r["export"]["raw"], r["export"]["view"]
        if view.get("available"):
            cells = [ms(view["time"]), f"{view['bytes']:,}", f"{view['peak_rss_mb']:.0f}"]
            cells.append(verdict(ratio(view["time"], raw["time"]), EXPORT_RATIO))
        else:
            cells = [f"not available in this build (HTTP {view['status']})", "–", "–", "–"]
        rows.append(
            [r["backend"], label(r["size"]), ms(raw["time"]), f"{raw['bytes']:,}"]
            + cells[:2]
            + [f"{raw['peak_rss_mb']:.0f}", cells[2], cells[3]]
        )
    return [
        "### Full GeoJSON export (anonymous, every public event)",
        "",
        "The view is `/api/v1/events.geojson`, called through Django's WSGI handler in a fresh "
        "process, its stream consumed and counted. The baseline fetches the same rows (public "
        "events with a located place) with their place, actors' names and source counts "
        "through a streaming raw cursor, plus two raw queries per 2,000 rows, and dumps each "
        "feature with orjson. Peak RSS is the process's "
        "VmHWM (Django loaded, about 60 MB, included).",
        "",
        table(
            [
                "database",
                "events",
                "raw ms",
                "raw bytes",
                "view ms",
                "view bytes",
                "raw peak MB",
                "view peak MB",
                "view/raw (≤ 1.5×)",
            ],
            rows,
        ),
        "",
    ]


def load_note(machine: dict) -> str:
    """The load average when the run began, which says whether other work shared the cores;
    older runs did not record it."""
    load = machine.get("load")
    return "" if load is None else f" (load average {load:.2f} when the run began)"


def page_baseline(base: dict) -> dict:
    """A page's bare queries: its rows and its count (older runs timed the rows only)."""
    return base.get("page_time") or base["time"]


def page_floor(case: dict, base: dict) -> float | None:
    """The least this page can take through this stack (Django, DRF, this API's answer), in ms.

    A page that finds events does all the empty page does (a request's fixed cost), except that
    its count finds real matches and it reads its rows; it must also fetch the rows its items
    carry besides its own, as the views fetch them. So: the empty page, less its own query run
    raw, plus this page's bare queries, plus its related rows. Each term is taken at its
    fastest run and the subtracted one at its slowest, so that run-to-run noise cannot lift the
    floor. For runs that did not time the empty page's query, the floor is the empty page plus
    the related rows: lower, since it leaves out the page's own queries."""
    empty = case.get("floor")
    related = (base.get("related_time") or {}).get(case["path"])
    if not empty or not related:
        return None
    own_query = case.get("floor_bare")
    if not own_query:  # an older run: the empty page, with its query, plus the related rows
        return empty["min"] + related["min"]
    fixed = max(empty["min"] - own_query["max"], 0.0)
    return fixed + page_baseline(base)["min"] + related["min"]


def page_verdict(case: dict, base: dict) -> str:
    """view/bare against the target. A miss whose floor (page_floor) is itself above the target
    cannot be met by a page served through this stack, whatever the page does; the floor's
    ratio says by how much. The fixed cost in that floor is this stack's today, not a law."""
    baseline = page_baseline(base)
    value = ratio(case["time"], baseline)
    if value is None or value <= PAGE_RATIO:
        return verdict(value, PAGE_RATIO)
    floor = page_floor(case, base)
    if floor is None:
        return verdict(value, PAGE_RATIO)
    reach = "out of reach for this stack: " if floor > PAGE_RATIO * baseline["median"] else ""
    return f"{verdict(value, PAGE_RATIO)} ({reach}floor {floor / baseline['median']:.1f}×)"


def floor_ms(case: dict, base: dict) -> str:
    floor = page_floor(case, base)
    return "–" if floor is None else f"{floor:.1f}"


def split_cell(case: dict) -> str:
    """The view's median time in the database and in Python, with its number of queries; runs
    before the split was measured give one call's captured SQL time instead."""
    split = case.get("split")
    if not split:
        return f"{case['sql_ms']:.1f} in {case['queries']}"
    return f"{split['sql']['median']:.1f} + {split['python']['median']:.1f} in {case['queries']}"


def pages_section(results) -> list[str]:
    rows = []
    for r in results:
        bare = r["pages"]["bare"]
        for case in r["pages"]["cases"]:
            base = bare[case["filter"]]
            if case["available"]:
                note = {True: "", False: "**filter not applied**", None: "ids not checked"}[
                    case["filter_applied"]
                ]
                view = ms(case["time"])
                floor = ms(case.get("floor"))
                sql = split_cell(case)
                check = page_verdict(case, base)
                extra = floor_ms(case, base)
                if case["filter_applied"] is False:
                    unfiltered = ratio(case["time"], page_baseline(base))
                    check = f"n/a ({unfiltered:.0f}× an unfiltered page)"
                elif "page_time" not in base:
                    check += " (baseline: rows only, an older run)"
            else:
                note = f"not available in this build (HTTP {case['status']})"
                view, floor, sql, check, extra = "–", "–", "–", "–", "–"
            rows.append(
                [
                    r["backend"],
                    label(r["size"]),
                    case["case"],
                    f"{base['count']:,}",
                    ms(base["time"]),
                    ms(base["count_time"]),
                    ms(page_baseline(base)),
                    ms((base.get("related_time") or {}).get(case["path"])),
                    view,
                    floor,
                    extra,
                    sql,
                    check,
                    note,
                ]
            )
    bare_rows = [
        [
            r["backend"],
            label(r["size"]),
            name,
            ms(bare["time"]),
            f"{bare['count']:,}",
            ms(bare["count_time"]),
        ]
        for r in results
        for name, bare in r["pages"]["bare"].items()
    ]
    return [
        "### Filtered first pages (50 events, anonymous)",
        "",
        "Window: events that may fall in March 2023 (`latest >= 2023-03-01 AND earliest <= "
        "2023-03-31`); bbox: around Kharkiv (36.0,49.7,36.6,50.2); both public only, in "
        "chronological order. The bare queries are the same QuerySet's SQL run on a raw cursor: "
        "the page's 50 rows, and the COUNT of every match that the page's `count` reports; "
        "the baseline is both, timed together (a page cannot answer without either). The empty "
        "page is the same view with a bbox in the open Atlantic: the fixed cost of a request "
        "(routing, middleware, authentication, parsing the filters, one trivial count, "
        "rendering). The related rows are what the page's items carry besides its own rows, "
        "for its 50 events, fetched as the views fetch them (one raw statement each): the "
        "list's actors, citations and figures, the timeline's actors and source counts. The "
        "floor is the least the page can take when served through this stack: it does all the "
        "empty page does, except that its count finds real matches and it reads its rows, and "
        "it must fetch the related rows too. So the floor is the empty page, less its own count "
        "run raw, plus the bare page, plus the related rows, each at its fastest run (the "
        "subtracted count at its slowest). A miss whose floor is itself above 3× the bare "
        "queries is out of reach for this stack. The view's split comes from further calls "
        "with each statement's execute timed in place: the time in the database (for these "
        "pages execute is nearly all of it: psycopg receives every row then, SQLite sorts and "
        "steps to the first row), and the rest of the call, Python with the rows' fetching.",
        "",
        table(
            [
                "database",
                "events",
                "page",
                "matches",
                "rows ms",
                "count ms",
                "bare page ms (rows + count)",
                "related rows raw ms",
                "view ms",
                "empty page ms",
                "floor ms",
                "view ms: execute + rest, in queries",
                f"view/bare (≤ {PAGE_RATIO}×)",
                "note",
            ],
            rows,
        ),
        "",
        "The bare queries alone, with two harder cases: a window near the end of the data "
        "(November 2025: most rows start before it) and a bbox over Kyiv (the most events).",
        "",
        table(["database", "events", "query", "rows ms", "matches", "count ms"], bare_rows),
        "",
    ]


def geocoder_section(results) -> list[str]:
    lines = ["### Geocoder lookups", ""]
    missing = {r["geocoder"].get("reason") for r in results if not r["geocoder"]["available"]}
    if len(missing) == 1 and not any(r["geocoder"]["available"] for r in results):
        return lines + [f"Not available: {missing.pop()}.", ""]
    for r in results:
        geo = r["geocoder"]
        if geo["available"]:
            text = (
                f"{geo['per_second']:,.0f} lookups/s ({geo['lookups']:,} lookups, "
                f"{geo['found']:,} with a result, {geo['errors']} errors)"
            )
        else:
            text = f"not available: {geo['reason']}"
        lines.append(f"- {r['backend']}, {label(r['size'])}: {text}")
    return lines + [""]


def load_section(loads: dict) -> list[str]:
    if not loads:
        return ["### Load test", "", "Not run (`--no-load`).", ""]
    lines = ["### Load test (gunicorn on 127.0.0.1)", ""]
    for backend, run in loads.items():
        lines += [
            f"{backend}, {label(run['size'])} events: {run['workers']} gunicorn workers, "
            f"{run['concurrency']} client threads, each endpoint loaded in turn for a bounded "
            "time and request count.",
            "",
        ]
        rows = []
        for row in run["endpoints"]:
            if row["available"]:
                rows.append(
                    [
                        row["endpoint"],
                        f"{row['requests']:,}",
                        f"{row['per_second']:.1f}",
                        f"{row['p50_ms']:.1f}",
                        f"{row['p99_ms']:.1f}",
                        row["errors"],
                    ]
                )
            else:
                rows.append([row["endpoint"], "not available in this build (HTTP 404)"] + [""] * 4)
        lines += [table(["endpoint", "requests", "req/s", "p50 ms", "p99 ms", "errors"], rows), ""]
    return lines


def explain_section(results) -> list[str]:
    lines = [
        "### Query plans of the filtered pages",
        "",
        "At the largest size of each database (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: "
        "EXPLAIN (ANALYZE, BUFFERS)).",
        "",
    ]
    largest = {}
    for r in results:
        if r["size"] >= largest.get(r["backend"], {"size": 0})["size"]:
            largest[r["backend"]] = r
    for backend, r in largest.items():
        for name, bare in r["pages"]["bare"].items():
            lines += [f"{backend}, {label(r['size'])}, {name}:", "", "```"]
            lines += bare["explain"] + ["```", ""]
    return lines


def targets_section(results) -> list[str]:
    lines = ["### Targets", ""]
    for backend in dict.fromkeys(r["backend"] for r in results):
        mine = sorted((r for r in results if r["backend"] == backend), key=lambda r: r["size"])
        ratios = [
            ratio(r["export"]["view"].get("time"), r["export"]["raw"]["time"])
            for r in mine
            if r["export"]["view"].get("available")
        ]
        if ratios:
            worst = max(ratios)
            lines.append(
                f"- {backend}: export ≤ {EXPORT_RATIO}× raw: worst {verdict(worst, EXPORT_RATIO)}"
            )
        else:
            lines.append(f"- {backend}: export ≤ {EXPORT_RATIO}× raw: view not in this build")
        views = [r["export"]["view"] for r in mine]
        if len(mine) > 1 and all(view.get("available") for view in views):
            growth = views[-1]["peak_rss_mb"] - views[0]["peak_rss_mb"]
            met = "met" if growth < RSS_GROWTH_MB else "**not met**"
            lines.append(
                f"- {backend}: export peak RSS growth {label(mine[0]['size'])} → "
                f"{label(mine[-1]['size'])}: {growth:+.1f} MB (< {RSS_GROWTH_MB} MB) {met}"
            )
        elif len(mine) > 1:
            raw = [r["export"]["raw"]["peak_rss_mb"] for r in mine]
            lines.append(
                f"- {backend}: export RSS growth: view not in this build (raw baseline: "
                f"{raw[-1] - raw[0]:+.1f} MB from {label(mine[0]['size'])} to "
                f"{label(mine[-1]['size'])})"
            )
        for r in mine:
            for case in r["pages"]["cases"]:
                if not case["available"]:
                    continue
                if case["filter_applied"] is False:
                    lines.append(
                        f"- {backend}, {label(r['size'])}, {case['case']}: not measurable, the "
                        "view ignores the filter in this build"
                    )
                    continue
                base = r["pages"]["bare"][case["filter"]]
                text = (
                    f"- {backend}, {label(r['size'])}, {case['case']}: "
                    f"{page_verdict(case, base)} of bare"
                )
                if backend == "postgresql" and r["size"] >= BIG:
                    fast = case["time"]["median"] < PAGE_MS_AT_1M
                    text += (
                        f"; {case['time']['median']:.1f} ms "
                        f"{'met' if fast else '**not met**'} (< {PAGE_MS_AT_1M} ms)"
                    )
                lines.append(text)
    return lines + [""]
