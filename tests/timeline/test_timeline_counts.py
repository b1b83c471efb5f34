"""The histogram's counts (timeline.bucket_counts) are computed from (latest, earliest) pairs
that an index answers; they must agree with the buckets as SQL's Trunc defines them, which the
grouped timeline lists its events by."""

import datetime as dt
from collections import Counter

import pytest

from timeline import timeline
from timeline.models import Event, EventType


def add_event(date: str) -> None:
    event = Event(title=date, type=EventType.objects.first(), date=date)
    event.set_dates()
    event.save()


def counts_by_trunc(queryset, period):
    """The reference: each event's bucket by Trunc in the database, as `belonging` gives it."""
    found = Counter(
        timeline._as_date(bucket)
        for bucket in timeline.belonging(queryset, period).values_list("bucket", flat=True)
    )
    return [{"bucket": start, "count": found[start]} for start in sorted(found)]


@pytest.mark.parametrize("period", timeline.PERIODS)
def test_counts_agree_with_trunc_on_the_dataset(dataset, period):
    events = Event.objects.all()
    counts, spanning = timeline.bucket_counts(events, period)
    assert counts == counts_by_trunc(events, period)
    assert spanning == timeline.spanning(events, period).count()
    assert sum(row["count"] for row in counts) + spanning == events.count()


@pytest.mark.parametrize("period", timeline.PERIODS)
def test_counts_agree_with_trunc_across_boundaries(db, period):
    # Sunday to Monday, the last day of a month and of a year, a leap day, one whole week.
    for date in ["2022-03-06/2022-03-07", "2022-01-31", "2021-12-31/2022-01-01", "2024-02-29"]:
        add_event(date)
    add_event("2022-03-07/2022-03-13")
    events = Event.objects.filter(earliest__gte=dt.date(2021, 1, 1))
    counts, spanning = timeline.bucket_counts(events, period)
    assert counts == counts_by_trunc(events, period)
    assert spanning == timeline.spanning(events, period).count()


def test_counts_only_with_per_bucket_zero_read_no_events(
    dataset, api_client, django_assert_num_queries
):
    # The explorer's histogram: the counts query and nothing else (no rows, no actors).
    with django_assert_num_queries(1):
        response = api_client.get("/api/v1/timeline/", {"group": "month", "per_bucket": 0})
    assert response.status_code == 200
    assert all(bucket["events"] == [] for bucket in response.json()["results"])
