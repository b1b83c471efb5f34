"""How well and how fast a report's places and dates are found.

    .venv/bin/python -m bench.extraction

Scores `timeline.extraction.extract` on the passages of `bench/passages.py`: places found,
right town (the first candidate within RIGHT_TOWN_KM of the truth), places proposed that the
passage does not name, dates found, dates whose span covers the truth and dates whose span
also stays inside the window the phrase allows. The baseline, in the same run, looks every
capitalised word up in the same gazetteer and takes its first answer: what the stop lists,
the context and the inflection rules add. Then it times the extraction of a report of
REPORT_WORDS words, made of the passages repeated, against a pass of the same tokeniser over
the text (the floor any scanner pays).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bench.passages import PASSAGES, Passage
from places.mentions import distance_km, find_places
from timeline import phrases
from timeline.extraction import extract

RIGHT_TOWN_KM = 10
REPORT_WORDS = 20_000
_CAPITALISED = re.compile(r"\b[^\W\d_][^\W_]*")


@dataclass
class Score:
    places: int = 0
    places_found: int = 0
    right_town: int = 0
    spurious_places: int = 0
    dates: int = 0
    dates_found: int = 0
    dates_cover: int = 0
    dates_inside: int = 0


def _span(value: str) -> tuple[dt.date, dt.date]:
    first, _, last = value.partition("/")
    return dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)


def _ref(passage: Passage) -> dt.date | None:
    return phrases.parse_phrase(passage.published).latest if passage.published else None


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


def score_passage(passage: Passage, found, score: Score) -> list[str]:
    """Add one passage's results to `score`; return what went wrong, for the tests."""
    text = passage.text
    misses = []
    matched = set()
    for place in passage.places:
        score.places += 1
        start = text.index(place.mention)
        end = start + len(place.mention)
        hits = [m for m in found.places if _overlaps(start, end, m.start, m.end)]
        if not hits:
            misses.append(f"place not found: {place.mention}")
            continue
        score.places_found += 1
        matched.update(id(hit) for hit in hits)
        best = hits[0].candidates[0]
        far = distance_km(best.latitude, best.longitude, place.latitude, place.longitude)
        if far <= RIGHT_TOWN_KM:
            score.right_town += 1
        else:
            misses.append(f"wrong town for {place.mention}: {best.name}, {far:.0f} km off")
    spurious = [m.mention for m in found.places if id(m) not in matched]
    score.spurious_places += len(spurious)
    misses.extend(f"not a place: {mention}" for mention in spurious)
    for date in passage.dates:
        score.dates += 1
        start = text.index(date.mention)
        end = start + len(date.mention)
        hits = [m for m in found.dates if _overlaps(start, end, m.start, m.end)]
        parsed = next((hit.parsed for hit in hits if hit.parsed is not None), None)
        if parsed is None:
            misses.append(f"date not found: {date.mention}")
            continue
        score.dates_found += 1
        truth_first, truth_last = _span(date.truth)
        window_first, window_last = _span(date.window)
        if parsed.earliest <= truth_first and truth_last <= parsed.latest:
            score.dates_cover += 1
            if window_first <= parsed.earliest and parsed.latest <= window_last:
                score.dates_inside += 1
            else:
                misses.append(f"date too wide: {date.mention} -> {parsed.edtf}")
        else:
            misses.append(f"date misses the truth: {date.mention} -> {parsed.edtf}")
    return misses


class _Found:
    def __init__(self, places, dates):
        self.places, self.dates = places, dates


def baseline_places(text: str, index) -> list:
    """Every capitalised word, looked up alone; the first answer taken."""
    from places.mentions import PlaceMention, candidates_for

    found = []
    for match in _CAPITALISED.finditer(text):
        word = match.group(0)
        if not word[0].isupper() and word[0].isascii():
            continue
        candidates = candidates_for(index, word, 1)
        if candidates and candidates[0].score >= 0.9:
            found.append(PlaceMention(word, match.start(), match.end(), tuple(candidates), False))
    return found


def evaluate(index) -> tuple[Score, Score, list[str]]:
    """Return the extraction's score, the baseline's, and every miss of the extraction."""
    ours, baseline, misses = Score(), Score(), []
    for passage in PASSAGES:
        found = extract(passage.text, index, _ref(passage))
        misses.extend(score_passage(passage, found, ours))
        score_passage(passage, _Found(baseline_places(passage.text, index), found.dates), baseline)
    return ours, baseline, misses


def long_report(words: int = REPORT_WORDS) -> str:
    """The passages repeated, as paragraphs, up to about `words` words."""
    paragraphs = []
    count = 0
    while count < words:
        for passage in PASSAGES:
            paragraphs.append(passage.text)
            count += len(passage.text.split())
    return "\n\n".join(paragraphs)


def time_extraction(index, repeats: int = 3) -> dict:
    text = long_report()
    ref = dt.date(2022, 8, 3)
    extract(text[:2000], index, ref)  # warm caches the way a running server has them
    ours, places_only, floor = [], [], []
    for _ in range(repeats):
        started = time.perf_counter()
        list(_CAPITALISED.finditer(text))
        floor.append(time.perf_counter() - started)
        started = time.perf_counter()
        find_places(text, index)
        places_only.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = extract(text, index, ref)
        ours.append(time.perf_counter() - started)
    return {
        "words": len(text.split()),
        "characters": len(text),
        "places": len(found.places),
        "dates": len(found.dates),
        "events": len(found.events),
        "seconds": statistics.median(ours),
        "places_seconds": statistics.median(places_only),
        "floor_seconds": statistics.median(floor),
    }


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "0/0"


def report(ours: Score, baseline: Score, timing: dict) -> str:
    rows = [
        ("places found", ours.places_found, baseline.places_found, ours.places),
        ("right town (≤ 10 km)", ours.right_town, baseline.right_town, ours.places),
        ("dates found", ours.dates_found, baseline.dates_found, ours.dates),
        ("date span covers the truth", ours.dates_cover, baseline.dates_cover, ours.dates),
        ("… and stays inside the window", ours.dates_inside, baseline.dates_inside, ours.dates),
    ]
    lines = [
        f"{len(PASSAGES)} passages, {ours.places} places, {ours.dates} dates.",
        "",
        "| measure | extraction | baseline: every capitalised word looked up |",
        "|---|---|---|",
    ]
    # The baseline differs in its places only: its dates are the extraction's.
    lines += [
        f"| {name} | {_ratio(a, n)} | {_ratio(b, n) if 'place' in name or 'town' in name else '—'} |"
        for name, a, b, n in rows
    ]
    lines.append(
        f"| places proposed that are not in the passage | {ours.spurious_places} | "
        f"{baseline.spurious_places} |"
    )
    lines += [
        "",
        f"A report of {timing['words']:,} words ({timing['characters']:,} characters): "
        f"{timing['seconds']:.2f} s to extract {timing['places']:,} places, "
        f"{timing['dates']:,} dates and {timing['events']:,} proposed events (median of 3), "
        f"of which {timing['places_seconds']:.2f} s finding the places; one regex pass over "
        f"the text takes {timing['floor_seconds'] * 1000:.0f} ms.",
    ]
    return "\n".join(lines)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    from places import geonames

    # The offline gazetteer's own index, built on first use: no database needed.
    index = geonames.world_index(Path(__file__).resolve().parent.parent / "var" / "gazetteer")
    ours, baseline, misses = evaluate(index)
    print(report(ours, baseline, time_extraction(index)))
    if misses:
        print("\nMisses:\n" + "\n".join(f"- {miss}" for miss in misses))


if __name__ == "__main__":
    main()
