import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.dataset import ACTOR, EVENT, MISSING_ID, PLACE
from tests.factories import EventFactory, PlaceFactory
from timeline import dates, timeline
from timeline.models import Event, EventType
from timeline.services import event_create

URL = "/api/v1/timeline/"
ARRESTED = EVENT["Yuri refuses to keep fighting"]  # E4
YURI = ACTOR["Yuri"]
LUHANSK_OBLAST_TIMELINE = f"/api/v1/places/{PLACE['Luhansk Oblast']}/timeline/"
YURI_TIMELINE = f"/api/v1/actors/{YURI}/timeline/"

# The dataset in timeline order: by earliest possible day, then from most to least precise
# (E1, a month, before the spans that also start in February 2022), then by latest day.
ORDER = EVENT.ids(
    "full-scale invasion",
    "Putin's earlier promise",
    "Elena Popova on why",
    "Officer 'Stas' refuses to fight",
    "Stas describes a battle",
    "First refusals to keep fighting",
    "Council members complain",
    "held in Brianka",
    "imprisoned in Popasna",
    "imprisoned in Alchevsk",
    "imprisoned in Kadiivka",
    "imprisoned in 'Krasnyi'",
    "near Svitlodarsk",
    "parents travel to Donbas",
    "Sergei Krivenko:",
    "kept from leaving",
    "some refusers withdraw",
    "Publishing about refusals",
    "Battle of Izium",
    "Yuri refuses to keep fighting",
    "Two brigades record hundreds",
    "Yuri held in Perevalsk prison",
    "Wagner men take Yuri out",
    "Yuri phones his father",
    "moved one by one",
    "Maxime travels to Ukraine",
    "from Buryatia refuse to fight",
    "Lieutenant 'Andrei' detained",
    "Andrei and four other officers",
    "franceinfo estimates",
    "partial mobilisation",
    "cellars and basements",
    "no equipment and no training",
    "Putin denies",
)


def get(client, params=None, url=URL):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json()


def bucket_ids(body):
    return [
        (bucket["period"], bucket["start"], bucket["end"], bucket["count"])
        + tuple(event["id"] for event in bucket["events"])
        for bucket in body["results"]
    ]


# --- the plain timeline -------------------------------------------------------------------


def test_timeline_is_chronological_then_most_precise(dataset, api_client):
    body = get(api_client, {"page_size": 100})
    assert body["count"] == 34
    assert [item["id"] for item in body["results"]] == ORDER


def test_an_item_carries_what_the_timeline_needs(dataset, api_client):
    items = {item["id"]: item for item in get(api_client, {"page_size": 100})["results"]}
    assert items[ARRESTED] == {
        "id": ARRESTED,
        "title": "Yuri refuses to keep fighting and is arrested",
        "type": "refusal",
        "date": "2022-06",
        "earliest": "2022-06-01",
        "latest": "2022-06-30",
        "precision": "month",
        "approximate": False,
        "uncertain": False,
        "label": "June 2022",
        "place": {"id": PLACE["Ukraine"], "name": "Ukraine", "latitude": 49.0, "longitude": 32.0},
        "actors": [
            {"id": YURI, "name": "Yuri", "role": "refuser, arrested", "is_pseudonym": True},
            {
                "id": ACTOR["Russian armed forces"],
                "name": "Russian armed forces",
                "role": "arresting force",
                "is_pseudonym": False,
            },
            {
                "id": ACTOR["Maxime"],
                "name": "Maxime",
                "role": "recounts events",
                "is_pseudonym": True,
            },
        ],
        "source_count": 1,
        "confidence": "single_source",
    }
    assert items[EVENT["First refusals to keep fighting"]]["place"] is None
    assert items[EVENT["Putin denies"]]["source_count"] == 2  # R1 and R3, which contradicts it


def test_an_event_that_cites_nothing_counts_zero_sources_in_every_shape(dataset, api_client):
    bare = event_create(
        title="Nothing cited yet", type=EventType.objects.get(pk="other"), date="2022-06-15"
    )
    listed = get(api_client, {"page_size": 100})["results"]
    assert [item["source_count"] for item in listed if item["id"] == bare.pk] == [0]
    grouped = get(api_client, {"group": "day", "from": "2022-06-15", "to": "2022-06-15"})
    (bucket,) = grouped["results"]
    assert [event["source_count"] for event in bucket["events"]] == [0]


@pytest.mark.parametrize(
    ("event_id", "label"),
    [
        (EVENT["Battle of Izium"], "7 March – 1 April 2022"),
        (ARRESTED, "June 2022"),
        (EVENT["Officer 'Stas' refuses to fight"], "February – December 2022"),
        (EVENT["Council members complain"], "March 2022 – 3 August 2022"),
        (EVENT["Yuri held in Perevalsk prison"], "from June 2022"),
        (EVENT["Wagner men take Yuri out"], "from June 2022"),
        (EVENT["Putin denies"], "1–13 December 2022"),
    ],
)
def test_dataset_labels(dataset, api_client, event_id, label):
    items = {item["id"]: item for item in get(api_client, {"page_size": 100})["results"]}
    assert items[event_id]["label"] == label


def test_approximate_label(db, api_client):
    event = EventFactory(date="2022-03~")
    (item,) = get(api_client, {"place": event.place_id})["results"]
    assert (item["label"], item["precision"], item["approximate"]) == (
        "about March 2022",
        "month",
        True,
    )


def test_timeline_takes_the_event_filters(dataset, api_client):
    body = get(api_client, {"from": "2022-09-01", "type": ["mobilisation", "statement"]})
    assert [item["id"] for item in body["results"]] == EVENT.ids(
        "Putin's earlier promise",
        "Elena Popova on why",
        "Yuri phones his father",
        "partial mobilisation",
        "no equipment and no training",
        "Putin denies",
    )


def test_timeline_is_paginated(dataset, api_client):
    body = get(api_client, {"page_size": 5, "page": 2})
    assert body["count"] == 34
    assert [item["id"] for item in body["results"]] == ORDER[5:10]
    assert "page=3" in body["next"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"group": "decade"}, "group", "not one of the available choices"),
        ({"group": "month", "per_bucket": "-1"}, "per_bucket", "greater than or equal to 0"),
        ({"group": "month", "per_bucket": "51"}, "per_bucket", "less than or equal to 50"),
        ({"group": "month", "per_bucket": "many"}, "per_bucket", "Enter a whole number"),
        ({"group_by": "actor"}, "group_by", "not one of the available choices"),
        ({"format": "xml"}, "format", "format=timelinejs"),
        ({"format": "timelinejs", "group": "month"}, "group", "leave out group"),
        ({"from": "June"}, "from", "Enter a day as YYYY-MM-DD"),
        ({"from": "2022-07-01", "to": "2022-06-01"}, "to", "must not come before"),
        ({"place": "999"}, "place", "Give the id of one place"),
        ({"bbox": "1,2,3"}, "bbox", "four numbers"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(dataset, api_client, params, field, message):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert field in body
    assert message in " ".join(body[field])


def test_bad_filters_on_place_and_actor_timelines_too(dataset, api_client):
    for url in (LUHANSK_OBLAST_TIMELINE, YURI_TIMELINE):
        response = api_client.get(url, {"group": "fortnight"})
        assert response.status_code == 400
        assert "group" in response.json()


@pytest.mark.parametrize("page_size", [2, 20])
def test_queries_per_page_do_not_grow_with_its_size(
    dataset, api_client, django_assert_num_queries, page_size
):
    # count, the page of rows (place joined), the page's actors, their source counts
    with django_assert_num_queries(4):
        body = get(api_client, {"page_size": page_size})
    assert len(body["results"]) == page_size


@pytest.mark.parametrize("per_bucket", [1, 10])
def test_queries_when_grouped_do_not_grow_with_buckets(
    dataset, api_client, django_assert_num_queries, per_bucket
):
    # one GROUP BY for every bucket's count and the spanning count, the page's bucket events,
    # their actors and source counts, the first spanning events, their actors and source counts
    with django_assert_num_queries(7):
        get(api_client, {"group": "month", "per_bucket": per_bucket})


# --- buckets ------------------------------------------------------------------------------


def test_month_buckets_hold_only_what_is_known_to_belong(dataset, api_client):
    body = get(api_client, {"group": "month"})
    assert body["group"] == "month"
    assert body["count"] == 6
    assert bucket_ids(body) == [
        ("2022-02", "2022-02-01", "2022-02-28", 1, EVENT["full-scale invasion"]),
        ("2022-03", "2022-03-01", "2022-03-31", 1, EVENT["First refusals to keep fighting"]),
        ("2022-06", "2022-06-01", "2022-06-30", 1, ARRESTED),  # E4 sits in June as a month
        ("2022-07", "2022-07-01", "2022-07-31", 1, EVENT["from Buryatia refuse to fight"]),
        ("2022-09", "2022-09-01", "2022-09-30", 1, EVENT["partial mobilisation"]),
        # E14 is in December 2022
        ("2022-12", "2022-12-01", "2022-12-31", 1, EVENT["Putin denies"]),
    ]
    # E2 (7 March – 1 April), E7 (June–July), the open-ended events, E12 (February–December)
    # and R4's "end of March to 3 August" events cross month boundaries: counted apart
    spanning = body["spanning"]
    assert spanning["count"] == 28
    assert [event["id"] for event in spanning["events"]] == EVENT.ids(
        "Putin's earlier promise",
        "Elena Popova on why",
        "Officer 'Stas' refuses to fight",
        "Stas describes a battle",
        "Council members complain",
        "held in Brianka",
        "imprisoned in Popasna",
        "imprisoned in Alchevsk",
        "imprisoned in Kadiivka",
        "imprisoned in 'Krasnyi'",
    )


def test_day_buckets_never_put_a_month_on_its_first_day(dataset, api_client):
    known_day = EventFactory(title="On a known day", date="2022-06-01", place=None)
    body = get(api_client, {"group": "day"})
    assert bucket_ids(body) == [("2022-06-01", "2022-06-01", "2022-06-01", 1, known_day.pk)]
    assert body["spanning"]["count"] == 34
    assert ARRESTED not in [event["id"] for bucket in body["results"] for event in bucket["events"]]


def test_week_buckets_are_iso_weeks(db, api_client):
    place = PlaceFactory()  # the filter that leaves the dataset out
    wednesday = EventFactory(date="2022-06-01", place=place)  # in ISO week 22
    whole_week = EventFactory(date="2022-05-30/2022-06-05", place=place)  # Monday to Sunday
    EventFactory(date="2022-06-05/2022-06-06", place=place)  # Sunday to Monday: crosses weeks
    body = get(api_client, {"group": "week", "place": place.pk})
    assert bucket_ids(body) == [
        ("2022-W22", "2022-05-30", "2022-06-05", 2, whole_week.pk, wednesday.pk)
    ]
    assert body["spanning"]["count"] == 1


def test_year_buckets(dataset, api_client):
    body = get(api_client, {"group": "year", "per_bucket": 3})
    assert bucket_ids(body) == [
        (
            "2022",
            "2022-01-01",
            "2022-12-31",
            28,
            *EVENT.ids("full-scale invasion", "Putin's earlier promise", "Elena Popova on why"),
        )
    ]
    assert body["spanning"]["count"] == 6  # open ends reach ten years outside 2022


def test_buckets_are_paginated_and_events_capped(dataset, api_client):
    body = get(api_client, {"group": "month", "page_size": 2, "page": 3, "per_bucket": 1})
    assert body["count"] == 6
    assert bucket_ids(body) == [
        ("2022-09", "2022-09-01", "2022-09-30", 1, EVENT["partial mobilisation"]),
        ("2022-12", "2022-12-01", "2022-12-31", 1, EVENT["Putin denies"]),
    ]
    assert body["next"] is None
    assert body["per_bucket"] == 1
    assert len(body["spanning"]["events"]) == 1


def test_buckets_follow_the_filters(dataset, api_client):
    body = get(api_client, {"group": "month", "type": "statement"})
    assert bucket_ids(body) == [("2022-12", "2022-12-01", "2022-12-31", 1, EVENT["Putin denies"])]
    assert [event["id"] for event in body["spanning"]["events"]] == EVENT.ids(
        "Putin's earlier promise",
        "Elena Popova on why",
        "Sergei Krivenko:",
        "Yuri phones his father",
        "no equipment and no training",
    )


@pytest.mark.parametrize(
    ("period", "start", "name", "end"),
    [
        ("day", dt.date(2022, 6, 1), "2022-06-01", dt.date(2022, 6, 1)),
        ("week", dt.date(2021, 12, 27), "2021-W52", dt.date(2022, 1, 2)),
        ("week", dt.date(2024, 12, 30), "2025-W01", dt.date(2025, 1, 5)),
        ("month", dt.date(2024, 2, 1), "2024-02", dt.date(2024, 2, 29)),
        ("month", dt.date(2022, 12, 1), "2022-12", dt.date(2022, 12, 31)),
        ("year", dt.date(2022, 1, 1), "2022", dt.date(2022, 12, 31)),
    ],
)
def test_period_names_and_ends(period, start, name, end):
    assert timeline.period_start(period, start) == start
    assert timeline.period_start(period, end) == start
    assert timeline.period_name(period, start) == name
    assert timeline.period_end(period, start) == end


# --- TimelineJS ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2022-06-15", {"start_date": {"year": 2022, "month": 6, "day": 15}}),
        ("2022-06", {"start_date": {"year": 2022, "month": 6}}),
        ("2022", {"start_date": {"year": 2022}}),
        (
            "2022-03-07/2022-04-01",
            {
                "start_date": {"year": 2022, "month": 3, "day": 7},
                "end_date": {"year": 2022, "month": 4, "day": 1},
            },
        ),
        (
            "2022-06/2022-07",
            {"start_date": {"year": 2022, "month": 6}, "end_date": {"year": 2022, "month": 7}},
        ),
        (
            "2022-22",
            {"start_date": {"year": 2022, "month": 6}, "end_date": {"year": 2022, "month": 8}},
        ),
        (
            "2022-21/2022-23",
            {"start_date": {"year": 2022, "month": 3}, "end_date": {"year": 2022, "month": 11}},
        ),
        ("2022-06/", {"start_date": {"year": 2022, "month": 6}}),
        ("../2022-08", {"start_date": {"year": 2022, "month": 8}}),
        ("[..2022-08-03]", {"start_date": {"year": 2022, "month": 8, "day": 3}}),
        ("2022-03~", {"start_date": {"year": 2022, "month": 3}}),
        ("2022-06-01?", {"start_date": {"year": 2022, "month": 6, "day": 1}}),
    ],
)
def test_timelinejs_dates_carry_only_what_is_known(edtf, expected):
    assert timeline.timelinejs_dates(dates.parse(edtf)) == expected


@pytest.mark.parametrize(
    ("edtf", "display_date"),
    [
        ("2022-06", None),
        ("2022-03-07/2022-04-01", None),
        ("2022-03~", "about March 2022"),
        ("2022-06-01?", "possibly 1 June 2022"),
        ("2022-22", "Summer 2022"),
        ("2022-06/", "from June 2022"),
        ("[..2022-08-03]", "before 3 August 2022"),
    ],
)
def test_timelinejs_display_date_where_its_own_would_say_too_much(edtf, display_date):
    slide = timeline.timelinejs_event(
        {"id": 1, "title": "t", "summary": "", "type": "x", "date": edtf, "place_name": None}
    )
    assert slide.get("display_date") == display_date


def test_timelinejs_export_of_the_dataset(dataset, api_client):
    body = get(api_client, {"format": "timelinejs"})
    assert body["title"] == {"text": {"headline": "Chronotope timeline", "text": "34 events."}}
    assert body["meta"] == {"total": 34, "exported": 34, "limit": 5000, "truncated": False}
    slides = {slide["unique_id"]: slide for slide in body["events"]}
    assert [slide["unique_id"] for slide in body["events"]] == [f"event-{i}" for i in ORDER]
    izium = f"event-{EVENT['Battle of Izium']}"
    assert slides[izium] == {
        "unique_id": izium,
        "start_date": {"year": 2022, "month": 3, "day": 7},
        "end_date": {"year": 2022, "month": 4, "day": 1},
        "text": {
            "headline": "Battle of Izium, with Yuri's battalion taking part",
            "text": "Fighting for Izium lasts from 7 March to 1 April 2022. "
            "R5 says Yuri's battalion takes part in it.",
        },
        "group": "battle",
    }
    assert slides[f"event-{ARRESTED}"]["start_date"] == {"year": 2022, "month": 6}
    assert "end_date" not in slides[f"event-{ARRESTED}"]
    assert (
        slides[f"event-{EVENT['Yuri held in Perevalsk prison']}"]["display_date"]
        == "from June 2022"
    )
    assert slides[f"event-{EVENT['Wagner men take Yuri out']}"]["display_date"] == "from June 2022"


def test_timelinejs_groups_by_place(dataset, api_client):
    body = get(api_client, {"format": "timelinejs", "group_by": "place", "type": "refusal"})
    assert [slide["group"] for slide in body["events"]] == ["Place not given", "Ukraine"]


def test_timelinejs_escapes_html(db, api_client):
    event = EventFactory(title="<b>bold</b> & co", summary='<script>alert("x")</script>')
    (slide,) = get(api_client, {"format": "timelinejs", "place": event.place_id})["events"]
    assert slide["text"] == {
        "headline": "&lt;b&gt;bold&lt;/b&gt; &amp; co",
        "text": '&lt;script&gt;alert("x")&lt;/script&gt;',
    }


def test_timelinejs_export_is_capped_and_says_so(dataset, api_client, settings):
    settings.TIMELINE_EXPORT_MAX_EVENTS = 3
    body = get(api_client, {"format": "timelinejs"})
    assert len(body["events"]) == 3
    assert body["meta"] == {"total": 34, "exported": 3, "limit": 3, "truncated": True}
    assert body["title"]["text"]["text"] == "The first 3 of 34 events, in date order (limit 3)."


@pytest.mark.parametrize("type_filter", [["battle"], ["battle", "detention", "statement"]])
def test_timelinejs_queries_do_not_grow(
    dataset, api_client, django_assert_num_queries, type_filter
):
    # the type filter's validation, then the rows
    with django_assert_num_queries(2):
        get(api_client, {"format": "timelinejs", "type": type_filter})


# --- per place, per actor -----------------------------------------------------------------

# In timeline order: the events placed in Luhansk Oblast or anywhere inside it
IN_LUHANSK_OBLAST = EVENT.ids(
    "held in Brianka",
    "imprisoned in Popasna",
    "imprisoned in Alchevsk",
    "imprisoned in Kadiivka",
    "imprisoned in 'Krasnyi'",
    "kept from leaving",
    "Yuri held in Perevalsk prison",
    "Wagner men take Yuri out",
)


def test_place_timeline_includes_the_places_inside_it(dataset, api_client):
    body = get(api_client, {"page_size": 100}, url=LUHANSK_OBLAST_TIMELINE)
    assert [item["id"] for item in body["results"]] == IN_LUHANSK_OBLAST
    export = get(api_client, {"format": "timelinejs"}, url=LUHANSK_OBLAST_TIMELINE)
    assert export["title"]["text"]["headline"] == "Timeline: Luhansk Oblast"
    assert len(export["events"]) == 8


def test_place_timeline_takes_filters_and_grouping(dataset, api_client):
    body = get(api_client, {"group": "month", "from": "2022-06-01"}, url=LUHANSK_OBLAST_TIMELINE)
    assert bucket_ids(body) == []
    assert [event["id"] for event in body["spanning"]["events"]] == IN_LUHANSK_OBLAST


def test_actor_timeline(dataset, api_client):
    body = get(api_client, {"group": "month"}, url=YURI_TIMELINE)
    assert bucket_ids(body) == [("2022-06", "2022-06-01", "2022-06-30", 1, ARRESTED)]
    assert [event["id"] for event in body["spanning"]["events"]] == EVENT.ids(
        "Battle of Izium",
        "Yuri held in Perevalsk prison",
        "Wagner men take Yuri out",
        "Yuri phones his father",
        "Maxime travels to Ukraine",
    )
    export = get(api_client, {"format": "timelinejs"}, url=YURI_TIMELINE)
    assert export["title"]["text"]["headline"] == "Timeline: Yuri"


@pytest.mark.parametrize(
    "url", [f"/api/v1/places/{MISSING_ID}/timeline/", f"/api/v1/actors/{MISSING_ID}/timeline/"]
)
def test_unknown_place_or_actor_is_a_404(dataset, api_client, url):
    assert api_client.get(url).status_code == 404
    assert api_client.get(url, {"format": "timelinejs"}).status_code == 404
    # The place or actor is looked up before the parameters are read, and for every method.
    assert api_client.get(url, {"group": "bogus"}).status_code == 404
    assert api_client.get(url, {"format": "timelinejs", "group": "day"}).status_code == 404
    assert api_client.options(url).status_code == 404
    assert api_client.head(url).status_code == 404


# --- visibility ---------------------------------------------------------------------------


@pytest.fixture
def restricted_e4(dataset):
    Event.objects.filter(pk=ARRESTED).update(visibility=Event.Visibility.RESTRICTED)


@pytest.mark.parametrize(
    "url", [URL, f"/api/v1/places/{PLACE['Ukraine']}/timeline/", YURI_TIMELINE]
)
def test_restricted_events_never_reach_who_may_not_see_them(
    restricted_e4, api_client, reader_client, url
):
    def seen(client):
        listed = get(client, {"page_size": 100}, url=url)["results"]
        grouped = get(client, {"group": "month", "per_bucket": 50}, url=url)
        june = [b for b in grouped["results"] if b["period"] == "2022-06"]
        exported = get(client, {"format": "timelinejs"}, url=url)
        return (
            ARRESTED in [item["id"] for item in listed],
            june[0]["count"] if june else 0,
            ARRESTED in [e["id"] for b in grouped["results"] for e in b["events"]],
            f"event-{ARRESTED}" in [slide["unique_id"] for slide in exported["events"]],
            exported["meta"]["total"],
        )

    anonymous, reader = seen(api_client), seen(reader_client)
    assert anonymous[:4] == (False, 0, False, False)
    assert reader[:4] == (True, 1, True, True)
    assert reader[4] == anonymous[4] + 1


# --- the bucket rule, for any dates -------------------------------------------------------

edtf_dates = st.builds(
    lambda day, kind, length: {
        "day": day.isoformat(),
        "month": f"{day.year}-{day.month:02d}",
        "approximate": f"{day.year}-{day.month:02d}~",
        "interval": f"{day.isoformat()}/{(day + dt.timedelta(days=length)).isoformat()}",
        "year": str(day.year),
    }[kind],
    st.dates(dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
    st.sampled_from(["day", "month", "approximate", "interval", "year"]),
    st.integers(1, 40),
)


@pytest.mark.parametrize("period", timeline.PERIODS)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edtfs=st.lists(edtf_dates, min_size=1, max_size=8))
def test_every_event_is_counted_once_and_only_where_known(db, api_client, period, edtfs):
    place = PlaceFactory()  # the filter that leaves the dataset and earlier examples out
    for edtf in edtfs:
        EventFactory(date=edtf, place=place)
    params = {"group": period, "per_bucket": 50, "page_size": 100, "place": place.pk}
    body = get(api_client, params)
    assert sum(bucket["count"] for bucket in body["results"]) + body["spanning"]["count"] == len(
        edtfs
    )
    for bucket in body["results"]:
        assert bucket["count"] == len(bucket["events"])
        for event in bucket["events"]:
            assert bucket["start"] <= event["earliest"] <= event["latest"] <= bucket["end"]
    for event in body["spanning"]["events"]:
        first = timeline.period_start(period, dt.date.fromisoformat(event["earliest"]))
        assert event["latest"] > timeline.period_end(period, first).isoformat()


def test_per_bucket_zero_gives_counts_only(dataset, api_client):
    body = get(api_client, {"group": "month", "per_bucket": 0})
    assert [(b["period"], b["count"], b["events"]) for b in body["results"]][-1] == (
        "2022-12",
        1,
        [],
    )
    assert body["spanning"] == {"count": 28, "events": []}
