"""project.sql.in_ids: related rows for a list of ids, raw, on either database."""

import pytest
from django.db import connection

from project.sql import in_ids
from timeline.models import Citation


def test_rows_for_the_ids_given_and_no_others(dataset):
    ids = sorted(Citation.objects.values_list("event_id", flat=True).distinct())[:3]
    rows = in_ids(
        "SELECT event_id, COUNT(*) FROM timeline_citation WHERE event_id IN ({ids})"
        " GROUP BY event_id ORDER BY event_id",
        ids,
    )
    expected = [(pk, Citation.objects.filter(event_id=pk).count()) for pk in ids]
    assert [tuple(row) for row in rows] == expected


def test_sql_without_the_ids_marker_is_refused_before_it_runs():
    with pytest.raises(ValueError, match=r"IN \(\{ids\}\)"):
        in_ids("SELECT 1 WHERE 1 IN (%s)", [1])


def test_ids_must_be_integers():
    with pytest.raises(ValueError):
        in_ids("SELECT id FROM timeline_event WHERE id IN ({ids})", ["1); DROP TABLE x; --"])


def test_no_ids_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert in_ids("SELECT id FROM timeline_event WHERE id IN ({ids})", []) == []


def test_postgresql_runs_the_apps_queries_without_parallel_workers(db):
    # settings.PG_PARALLEL_WORKERS_PER_GATHER (0 by default): parallel workers took cores from
    # the concurrent requests beside a query (bench/RESULTS.md).
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting; CI runs the suite on PostgreSQL too")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
