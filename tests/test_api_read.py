import pytest

from tests.dataset import EVENT, PLACE, SOURCE

IZIUM = EVENT["Battle of Izium"]
BURYATIA = EVENT["from Buryatia refuse to fight"]
STAS = EVENT["Officer 'Stas' refuses to fight"]


def test_events_list_shows_the_dataset(dataset, api_client):
    body = api_client.get("/api/v1/events/", {"page_size": 100}).json()
    by_id = {item["id"]: item for item in body["results"]}
    assert set(range(1, 15)) <= set(by_id)
    izium = by_id[IZIUM]
    assert izium["date"] == "2022-03-07/2022-04-01"
    assert (izium["earliest"], izium["latest"]) == ("2022-03-07", "2022-04-01")
    assert izium["place"] == {
        "id": PLACE["Izium"],
        "name": "Izium",
        "latitude": 49.20697,
        "longitude": 37.27679,
    }
    assert by_id[EVENT["First refusals to keep fighting"]]["place"] is None
    assert by_id[EVENT["Yuri refuses to keep fighting"]]["label"] == "June 2022"


def test_event_detail_nests_actors_citations_figures(dataset, api_client):
    body = api_client.get(f"/api/v1/events/{BURYATIA}/").json()
    assert {figure["claimed_by"] for figure in body["figures"]} == {
        "Free Buryatia Foundation",
        "Verstka",
    }
    assert body["citations"][0]["source_id"] == SOURCE["R4"]
    assert {actor["role"] for actor in body["actors"]} == {"claimant"}


def test_pseudonyms_are_marked(dataset, api_client):
    body = api_client.get(f"/api/v1/events/{STAS}/").json()
    stas = next(actor for actor in body["actors"] if actor["name"] == "Stas")
    assert stas["is_pseudonym"] is True


@pytest.mark.parametrize("resource", ["places", "sources", "actors"])
def test_other_resources_list_and_detail(dataset, api_client, resource):
    listing = api_client.get(f"/api/v1/{resource}/").json()
    assert listing["count"] > 0
    first = listing["results"][0]
    assert api_client.get(f"/api/v1/{resource}/{first['id']}/").json() == first


def test_places_nest_alternate_names(dataset, api_client):
    body = api_client.get(f"/api/v1/places/{PLACE['Kadiivka']}/").json()
    assert {"name": "Stakhanov", "kind": "former"}.items() <= next(
        n for n in body["names"] if n["name"] == "Stakhanov"
    ).items()


def test_restricted_events_do_not_reach_anonymous(dataset, api_client, reader_client):
    from timeline.models import Event

    Event.objects.filter(pk=STAS).update(visibility="restricted")
    assert api_client.get(f"/api/v1/events/{STAS}/").status_code == 404
    assert STAS not in [
        e["id"] for e in api_client.get("/api/v1/events/", {"page_size": 100}).json()["results"]
    ]
    assert reader_client.get(f"/api/v1/events/{STAS}/").status_code == 200


def test_anonymous_cannot_write(dataset, api_client):
    assert api_client.post("/api/v1/events/", {"title": "x"}).status_code in (401, 403, 405)
