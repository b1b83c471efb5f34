"""The geocoding benchmark's own logic, on made-up rows (the benchmark itself runs in bench/)."""

import random

from bench import geocoding

CITIES = [
    {
        "geonameid": 1,
        "name": "Dayr Testa",
        "latitude": 35.0,
        "longitude": 40.0,
        "countrycode": "SY",
        "population": 20_000,
        "admin1code": "07",
        "alternatenames": ["Deir Testa", "DTS", "dayr tst"],
    },
    {
        "geonameid": 2,
        "name": "Testa",
        "latitude": 10.0,
        "longitude": 10.0,
        "countrycode": "IT",
        "population": 90_000,
        "admin1code": "01",
        "alternatenames": ["Deir Testa"],
    },
]


def test_queries_are_other_names_drifts_and_names_with_country():
    queries = list(geocoding.queries_for(CITIES[0], geocoding.COUNTRIES, random.Random(1)))
    kinds = [kind for kind, _ in queries]
    assert kinds[0] == "other name" and kinds[-1] == "with country"
    assert ("other name", "Deir Testa") in queries  # codes and lowercase romanisations skipped
    assert ("with country", "Dayr Testa, Syria") in queries
    for kind, query in queries:
        if kind == "re-romanised":
            name = query.split(",")[0]
            assert name.casefold() not in {"dayr testa", "deir testa", "dayr tst"}


def test_baseline_is_exact_name_largest_first():
    baseline = geocoding.Baseline(CITIES)
    assert baseline.first("Deir Testa")["geonameid"] == 2  # the larger namesake
    assert baseline.first("dayr testa, Syria")["geonameid"] == 1
    assert baseline.first("Dair Testa") is None  # no fuzziness at all


def test_scoring_counts_right_wrong_and_confident_wrong():
    rows = [("other name", "a", CITIES[0]), ("other name", "b", CITIES[0]), ("x", "c", CITIES[1])]
    answers = {"a": ((35.05, 40.0), True), "b": ((10.0, 10.0), True), "c": (None, False)}
    table = geocoding.score_run(rows, answers.get)
    assert dict(table["all"]) == {
        "queries": 3,
        "right": 1,
        "wrong": 1,
        "confident wrong": 1,
        "nothing": 1,
    }
