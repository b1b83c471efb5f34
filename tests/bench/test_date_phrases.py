"""The date-phrase benchmark's cases and scoring: each case is consistent, and the score counts
what it says. Its figures are read in bench/RESULTS.md, never asserted here."""

import datetime as dt

from bench import date_phrases
from bench.date_phrases import CASES, LATER_CASES, UNANCHORED, Case, score

D = dt.date


def test_every_truth_lies_inside_the_window_its_phrase_allows():
    assert len(CASES) + len(LATER_CASES) >= 60
    for case in CASES + LATER_CASES:
        low, high = case.window
        assert case.truth[0] <= case.truth[1], case.phrase
        assert low is None or low <= case.truth[0], case.phrase
        assert high is None or case.truth[1] <= high, case.phrase


def test_the_score_tells_covering_from_staying_inside():
    case = Case("x", "en", D(2022, 8, 3), (D(2022, 3, 28), D(2022, 3, 28)),
                (D(2022, 3, 21), D(2022, 3, 31)))  # fmt: skip
    answers = {
        "whole month": (D(2022, 3, 1), D(2022, 3, 31)),  # covers, too wide
        "one wrong day": (D(2022, 3, 20), D(2022, 3, 20)),  # neither
        "right span": (D(2022, 3, 21), D(2022, 3, 31)),  # both
        "one right day": (D(2022, 3, 28), D(2022, 3, 28)),  # both: a lucky guess scores too
    }
    results = {
        name: score(lambda phrase, ref, span=span: span, [case], ["y"])[0]
        for name, span in answers.items()
    }
    assert [(r.covers, r.inside, r.right, r.refused) for r in results.values()] == [
        (1, 0, 0, 0),
        (0, 0, 0, 0),
        (1, 1, 1, 0),
        (1, 1, 1, 0),
    ]
    refusing = score(lambda phrase, ref: None, [case], ["y"])[0]
    assert (refusing.parsed, refusing.refused) == (0, 1)


def test_our_parser_reads_the_whole_set():
    result, wrong = score(date_phrases.ours, CASES + LATER_CASES, UNANCHORED)
    assert wrong == []
