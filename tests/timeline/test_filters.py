import json

import pytest

from tests.dataset import ACTOR, EVENT, MISSING_ID, PLACE, SOURCE
from timeline.models import Event

POLYGON_WKT = "POLYGON((38 48,39 48,39 49,38 49,38 48))"
POLYGON_GEOJSON = json.dumps(
    {"type": "Polygon", "coordinates": [[[38, 48], [39, 48], [39, 49], [38, 49], [38, 48]]]}
)
# Events whose place lies inside lon 38..39, lat 48..49: the Luhansk-oblast towns, the
# Donbas point and Svitlodarsk
IN_SQUARE = EVENT.ids(
    "Yuri held in Perevalsk prison",
    "Wagner men take Yuri out",
    "Two brigades record hundreds",
    "held in Brianka",
    "imprisoned in Popasna",
    "imprisoned in Alchevsk",
    "imprisoned in Kadiivka",
    "imprisoned in 'Krasnyi'",
    "near Svitlodarsk",
    "parents travel to Donbas",
)


def ids(client, params):
    response = client.get("/api/v1/events/", {"page_size": 1000, **params})
    assert response.status_code == 200, response.json()
    return sorted(item["id"] for item in response.json()["results"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # E4 (June), E5 and E6 (June onwards), E7 (June-July), R4's facts dated between the
        # end of March and 3 August 2022, and R1's spans from the invasion to the report
        (
            {"from": "2022-06-10", "to": "2022-06-20"},
            EVENT.ids(
                "Yuri refuses to keep fighting",
                "Yuri held in Perevalsk prison",
                "Wagner men take Yuri out",
                "Two brigades record hundreds",
                "Council members complain",
                "held in Brianka",
                "Officer 'Stas' refuses to fight",
                "imprisoned in Popasna",
                "imprisoned in Alchevsk",
                "imprisoned in Kadiivka",
                "imprisoned in 'Krasnyi'",
                "near Svitlodarsk",
                "Elena Popova on why",
                "parents travel to Donbas",
                "Sergei Krivenko:",
                "kept from leaving",
                "some refusers withdraw",
                "Publishing about refusals",
                "Yuri phones his father",
                "moved one by one",
                "Maxime travels to Ukraine",
                "Stas describes a battle",
                "Putin's earlier promise",
            ),
        ),
        (
            {"from": "2022-12-14"},
            EVENT.ids(
                "Yuri held in Perevalsk prison",
                "Wagner men take Yuri out",
                "Officer 'Stas' refuses to fight",
                "Yuri phones his father",
                "moved one by one",
                "Maxime travels to Ukraine",
                "franceinfo estimates",
                "Stas describes a battle",
            ),
        ),
        # R4's facts start at the end of March 2022, so February holds only R1's
        (
            {"to": "2022-02-28", "from": "2022-02-01"},
            EVENT.ids(
                "full-scale invasion",
                "Officer 'Stas' refuses to fight",
                "Elena Popova on why",
                "Stas describes a battle",
                "Putin's earlier promise",
            ),
        ),
        ({"type": "battle"}, EVENT.ids("Battle of Izium", "Stas describes a battle")),
        (
            {"type": ["battle", "mobilisation"]},
            EVENT.ids("Battle of Izium", "partial mobilisation", "Stas describes a battle"),
        ),
        (
            {"place": PLACE["Perevalsk prison"]},
            EVENT.ids("Yuri held in Perevalsk prison", "Wagner men take Yuri out"),
        ),
        ({"place": PLACE["Perevalsk"]}, []),
        (
            {"place": PLACE["Perevalsk"], "include_children": "true"},
            EVENT.ids("Yuri held in Perevalsk prison", "Wagner men take Yuri out"),
        ),
        (
            {"place": PLACE["Luhansk Oblast"], "include_children": "true"},
            EVENT.ids(
                "Yuri held in Perevalsk prison",
                "Wagner men take Yuri out",
                "held in Brianka",
                "imprisoned in Popasna",
                "imprisoned in Alchevsk",
                "imprisoned in Kadiivka",
                "imprisoned in 'Krasnyi'",
                "kept from leaving",
            ),
        ),
        (
            {"actor": ACTOR["Yuri"]},
            EVENT.ids(
                "Battle of Izium",
                "Yuri refuses to keep fighting",
                "Yuri held in Perevalsk prison",
                "Wagner men take Yuri out",
                "Yuri phones his father",
                "Maxime travels to Ukraine",
            ),
        ),
        (
            {"source": SOURCE["R3"]},
            EVENT.ids(
                "Lieutenant 'Andrei' detained", "Officer 'Stas' refuses to fight", "Putin denies"
            ),
        ),
        ({"confidence": "disputed"}, EVENT.ids("from Buryatia refuse to fight")),
        ({"q": "Stakhanov"}, EVENT.ids("Council members complain", "imprisoned in Kadiivka")),
        ({"q": "Луганськ"}, EVENT.ids("kept from leaving")),
        ({"q": "Izioum"}, EVENT.ids("Battle of Izium")),
        ({"q": "wagner"}, EVENT.ids("Wagner men take Yuri out")),
        ({"bbox": "38,48,39,49"}, IN_SQUARE),
        ({"within": POLYGON_WKT}, IN_SQUARE),
        ({"within": POLYGON_GEOJSON}, IN_SQUARE),
        # Perevalsk; Alchevsk lies 4 km away, Brianka and Kadiivka about 20 km
        (
            {"near": "38.82839,48.43921", "radius_km": "3"},
            EVENT.ids("Yuri held in Perevalsk prison", "Wagner men take Yuri out"),
        ),
        (
            {"near": "38.82839,48.43921", "radius_km": "30"},
            EVENT.ids(
                "Yuri held in Perevalsk prison",
                "Wagner men take Yuri out",
                "Two brigades record hundreds",
                "held in Brianka",
                "imprisoned in Alchevsk",
                "imprisoned in Kadiivka",
                "parents travel to Donbas",
            ),
        ),
        (
            {"near": "38.82839,48.43921"},
            EVENT.ids(
                "Yuri held in Perevalsk prison",
                "Wagner men take Yuri out",
                "imprisoned in Alchevsk",
            ),
        ),
    ],
)
def test_event_filters(dataset, api_client, params, expected):
    assert ids(api_client, params) == sorted(expected)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "June"}, "from", "Enter a day as YYYY-MM-DD"),
        ({"from": "01/06/2022"}, "from", "Enter a day as YYYY-MM-DD"),
        ({"to": "2022-06"}, "to", "Enter a day as YYYY-MM-DD"),
        ({"to": "2022-6-1"}, "to", "Enter a day as YYYY-MM-DD"),
        ({"from": "2022-07-01", "to": "2022-06-01"}, "to", "must not come before"),
        ({"type": "nope"}, "type", "nope is not one of the event types: abuse, battle,"),
        ({"place": str(MISSING_ID)}, "place", "Give the id of one place"),
        ({"place": "Luhansk"}, "place", "Give the id of one place"),
        ({"place": "3,14"}, "place", "Give the id of one place"),
        ({"actor": str(MISSING_ID)}, "actor", "Give the id of one actor"),
        ({"source": str(MISSING_ID)}, "source", "Give the id of one source"),
        ({"confidence": "sure"}, "confidence", "Select a valid choice"),
        ({"include_children": "perhaps"}, "include_children", "Use true or false"),
        ({"bbox": "1,2,3"}, "bbox", "four numbers"),
        ({"bbox": "3,2,1,4"}, "bbox", "must not exceed"),
        ({"bbox": "0,0,200,10"}, "bbox", "longitude -180..180"),
        ({"bbox": "nan,0,1,1"}, "bbox", "finite"),
        ({"near": "1"}, "near", "two numbers"),
        ({"near": "10,100"}, "near", "latitude -90..90"),
        ({"radius_km": "5"}, "radius_km", "goes with"),
        ({"near": "38,48", "radius_km": "-1"}, "radius_km", "greater than or equal"),
        ({"near": "38,48", "radius_km": "abc"}, "radius_km", "Enter a number"),
        ({"within": "POLYGON((0 0))"}, "within", "could not be read"),
        ({"within": "POINT(1 1)"}, "within", "Polygon"),
        ({"within": "{not json"}, "within", "GeoJSON Polygon"),
        ({"within": "POLYGON((0 0,1 1,1 0,0 1,0 0))"}, "within", "not valid"),
        ({"bbox": "38,48,39,49", "near": "38,48"}, "near", "only one of"),
        ({"ordering": "title"}, "ordering", "Select a valid choice"),
        ({"q": "x" * 201}, "q", "at most 200"),
    ],
)
def test_bad_filter_values_get_a_400_naming_the_parameter(
    dataset, api_client, params, field, message
):
    response = api_client.get("/api/v1/events/", params)
    assert response.status_code == 400
    body = response.json()
    assert field in body
    assert message in " ".join(body[field])


def test_within_limits_vertices(dataset, api_client, settings):
    settings.WITHIN_MAX_VERTICES = 4
    response = api_client.get("/api/v1/events/", {"within": POLYGON_WKT})
    assert response.status_code == 400
    assert "more than 4 vertices" in response.json()["within"][0]


@pytest.mark.parametrize(
    ("ordering", "first_ids"),
    [
        (
            "earliest",
            EVENT.ids(
                "full-scale invasion", "Officer 'Stas' refuses to fight", "Elena Popova on why"
            ),
        ),
        ("-earliest", EVENT.ids("Putin denies", "partial mobilisation", "cellars and basements")),
    ],
)
def test_ordering(dataset, api_client, ordering, first_ids):
    response = api_client.get("/api/v1/events/", {"ordering": ordering})
    assert [item["id"] for item in response.json()["results"][:3]] == first_ids


def test_default_order_is_chronological_then_most_precise(dataset, api_client):
    results = api_client.get("/api/v1/events/", {"page_size": 100}).json()["results"]
    keys = [(item["earliest"], item["latest"]) for item in results]
    assert [item["earliest"] for item in results] == sorted(item["earliest"] for item in results)
    june = [item["id"] for item in results if item["earliest"] == "2022-06-01"]
    # A month, then June-July, then open-ended
    assert june == EVENT.ids(
        "Yuri refuses to keep fighting",
        "Two brigades record hundreds",
        "Yuri held in Perevalsk prison",
        "Wagner men take Yuri out",
        "Yuri phones his father",
        "moved one by one",
        "Maxime travels to Ukraine",
    )
    assert len(keys) == Event.objects.count()


def test_filters_never_widen_the_visibility_gate(dataset, api_client):
    Event.objects.filter(type="battle").update(visibility="restricted")
    assert ids(api_client, {"type": "battle"}) == []
    assert ids(api_client, {"visibility": "restricted"}) == []
